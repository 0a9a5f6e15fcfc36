using System.Globalization;
using System.Text;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>The plain-text shape of every Kundportal e-mail: greeting, what is asked, the link, its validity, signature.</summary>
public static class MailText
{
    private static readonly TimeZoneInfo Sweden =
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Stockholm", out var zone) ? zone : TimeZoneInfo.Utc;

    public static string Body(string? name, IEnumerable<string?> paragraphs, string? link = null, string? linkText = null, DateTimeOffset? validUntil = null, bool afterLogin = true)
    {
        var text = new StringBuilder();
        text.Append(string.IsNullOrWhiteSpace(name) ? "Hej!" : $"Hej {name}!").Append("\n\n");
        foreach (var paragraph in paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)))
            text.Append(paragraph).Append("\n\n");
        if (link is not null)
        {
            text.Append(linkText ?? "Öppna uppgiften").Append(":\n").Append(link).Append("\n\n");
            text.Append(afterLogin
                ? "Länken är personlig och öppnar uppgiften bara för dig efter inloggning."
                : "Länken är personlig. Du behöver inte logga in: du bekräftar med ditt eget BankID.");
            if (validUntil is { } until)
                text.Append(" Den gäller till ").Append(Date(until)).Append('.');
            text.Append("\n\n");
        }
        text.Append("Med vänliga hälsningar\nInera Kundportal\n\nDet här mejlet går inte att svara på.");
        return text.ToString();
    }

    /// <summary>Swedish local time, e.g. <c>2026-04-01 10:00</c>.</summary>
    public static string Date(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Sweden).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>An amount in whole kronor with a space as thousands separator: <c>15 000 kr</c>.</summary>
    public static string Money(decimal amount) =>
        amount.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ') + " kr";
}
