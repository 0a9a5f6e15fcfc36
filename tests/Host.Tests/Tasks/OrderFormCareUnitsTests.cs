using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Tasks;

/// <summary>
/// The order form takes every care unit in one order: rows are added and removed with the form's own buttons (no
/// script), each row is checked where it stands, and an order of 25 care units goes all the way to the handover.
/// </summary>
public sealed class OrderFormCareUnitsTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private readonly PortalJourney _journey = new(fixture);

    private static (string Name, string Value)[] Unit(int row, int unit) =>
        [($"careUnits[{row}].hsaId", HsaIdOf(unit)), ($"careUnits[{row}].name", NameOf(unit))];

    private static string HsaIdOf(int unit) => $"SE2321000016-{unit:D2}VC";

    private static string NameOf(int unit) => $"Hälsocentralen nr {unit:D2}";

    [Fact]
    public async Task Rows_AddedAndRemovedWithoutScripts_KeepWhatWasTyped_AndSendNothing()
    {
        var (_, browser, url) = await _journey.OpenOrderFormAsync("212000801", "Radkommunen", "rad.test");
        using var _ = browser;
        var (_, html) = await browser.GetAsync(url);
        Assert.Contains("name=\"careUnits[0].hsaId\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"careUnits[1].hsaId\"", html, StringComparison.Ordinal);

        var (added, addedHtml) = await browser.PostFormAsync(url, html, [("serviceCode", "NPO"), .. Unit(0, 1), ("action", "add-unit")]);
        Assert.True(added.StatusCode == HttpStatusCode.OK, addedHtml);
        Assert.Contains("name=\"careUnits[1].hsaId\"", addedHtml, StringComparison.Ordinal);
        Assert.Contains($"value=\"{HsaIdOf(1)}\"", addedHtml, StringComparison.Ordinal);
        Assert.Contains("<option value=\"NPO\" selected", addedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("field-error", addedHtml, StringComparison.Ordinal);

        var (removed, removedHtml) = await browser.PostFormAsync(url, addedHtml,
            [.. Unit(0, 1), ("careUnits[1].hsaId", "SE2321000016-FEL"), ("careUnits[1].name", "Fel enhet"), .. Unit(2, 2), ("action", "remove-unit-1")]);
        Assert.True(removed.StatusCode == HttpStatusCode.OK, removedHtml);
        Assert.DoesNotContain("Fel enhet", removedHtml, StringComparison.Ordinal);
        Assert.Matches($"name=\"careUnits\\[1\\]\\.name\" value=\"{NameOf(2)}\"", removedHtml);
        Assert.DoesNotContain("name=\"careUnits[2].hsaId\"", removedHtml, StringComparison.Ordinal);

        // Still open: the buttons did not send the order.
        var (again, _) = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Rows_DuplicateAndMalformedHsaIds_RefusedAtTheirRow_InSwedish()
    {
        var (_, browser, url) = await _journey.OpenOrderFormAsync("212000802", "Dubblettkommunen", "dubblett.test");
        using var _ = browser;
        var (_, html) = await browser.GetAsync(url);
        var rows = Enumerable.Range(0, 11).SelectMany(i => i switch
        {
            4 => [("careUnits[4].hsaId", HsaIdOf(1).ToLowerInvariant()), ("careUnits[4].name", "Samma igen")],
            10 => [("careUnits[10].hsaId", "SE12-3"), ("careUnits[10].name", "Fel form")],
            _ => Unit(i, i + 1),
        });

        var (refused, refusedHtml) = await browser.PostFormAsync(url, html,
            [("serviceCode", "NPO"), ("offeringCode", "NPO-PRODUCENT"), .. rows, ("termsAccepted", "true"), ("action", "submit")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains($"id=\"f-careUnits-4--hsaId-error\">HSA-id {HsaIdOf(1).ToLowerInvariant()} finns redan med i beställningen (vårdenhet 1).", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"f-careUnits-10--hsaId-error\">HSA-id 'SE12-3' har fel form; det ska se ut som SE2321000016-15BK.", refusedHtml, StringComparison.Ordinal);
        Assert.Contains($"name=\"careUnits[9].name\" value=\"{NameOf(10)}\"", refusedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_With25CareUnits_PlacedThroughTheForm_ReviewedAttestedAndHandedOverWithEveryLine()
    {
        var (customer, browser, url) = await _journey.OpenOrderFormAsync("212000803", "Storregionen", "stor.test");
        using var signedIn = browser;
        var (_, html) = await browser.GetAsync(url);

        // The first rows through "Lägg till vårdenhet", as a person without scripts would.
        var typed = new List<(string Name, string Value)> { ("serviceCode", "NPO"), ("offeringCode", "NPO-PRODUCENT") };
        for (var row = 0; row < 3; row++)
        {
            typed.AddRange(Unit(row, row + 1));
            (_, html) = await browser.PostFormAsync(url, html, [.. typed, ("action", "add-unit")]);
            Assert.Contains($"name=\"careUnits[{row + 1}].hsaId\"", html, StringComparison.Ordinal);
        }
        // The rest as a browser posts them once the rows are there.
        for (var row = 3; row < 25; row++)
            typed.AddRange(Unit(row, row + 1));
        var (placed, placedHtml) = await browser.PostFormAsync(url, html, [.. typed, ("termsAccepted", "true"), ("action", "submit")]);
        Assert.True(placed.StatusCode == HttpStatusCode.OK, placedHtml);

        await using (var db = fixture.Host.Services.GetRequiredService<KundportalDbContextFactory>().CreateDbContext())
        {
            var order = await db.Orders.AsNoTracking().Include(o => o.Lines)
                .SingleAsync(o => db.Organisations.Any(g => g.Id == o.CustomerOrganisationId && g.OrganisationNumber == customer.Number));
            Assert.Equal(25, order.Lines.Count);
            Assert.Equal(Enumerable.Range(1, 25).Select(NameOf), order.Lines.OrderBy(l => l.ItemNumber).Select(l => l.CareUnitName));
        }

        // The agent's review shows the whole order: the service and offering by name, every care unit.
        using (var reviewer = await _journey.SignedInAsync(PortalJourney.AgentOrderer))
        {
            var (_, review) = await reviewer.GetAsync($"/tasks/{await fixture.Mail.TaskTokenAsync(PortalJourney.AgentOrderer, customer.Name)}");
            AssertWholeOrder(review);
        }
        await _journey.ReviewAsync(customer);

        await AttestWithSmsAsync(PortalJourney.AgentAttestant, customer.Name, "070-100 00 01");
        await AttestWithSmsAsync(customer.Attestant, "", "070-200 00 02");

        var handover = await fixture.Mail.WaitForMessageAsync(m => Mailbox.IsTo(m, PortalJourney.AgentCaseOfficer)
            && (m.Subject ?? "").Contains($"Påbörja teknisk anslutning: {customer.Name}", StringComparison.Ordinal), "the handover mail");
        Assert.All(Enumerable.Range(1, 25), unit => Assert.Contains(HsaIdOf(unit), handover.TextBody, StringComparison.Ordinal));
    }

    private static void AssertWholeOrder(string html)
    {
        Assert.Contains("Nationell patientöversikt (NPÖ)", html, StringComparison.Ordinal);
        Assert.Contains("NPÖ Producent", html, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(1, 25), unit => Assert.Contains($"{NameOf(unit)} ({HsaIdOf(unit)})", html, StringComparison.Ordinal));
        Assert.Equal(25, Regex.Count(html, "<dt>Artikel \\d+</dt>"));
    }

    private async Task AttestWithSmsAsync(string attestant, string about, string mobile)
    {
        var url = $"/tasks/{await fixture.Mail.TaskTokenAsync(attestant, about)}";
        using var browser = await _journey.SignedInAsync(attestant);
        var (_, form) = await browser.GetAsync(url);
        AssertWholeOrder(form);
        var (_, codePage) = await browser.PostFormAsync(url, form, ("decision", "Attested"), ("method", "SMS"), ("action", "submit"));
        var code = await _journey.SmsCodeAsync(mobile);
        var (attested, attestedHtml) = await browser.PostFormAsync(url, codePage, ("decision", "Attested"), ("method", "SMS"), ("code", code), ("action", "verify-sms"));
        Assert.True(attested.StatusCode == HttpStatusCode.OK, attestedHtml);
    }
}
