using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Dev;
using Elsa.Kundportal.Host.Infrastructure;
using Elsa.Kundportal.Host.Portal;
using Elsa.Kundportal.Host.Tasks;
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

    private static async Task<IResult> Render(HttpContext context, KundportalSettings settings, IAntiforgery antiforgery, PortalNavigation navigation, MyTasks tasks)
    {
        var user = context.User.Identity is { IsAuthenticated: true, Name: var name } ? name : null;
        var links = await navigation.LinksAsync(context.User, context.RequestAborted);
        var signedIn = user is null
            ? settings.DevTools
                ? """<p>Du är inte inloggad. <a href="/login">Logga in</a> eller <a href="/dev/login">logga in som en demoperson</a>.</p>"""
                : """<p><a href="/login">Logga in</a> · <a href="/ansokan">Skicka in en kundansökan</a></p>"""
            : $"""<p>Inloggad som <strong>{HtmlPage.Encode(context.User.NameOf())}</strong> ({HtmlPage.Encode(user)}).</p>{await WaitingAsync(context, tasks)}<p>Allt du kan göra finns i menyn.</p>""";
        var mode = settings.IsEmbedded
            ? $"""<p class="meta">Läge: inbäddat. Data sparas i SQLite i <code>{HtmlPage.Encode(settings.DataFolder)}</code>; inget behöver installeras.</p>"""
            : """<p class="meta">Läge: drift (PostgreSQL).</p>""";
        var walkthrough = settings.DevTools
            ? $$"""
              <h2>Så går du igenom demon</h2>
              <ol>
                <li>Skicka in en <a href="/ansokan">kundansökan</a> för Region Exempel (organisationsnummer 232100-0016) med agenten Journalsystem AB.</li>
                <li><a href="/dev/login">Logga in som Ingrid Inera</a> (Inera handläggare) och granska ansökan i
                    <a href="/inera/ansokningar">kön</a>, eller via länken i utvecklingsbrevlådan.</li>
                <li>Följ länkarna i mejlen: firmatecknaren (med personnumret från ansökan) signerar utan inloggning med
                    BankID-simulatorn, administratören lägger upp Beställare
                    och Attestant under "Användare och roller", beställaren beställer, agenten granskar och attesterar, kundens
                    attestant attesterar (BankID eller SMS-kod, som också hamnar i brevlådan).</li>
                <li>Öppna <a href="/api-docs">API-sidan</a>: där listar och provar du arbetsflödesdefinitioner, aktivitetstyper,
                    instanser och journaler under <code>/elsa/api</code>.</li>
                <li>Allt som systemet skickar, e-post och SMS, hamnar i <a href="/dev/mailbox">utvecklingsbrevlådan</a>,
                    nyast först och med klickbara länkar.</li>
                <li>Bakgrundsjobben (timers, påminnelser, utskick och svepet som plockar upp allt som missats) syns i
                    <a href="/hangfire">Hangfire</a> (endast personal).</li>
              </ol>
              {{(settings.DemoData ? DemoPeople() : "")}}
              """
            : !context.User.IsInRole(Infrastructure.Authentication.KundportalRoles.Staff) ? ""
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
        return HtmlPage.Render(context, "Start", body, navigation: HtmlPage.Navigation(context, links, antiforgery));
    }

    /// <summary>How many tasks wait for the signed-in person, with the way to them.</summary>
    private static async Task<string> WaitingAsync(HttpContext context, MyTasks tasks)
    {
        var count = (await tasks.ListAsync(context.User.Email(), context.RequestAborted)).Count;
        var text = count switch { 0 => "Inga uppgifter väntar på dig", 1 => "1 uppgift väntar på dig", _ => $"{count} uppgifter väntar på dig" };
        return $"""<p><a href="{TaskAddress.OwnTasksPath}" id="start-tasks">Mina uppgifter</a>: {text}.</p>""";
    }

    // Only with the dev tools: the seeded people and their shared demo password.
    private static string DemoPeople() =>
        $"""
        <h2>Demopersoner</h2>
        <p>Alla demopersoner loggar in på <a href="/login">inloggningssidan</a> med lösenordet <code>{HtmlPage.Encode(Demo.DemoData.Password)}</code>.
        Personer som läggs upp under resans gång (kundens administratör, firmatecknare) väljer lösenord via
        "Första inloggningen eller glömt lösenordet?" på inloggningssidan (mejlet med länken hamnar i utvecklingsbrevlådan;
        den som läggs till på rollsidan får det av sig själv), eller loggar in via <a href="/dev/login">demoinloggningen</a>.</p>
        <table><thead><tr><th scope="col">Namn</th><th scope="col">E-post</th><th scope="col">Organisation</th><th scope="col">Roll</th></tr></thead><tbody>
        {string.Concat(Demo.DemoData.People.Select(p => $"<tr><td>{HtmlPage.Encode(p.Name)}</td><td>{HtmlPage.Encode(p.Email)}</td><td>{HtmlPage.Encode(p.Organisation)}</td><td>{HtmlPage.Encode(p.Roles)}</td></tr>"))}
        </tbody></table>
        """;
}
