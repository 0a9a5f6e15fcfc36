using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>A running instance opened read-only: where it waits, the path it took, and its journal beside it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InstanceViewTests(BrowserFixture fixture)
{
    [Fact]
    public async Task WaitingInstance_ShowsCurrentStepPathTakenAndJournal()
    {
        var instanceId = await ReviewProcess.StartWaitingInstanceAsync(fixture.Host);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/designer/instances");
        // Instances started on the test's clock share their id's first characters: the link is found by its address.
        await page.Locator($"a[href='/designer/instances/{instanceId}']").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instans av Granskning" })).ToBeVisibleAsync();
        await Expect(DesignerPage.Node(page, "review").Locator(".activity-node.mark-current .node-mark")).ToHaveTextAsync("▶");
        await Expect(DesignerPage.Node(page, "start").Locator(".activity-node.mark-visited")).ToHaveCountAsync(1);
        await Expect(DesignerPage.Node(page, "note").Locator(".activity-node.mark-visited")).ToHaveCountAsync(1);
        await Expect(DesignerPage.Node(page, "end").Locator(".activity-node[class*=mark-]")).ToHaveCountAsync(0);
        await Expect(DesignerPage.Edge(page, "start", "Done", "note")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("edge-taken"));
        await Expect(DesignerPage.Edge(page, "note", "Done", "review")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("edge-taken"));
        await Expect(page.Locator(".react-flow__edge.edge-taken")).ToHaveCountAsync(2);
        await Expect(page.Locator(".legend")).ToContainTextAsync("Väntar vid: Granska beställningen");

        var journal = page.Locator(".journal");
        await Expect(journal).ToContainTextAsync("Instansen startade");
        await Expect(journal).ToContainTextAsync("Väntar (bokmärke skapat)");
        await Artifacts.ScreenshotAsync(page, "instance");

        // Read-only: nothing can be dragged, connected or edited here.
        await Expect(page.Locator(".react-flow__node.draggable")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publicera" })).ToHaveCountAsync(0);
        Assert.Empty(fixture.PageErrors[page]);
    }
}
