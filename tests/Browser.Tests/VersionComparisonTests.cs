using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>Comparing the shipped versions 1 and 2 of kundportal-agent-order shows exactly their differences.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VersionComparisonTests(BrowserFixture fixture)
{
    // What the newer page version changed in the process (see the process description): the agent's roles are
    // required before ordering, an order needs a Handläggare agent for its service, and the customer's attestation
    // waits for the agent instead of running beside it.
    private static readonly string[] ExpectedChanges =
    [
        "changed|Beskrivning ändrad",
        "changed|Ändrad aktivitet: Kontrollera roller",
        "changed|Ändrad aktivitet: Beställning",
        "removed|Borttagen aktivitet: Agent och kund parallellt",
        "removed|Borttagen aktivitet: Båda har attesterat",
        "added|Tillagd koppling: Beställning (Placed) → Agenten granskar beställningen",
        "added|Tillagd koppling: Agentens attest (Attested) → Kundens attest",
        "added|Tillagd koppling: Kundens attest (Attested) → Teknisk anslutning",
        "removed|Borttagen koppling: Beställning (Placed) → Agent och kund parallellt",
        "removed|Borttagen koppling: Agent och kund parallellt (Agent) → Agenten granskar beställningen",
        "removed|Borttagen koppling: Agent och kund parallellt (Kund) → Kundens attest",
        "removed|Borttagen koppling: Agentens attest (Attested) → Båda har attesterat",
        "removed|Borttagen koppling: Kundens attest (Attested) → Båda har attesterat",
        "removed|Borttagen koppling: Båda har attesterat (Done) → Teknisk anslutning",
    ];

    [Fact]
    public async Task Versions1And2_ShowExactlyTheKnownDifferences_OnTheGraphAndAsAList()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/designer/");
        await page.Locator("section.definition-card", new() { Has = page.Locator("[id='def-kundportal-agent-order']") })
            .GetByRole(AriaRole.Link, new() { Name = "Jämför med 1 (version 1 och 2)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ändringar (14)" })).ToBeVisibleAsync();

        await Artifacts.ScreenshotAsync(page, "comparison");

        // The readable list.
        var items = page.Locator(".change");
        var actual = new List<string>();
        for (var i = 0; i < await items.CountAsync(); i++)
        {
            var item = items.Nth(i);
            actual.Add($"{await item.GetAttributeAsync("data-kind")}|{await item.Locator(".change-title").TextContentAsync()}");
        }
        Assert.Equal(ExpectedChanges.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        var roles = page.Locator(".change", new() { HasText = "Kontrollera roller" });
        await Expect(roles).ToContainTextAsync("Roller som krävs");
        await Expect(roles).ToContainTextAsync("Agent – tillagt: Handläggare agent, Attestant");
        await Expect(page.Locator(".change", new() { HasText = "Ändrad aktivitet: Beställning" })).ToContainTextAsync("Agenten måste ha Handläggare agent för tjänsten");
        await Expect(page.Locator(".changes-panel")).ToContainTextAsync("bara flyttats");

        // The graph: a colour and a symbol for each kind.
        await Expect(DesignerPage.Node(page, "fork").Locator(".activity-node.mark-removed .node-mark")).ToHaveTextAsync("−");
        await Expect(DesignerPage.Node(page, "join").Locator(".activity-node.mark-removed .node-mark")).ToHaveTextAsync("−");
        await Expect(DesignerPage.Node(page, "checkRoles").Locator(".activity-node.mark-changed .node-mark")).ToHaveTextAsync("~");
        await Expect(DesignerPage.Node(page, "placeOrder").Locator(".activity-node.mark-changed .node-mark")).ToHaveTextAsync("~");
        await Expect(page.Locator(".activity-node.mark-added")).ToHaveCountAsync(0);
        await Expect(page.Locator(".activity-node[class*=mark-]")).ToHaveCountAsync(4);
        await Expect(page.Locator(".react-flow__edge.edge-added")).ToHaveCountAsync(3);
        await Expect(page.Locator(".react-flow__edge.edge-removed")).ToHaveCountAsync(6);
        await Expect(DesignerPage.Edge(page, "placeOrder", "Placed", "agentReview")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("edge-added"));
        await Expect(DesignerPage.Edge(page, "join", "Done", "technicalHandover")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("edge-removed"));
        var legend = page.Locator(".legend");
        foreach (var text in new[] { "Tillagd aktivitet", "Borttagen aktivitet", "Ändrad aktivitet", "Tillagd koppling", "Borttagen koppling" })
            await Expect(legend).ToContainTextAsync(text);

        // Next and previous step through the same list, highlighting the change on the graph.
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Nästa ändring" });
        await next.ClickAsync();
        await next.ClickAsync();
        await Expect(page.GetByTestId("change-counter")).ToHaveTextAsync("Ändring 2 av 14");
        await Expect(page.Locator(".change.is-current .change-title")).ToHaveTextAsync("Ändrad aktivitet: Kontrollera roller");
        await Expect(DesignerPage.Node(page, "checkRoles").Locator(".activity-node.is-highlighted")).ToHaveCountAsync(1);
        await next.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Föregående ändring" }).ClickAsync();
        await Expect(page.GetByTestId("change-counter")).ToHaveTextAsync("Ändring 2 av 14");
        await page.Keyboard.PressAsync("n");
        await Expect(page.GetByTestId("change-counter")).ToHaveTextAsync("Ändring 3 av 14");
        await page.Locator(".change", new() { HasText = "Borttagen koppling: Båda har attesterat (Done)" }).GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator(".react-flow__edge.edge-highlight")).ToHaveCountAsync(1);

        await page.Locator(".change", new() { HasText = "Kontrollera roller" }).GetByRole(AriaRole.Button).ClickAsync();
        await Artifacts.ScreenshotAsync(page, "comparison-changed-activity");
        Assert.Empty(fixture.PageErrors[page]);
    }

    [Fact]
    public async Task SameVersionTwice_ShowsNoChanges()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/designer/definitions/kundportal-agent-order/compare?from=1&to=1");
        await Expect(page.GetByTestId("change-counter")).ToHaveTextAsync("Inga ändringar");
        await Expect(page.Locator(".activity-node[class*=mark-]")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Nästa ändring" })).ToBeDisabledAsync();
    }
}
