using Elsa.Kundportal.Host.Dev;
using Elsa.Kundportal.Host.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;

namespace Elsa.Kundportal.Host.Pages;

/// <summary>The start page: what this is and how to walk through the demo.</summary>
internal static class StartPage
{
    public static IEndpointRouteBuilder MapStartPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Render).ExcludeFromDescription();
        return app;
    }

    private static IResult Render(HttpContext context, KundportalSettings settings, IAntiforgery antiforgery)
    {
        var user = context.User.Identity is { IsAuthenticated: true, Name: var name } ? name : null;
        var signedIn = user is null
            ? settings.DevTools ? """<p>Du är inte inloggad. <a href="/dev/login">Logga in som Inera-personal (demo)</a>.</p>""" : ""
            : $"""<p>Inloggad som <strong>{HtmlPage.Encode(user)}</strong>.</p>{(settings.DevTools ? DevLoginPage.LogoutForm(context, antiforgery) : "")}""";
        var mode = settings.IsEmbedded
            ? $"""<p class="meta">Läge: inbäddat. Data sparas i SQLite i <code>{HtmlPage.Encode(settings.DataFolder)}</code>; inget behöver installeras.</p>"""
            : """<p class="meta">Läge: drift (PostgreSQL).</p>""";
        var walkthrough = settings.DevTools
            ? """
              <h2>Så går du igenom demon</h2>
              <ol>
                <li><a href="/dev/login">Logga in som Inera-personal</a> (finns bara i utvecklingsläget).</li>
                <li>Öppna <a href="/api-docs">API-sidan</a>: där listar och provar du arbetsflödesdefinitioner, aktivitetstyper,
                    instanser och journaler under <code>/elsa/api</code>.</li>
                <li>Allt som systemet skickar, e-post och SMS, hamnar i <a href="/dev/mailbox">utvecklingsbrevlådan</a>,
                    nyast först och med klickbara länkar.</li>
                <li>Bakgrundsjobben (timers, påminnelser, utskick och svepet som plockar upp allt som missats) syns i
                    <a href="/hangfire">Hangfire</a> (endast personal).</li>
              </ol>
              <p>Kundansökan, beställning, uppgiftssidorna och inloggning med riktiga konton kommer i nästa steg.</p>
              """
            : """
              <h2>För personal</h2>
              <ul>
                <li><a href="/api-docs">API-sidan</a> för arbetsflödesmotorn (<code>/elsa/api</code>).</li>
                <li><a href="/hangfire">Hangfire</a>: bakgrundsjobb och utskick.</li>
              </ul>
              """;
        var body = $"""
            <h1>Inera Kundportal</h1>
            <p>Här beställer vårdgivare Ineras tjänster genom sitt systemombud (agent): kundansökan, Ineras godkännande,
            avtal, rollkontroll, beställning, granskning och attest hos agenten, attest hos kunden och till sist teknisk anslutning.
            Processen körs av en arbetsflödesmotor med Elsa 3-kompatibla definitioner, och varje steg skrivs i en journal:
            vem gjorde vad, när och med vilket utfall.</p>
            {signedIn}
            {walkthrough}
            {mode}
            """;
        return HtmlPage.Render(context, "Start", body);
    }
}
