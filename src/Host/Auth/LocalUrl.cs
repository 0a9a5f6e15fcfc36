namespace Elsa.Kundportal.Host.Auth;

/// <summary>Only paths on this site, so a return address cannot send someone elsewhere.</summary>
public static class LocalUrl
{
    public static string OrStart(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
