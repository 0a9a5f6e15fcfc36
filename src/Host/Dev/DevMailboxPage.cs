using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Host.Pages;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Dev;

/// <summary>Every e-mail and SMS the system has sent, newest first, with clickable links.</summary>
internal static partial class DevMailboxPage
{
    public const int Shown = 200;

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");
    private static readonly TimeZoneInfo Stockholm = FindStockholm();

    public static RouteGroupBuilder MapDevMailbox(this RouteGroupBuilder dev)
    {
        dev.MapGet("/mailbox", RenderAsync);
        return dev;
    }

    private static async Task<IResult> RenderAsync(HttpContext context, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var messages = await db.Outbox.AsNoTracking().OrderByDescending(m => m.CreatedAt).Take(Shown).ToListAsync(cancellationToken);
        var html = new StringBuilder();
        html.Append("<h1>Utvecklingsbrevlåda</h1>");
        html.Append("<p>Här hamnar all e-post och alla SMS som systemet skickar, nyast först. Sidan finns bara i utvecklingsläget. ");
        html.Append("<a href=\"/dev/mailbox\">Uppdatera</a></p>");
        if (messages.Count == 0)
            html.Append("<p>Inga meddelanden ännu.</p>");
        foreach (var message in messages)
            AppendMessage(html, message);
        return HtmlPage.Render(context, "Utvecklingsbrevlåda", html.ToString());
    }

    private static void AppendMessage(StringBuilder html, OutboxMessageRecord message)
    {
        var channel = message.Channel == OutboxChannels.Sms ? "SMS" : "E-post";
        var to = message.RecipientName is { Length: > 0 } name ? $"{name} <{message.Recipient}>" : message.Recipient;
        var status = message.Status switch
        {
            OutboxStatus.Sent => $"Levererat {Format(message.SentAt)}",
            OutboxStatus.Failed => "Misslyckades",
            _ => "Väntar på leverans",
        };
        html.Append("<article class=\"message\">");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"meta\"><span class=\"tag\">{channel}</span> {Format(message.CreatedAt)} · till {HtmlPage.Encode(to)} · {HtmlPage.Encode(status)}</div>");
        if (!string.IsNullOrWhiteSpace(message.Subject))
            html.Append(CultureInfo.InvariantCulture, $"<h2>{HtmlPage.Encode(message.Subject)}</h2>");
        html.Append("<pre>").Append(Linkify(message.Body)).Append("</pre>");
        html.Append("</article>");
    }

    /// <summary>Encodes the text and turns every http(s) address in it into a link.</summary>
    internal static string Linkify(string text)
    {
        var html = new StringBuilder();
        var last = 0;
        foreach (Match match in Url().Matches(text))
        {
            html.Append(HtmlPage.Encode(text[last..match.Index]));
            var url = HtmlPage.Encode(match.Value);
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"{url}\" rel=\"noreferrer\">{url}</a>");
            last = match.Index + match.Length;
        }
        html.Append(HtmlPage.Encode(text[last..]));
        return html.ToString();
    }

    private static string Format(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, Stockholm).ToString("yyyy-MM-dd HH:mm:ss", Swedish) : "";

    private static TimeZoneInfo FindStockholm()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    // Trailing punctuation usually ends the sentence, not the address.
    [GeneratedRegex(@"https?://[^\s<>""]+[^\s<>"".,;:!?)\]]")]
    private static partial Regex Url();
}
