using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Tasks;

/// <summary>
/// The order form offers what the order step will take: in version 2 only the services the agent has a Handläggare agent
/// for (the agent here has one for NPÖ only), in version 1 every service in the catalogue.
/// </summary>
public sealed class OrderFormTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private const string OnlyWithCaseOfficer = "Bara tjänster som agenten Journalsystem AB har en Handläggare agent för kan beställas.";
    private readonly PortalJourney _journey = new(fixture);

    [Fact]
    public async Task Version2_OffersOnlyServicesWithACaseOfficer_RefusesAnotherInSwedish_AndOffersItOnceTheAgentHasOne()
    {
        var (browser, url) = await OpenFormAsync("212000701", "Sjukhuskommunen", "sjukhus.test", version: 2);
        using var _ = browser;

        var (page, html) = await browser.GetAsync(url);
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("<option value=\"NPO\">Nationell patientöversikt (NPÖ)</option>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"NPO-PRODUCENT\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Personuppgiftstjänsten", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"JOURNALEN\">", html, StringComparison.Ordinal);
        Assert.Contains(OnlyWithCaseOfficer, html, StringComparison.Ordinal);

        // A service the form does not offer, sent anyway: refused next to the field, nothing ordered.
        var (refused, refusedHtml) = await browser.PostFormAsync(url, html,
            ("serviceCode", "PU"), ("offeringCode", "PU-ANSLUTNING"), ("termsAccepted", "true"), ("action", "submit"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("id=\"f-serviceCode-error\">Agenten Journalsystem AB har ingen Handläggare agent för Personuppgiftstjänsten och kan inte ta emot beställningen.",
            refusedHtml, StringComparison.Ordinal);

        // The agent's administrator adds a Handläggare agent for the service: the same link now offers it and takes the order.
        await _journey.PersonAsync(PortalJourney.AgentNumber, "handlaggare.pu@journalsystem.test", "Hugo Handläggare", KundportalRole.AgentCaseOfficer, "PU");
        var (_, again) = await browser.GetAsync(url);
        Assert.Contains("<option value=\"PU\">Personuppgiftstjänsten</option>", again, StringComparison.Ordinal);
        var (placed, placedHtml) = await browser.PostFormAsync(url, again,
            ("serviceCode", "PU"), ("offeringCode", "PU-ANSLUTNING"), ("termsAccepted", "true"), ("action", "submit"));
        Assert.True(placed.StatusCode == HttpStatusCode.OK, placedHtml);
    }

    [Fact]
    public async Task Version1_OffersEveryService_AndTakesOneWithoutACaseOfficer()
    {
        var (browser, url) = await OpenFormAsync("212000702", "Fjällkommunen", "fjall.test", version: 1);
        using var _ = browser;

        var (_, html) = await browser.GetAsync(url);
        Assert.Contains("<option value=\"NPO\">", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"JOURNALEN\">", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"PU\">Personuppgiftstjänsten</option>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(OnlyWithCaseOfficer, html, StringComparison.Ordinal);

        var (placed, placedHtml) = await browser.PostFormAsync(url, html,
            ("serviceCode", "JOURNALEN"), ("offeringCode", "JOURNALEN-PRODUCENT"),
            ("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr"), ("termsAccepted", "true"), ("action", "submit"));
        Assert.True(placed.StatusCode == HttpStatusCode.OK, placedHtml);
    }

    [Fact]
    public async Task Offerings_GroupedByService_AndAnOfferingOfAnotherServiceIsRefusedInSwedish()
    {
        var (browser, url) = await OpenFormAsync("212000703", "Älvkommunen", "alv.test", version: 1);
        using var _ = browser;

        var (_, html) = await browser.GetAsync(url);
        Assert.Matches("<optgroup label=\"Nationell patientöversikt \\(NPÖ\\)\">\\s*<option value=\"NPO-KONSUMENT\">NPÖ Konsument</option>\\s*<option value=\"NPO-PRODUCENT\">NPÖ Producent</option>\\s*</optgroup>", html);
        Assert.Matches("<optgroup label=\"Journalen\">\\s*<option value=\"JOURNALEN-PRODUCENT\">Journalen Producent</option>\\s*</optgroup>", html);

        var (refused, refusedHtml) = await browser.PostFormAsync(url, html, ("serviceCode", "NPO"), ("offeringCode", "JOURNALEN-PRODUCENT"),
            ("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr"), ("termsAccepted", "true"), ("action", "submit"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("id=\"f-offeringCode-error\">Erbjudandet Journalen Producent hör till tjänsten Journalen, inte till Nationell patientöversikt (NPÖ).",
            refusedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TermsAndPrice_TermsShownBeforeTheAcceptBox_FeeRuleOnce_AndTheChosenServicesFeeOnceOnReview_WithoutSending()
    {
        var (browser, url) = await OpenFormAsync("212000704", "Åkommunen", "a.test", version: 1);
        using var _ = browser;

        var (_, html) = await browser.GetAsync(url);
        var terms = html.IndexOf("Villkor för beställning", StringComparison.Ordinal);
        Assert.True(terms > 0, html);
        Assert.Contains("Beställningen gäller först när den har attesterats", html, StringComparison.Ordinal);
        Assert.True(terms < html.IndexOf("id=\"f-termsAccepted\"", StringComparison.Ordinal), "The terms come before the accept box.");
        Assert.DoesNotContain("Uppstartskostnad per tjänst", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "varje senare tilläggsbeställning"));
        Assert.Contains("<button type=\"submit\" name=\"action\" value=\"review\"", html, StringComparison.Ordinal);

        // "Granska beställningen" shows what this order costs: the chosen service's start-up fee, once; nothing is sent.
        var (reviewed, reviewedHtml) = await browser.PostFormAsync(url, html, ("serviceCode", "JOURNALEN"), ("offeringCode", "JOURNALEN-PRODUCENT"),
            ("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr"), ("action", "review"));
        Assert.True(reviewed.StatusCode == HttpStatusCode.OK, reviewedHtml);
        Assert.Contains("Sammanfattning och pris", reviewedHtml, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(reviewedHtml, "12 000 kr"));
        Assert.DoesNotContain("15 000 kr", reviewedHtml, StringComparison.Ordinal);
        Assert.Contains("första beställningen av Journalen", reviewedHtml, StringComparison.Ordinal);
        Assert.Contains("Journalen Producent", reviewedHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Vårdcentralen Norr\"", reviewedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"task-alert\"", reviewedHtml, StringComparison.Ordinal);

        var (placed, placedHtml) = await browser.PostFormAsync(url, reviewedHtml, ("serviceCode", "JOURNALEN"), ("offeringCode", "JOURNALEN-PRODUCENT"),
            ("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr"), ("termsAccepted", "true"), ("action", "submit"));
        Assert.True(placed.StatusCode == HttpStatusCode.OK, placedHtml);
        Assert.Contains("Beställningen är skickad", placedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_OfALaterOrderOfTheSameService_SaysItIsATilläggsbeställning_WithTheExtraFee()
    {
        var (customer, browser, url) = await _journey.OpenOrderFormAsync("212000705", "Tilläggskommunen", "tillagg.test");
        using var _ = browser;
        var (_, html) = await browser.GetAsync(url);
        var (placed, placedHtml) = await browser.PostFormAsync(url, html, ("serviceCode", "NPO"), ("offeringCode", "NPO-PRODUCENT"),
            ("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr"), ("termsAccepted", "true"), ("action", "submit"));
        Assert.True(placed.StatusCode == HttpStatusCode.OK, placedHtml);

        var started = await fixture.Host.Services.GetRequiredService<AgentOrderProcess>().StartAsync(
            new AgentOrderStart { OrganisationNumber = customer.Number, AgentOrganisationNumber = PortalJourney.AgentNumber }, customer.Orderer);
        Assert.True(started.Started, started.Message);
        var links = await fixture.Mail.WaitForAsync(m => m.Count(IsTaskLinkToOrderer) >= 2, "a second order form link");
        var second = $"/tasks/{Mailbox.TaskToken(links.Last(IsTaskLinkToOrderer).TextBody)}";
        var (_, form) = await browser.GetAsync(second);
        var (_, reviewed) = await browser.PostFormAsync(second, form, ("serviceCode", "NPO"), ("offeringCode", "NPO-PRODUCENT"), ("action", "review"));

        Assert.Contains("Det är en tilläggsbeställning, er beställning nummer 2 av Nationell patientöversikt (NPÖ): den kostar ytterligare en uppstartskostnad, " +
            "totalt 30 000 kr i uppstartskostnader för tjänsten.", reviewed, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(reviewed, "15 000 kr"));

        bool IsTaskLinkToOrderer(MimeKit.MimeMessage m) => Mailbox.IsTo(m, customer.Orderer) && Mailbox.TaskToken(m.TextBody) is not null;
    }

    private async Task<(PortalClient Browser, string Url)> OpenFormAsync(string nine, string name, string domain, int version)
    {
        var (_, browser, url) = await _journey.OpenOrderFormAsync(nine, name, domain, version);
        return (browser, url);
    }
}
