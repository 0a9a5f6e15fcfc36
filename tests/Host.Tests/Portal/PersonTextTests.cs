using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Elsa.Kundportal.Host.Tests.Portal;

/// <summary>
/// What people read during a whole order, over real HTTP and SMTP: every page the Beställare, the agent's Beställare and
/// both attestants see, and every e-mail to the order's people, names services and offerings by name (never by their
/// catalogue code) and has none of the English words that have leaked into Swedish texts before (outcome and role
/// names of the engine, generic English).
/// </summary>
public sealed partial class PersonTextTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    /// <summary>Words seen in Swedish texts before: the steps' outcomes, the roles' stored names, and generic English.</summary>
    private static readonly string[] EnglishLeaks =
    [
        "Proceed", "Rejected", "Approved", "Attested", "Cancelled", "Declined", "Signed", "Placed", "Expired", "RolesInPlace", "Done",
        "Orderer", "Administrator", "AgentCaseOfficer", "Signatory", "AgreementContact", "IneraCaseOfficer",
        "Submit", "Cancel", "Error", "Incident", "Workflow", "Activity", "Bookmark", "null", "undefined", "Task", "Step", "Order",
    ];

    private readonly PortalJourney _journey = new(fixture);
    private readonly List<(string Where, string Text)> _read = [];

    /// <param name="careUnit">An order of care units, or one of the offering alone (one line without a care unit).</param>
    [Theory]
    [InlineData("212000901", "Ett", "NPO", "NPO-PRODUCENT", true)]
    [InlineData("212000902", "Två", "PU", "PU-ANSLUTNING", false)]
    public async Task WholeOrder_PagesAndEmails_NameServicesAndOfferings_AndSpeakSwedish(string nine, string suffix, string service, string offering, bool careUnit)
    {
        await _journey.AgentAsync();
        await _journey.PersonAsync(PortalJourney.AgentNumber, "pu@journalsystem.test", "Petra Personuppgift", Activities.Domain.KundportalRole.AgentCaseOfficer, "PU");
        var customer = await _journey.CustomerAsync(nine, $"Språkkommunen {suffix}", $"sprak{nine}.test");
        var started = await fixture.Host.Services.GetRequiredService<AgentOrderProcess>().StartAsync(
            new AgentOrderStart { OrganisationNumber = customer.Number, AgentOrganisationNumber = PortalJourney.AgentNumber }, customer.Orderer);
        Assert.True(started.Started, started.Message);

        (string, string)[] units = careUnit ? [("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr")] : [];
        await AnswerAsync(customer.Orderer, "", [("serviceCode", service), ("offeringCode", offering), .. units, ("termsAccepted", "true")]);
        await AnswerAsync(PortalJourney.AgentOrderer, customer.Name, ("decision", "Proceed"), ("termsAccepted", "true"),
            ("invoicing.organisationNumber", "556677-8899"), ("invoicing.reference", "Kst 4711"), ("invoicing.address", "Box 1, 111 11 Stockholm"),
            ("attestantEmail", PortalJourney.AgentAttestant));
        await AttestWithSmsAsync(PortalJourney.AgentAttestant, "070-100 00 01", customer.Name);
        await AttestWithSmsAsync(customer.Attestant, "070-200 00 02", "att attestera");
        await fixture.Mail.WaitForMessageAsync(m => Mailbox.IsTo(m, careUnit ? PortalJourney.AgentCaseOfficer : "pu@journalsystem.test") && (m.Subject ?? "").Contains($"Påbörja teknisk anslutning: {customer.Name}", StringComparison.Ordinal),
            "the handover e-mail");

        // The order as the customer and the agent follow it afterwards.
        using (var orderer = await _journey.SignedInAsync(customer.Orderer))
        {
            var list = await Read(orderer, $"/organisation/{customer.Number}/bestallningar");
            await Read(orderer, $"/organisation/{customer.Number}/bestallningar/{CaseNumber().Match(list).Groups[1].Value}");
            await Read(orderer, "/uppgifter");
        }
        using (var agent = await _journey.SignedInAsync(PortalJourney.AgentOrderer))
            await Read(agent, $"/organisation/{PortalJourney.AgentNumber}/agentuppdrag/bestallningar");

        var people = new[] { customer.Orderer, customer.Attestant, customer.Admin, PortalJourney.AgentOrderer, PortalJourney.AgentAttestant, PortalJourney.AgentCaseOfficer, "pu@journalsystem.test" };
        foreach (var mail in fixture.Mail.Messages.Where(m => people.Any(p => Mailbox.IsTo(m, p)) && Mentions(m, customer.Name)))
            _read.Add(($"e-mail '{mail.Subject}' to {string.Join(", ", mail.To)}", $"{mail.Subject}\n{mail.TextBody}\n{Visible(mail.HtmlBody ?? "")}"));
        Assert.Contains(_read, r => r.Where.StartsWith("e-mail", StringComparison.Ordinal));

        string[] codes;
        await using (var db = fixture.Host.Services.GetRequiredService<KundportalDbContextFactory>().CreateDbContext())
            codes = [.. await db.Services.Select(s => s.Code).ToListAsync(), .. await db.Offerings.Select(o => o.Code).ToListAsync()];
        var found = _read
            .SelectMany(r => codes.Concat(EnglishLeaks).Where(word => Regex.IsMatch(r.Text, $@"(?<![\p{{L}}\d-]){Regex.Escape(word)}(?![\p{{L}}\d-])"))
                .Select(word => $"'{word}' in {r.Where}: …{Around(r.Text, word)}…"))
            .ToList();
        Assert.True(found.Count == 0, "Codes or English where people read:\n" + string.Join("\n", found));
    }

    private async Task AnswerAsync(string email, string about, params (string Name, string Value)[] fields)
    {
        var url = $"/tasks/{await fixture.Mail.TaskTokenAsync(email, about)}";
        using var browser = await _journey.SignedInAsync(email);
        var form = await Read(browser, url);
        var (response, html) = await browser.PostFormAsync(url, form, [.. fields, ("action", "submit")]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        _read.Add(($"the answer page of {url}", Visible(html)));
    }

    private async Task AttestWithSmsAsync(string email, string mobile, string about)
    {
        var url = $"/tasks/{await fixture.Mail.TaskTokenAsync(email, about)}";
        using var browser = await _journey.SignedInAsync(email);
        var form = await Read(browser, url);
        // The newest SMS to the number is this one's (the agent's attestant gets one per order of the class).
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var (_, codePage) = await browser.PostFormAsync(url, form, ("decision", "Attested"), ("method", "SMS"), ("action", "submit"));
        _read.Add(($"the code page of {url}", Visible(codePage)));
        var (response, html) = await browser.PostFormAsync(url, codePage,
            ("decision", "Attested"), ("method", "SMS"), ("code", await _journey.SmsCodeAsync(mobile)), ("action", "verify-sms"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        _read.Add(($"the answer page of {url}", Visible(html)));
    }

    /// <summary>Opens a page, keeps what a person reads on it, and returns its HTML.</summary>
    private async Task<string> Read(PortalClient browser, string url)
    {
        var (response, html) = await browser.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        _read.Add((url, Visible(html)));
        return html;
    }

    private static bool Mentions(MimeMessage message, string text) =>
        (message.Subject ?? "").Contains(text, StringComparison.Ordinal) || (message.TextBody ?? "").Contains(text, StringComparison.Ordinal);

    /// <summary>The text of an HTML document as a person reads it: no markup, attributes, scripts or styles.</summary>
    private static string Visible(string html) =>
        WebUtility.HtmlDecode(Tags().Replace(Hidden().Replace(html, " "), " "));

    private static string Around(string text, string word)
    {
        var at = text.IndexOf(word, StringComparison.Ordinal);
        return text.Substring(Math.Max(0, at - 60), Math.Min(text.Length - Math.Max(0, at - 60), word.Length + 120)).ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"<(script|style)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@">(CS\d+)<")]
    private static partial Regex CaseNumber();
}
