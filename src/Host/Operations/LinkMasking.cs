using System.Text.RegularExpressions;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>
/// Hides the capabilities in a message's text before operations see it: the token of a task link
/// (<c>/tasks/{token}</c>) and of a password link (<c>token=…</c>). The rest of the text, the address included, stays.
/// </summary>
internal static partial class LinkMasking
{
    public const string Hidden = "(dold)";

    public static string Mask(string text) =>
        PasswordToken().Replace(TaskToken().Replace(text, "/tasks/" + Hidden), "token=" + Hidden);

    [GeneratedRegex(@"/tasks/[A-Za-z0-9_\-]+")]
    private static partial Regex TaskToken();

    [GeneratedRegex(@"token=[^&\s]+")]
    private static partial Regex PasswordToken();
}
