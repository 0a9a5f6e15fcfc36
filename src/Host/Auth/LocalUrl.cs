namespace Elsa.Kundportal.Host.Auth;

/// <summary>Only paths on this site, so a return address cannot send someone elsewhere.</summary>
public static class LocalUrl
{
    /// <summary>
    /// <paramref name="url"/> when it is a path on this site (<c>/…</c>, not <c>//host</c> or <c>/\host</c>, with no
    /// control characters, which browsers drop and ASP.NET refuses to redirect to); otherwise the start page.
    /// </summary>
    public static string OrStart(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : "/";
}
