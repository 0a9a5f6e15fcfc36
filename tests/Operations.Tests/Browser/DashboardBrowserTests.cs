using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Elsa.Kundportal.Operations.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.Playwright;

namespace Elsa.Kundportal.Operations.Tests.Browser;

/// <summary>What an operator does in the dashboard, in a real browser, and an accessibility scan of every page.</summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private Scenario Scenario => fixture.Operations.Scenario;

    [Fact]
    public async Task Operator_FindsAStuckOrderByOrganisation_ResendsTheLink_AndTheOldLinkIsRefused()
    {
        var customer = await Scenario.CustomerAsync("Norrtälje testkommun");
        var id = await Scenario.StartAsync(customer);
        var oldToken = await Scenario.LinkAsync(customer.Orderer);
        var page = await fixture.OperatorPageAsync();

        await page.GotoAsync("/drift/instanser");
        await page.GetByLabel("Organisation (namn eller organisationsnummer)").FillAsync("norrtälje");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrera" }).ClickAsync();
        await page.Locator($"a[href='/drift/instanser/{id}']").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Ärende");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(customer.Orderer);

        await page.GetByLabel("Anledning").First.FillAsync("Kunden hittar inte mejlet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka ny länk" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("En ny länk skickades");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("Ny länk skickad");
        var old = await Scenario.Runtime.ResumeAsync(BookmarkAddress.ByToken(oldToken), new ResumeRequest(customer.Orderer));
        Assert.Equal(ResumeOutcome.AlreadyHandled, old.Outcome);
        Assert.Equal(2, (await Scenario.LinksAsync(customer.Orderer)).Count);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "dashboard-instance.png"), FullPage = true });
    }

    [Fact]
    public async Task Operator_ReplacesTheLinkOfATaskAddressedToNoOne_AndSeesTheNewTokenOnlyOnce()
    {
        var (id, oldToken) = await Scenario.MachineTaskAsync();
        var page = await fixture.OperatorPageAsync();

        await page.GotoAsync($"/drift/instanser/{id}");
        await page.GetByLabel("Anledning").First.FillAsync("Systemet tappade svaret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ta fram ny länk" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ingen mottagare");
        var newToken = (await page.Locator("#new-token").TextContentAsync())?.Trim();
        Assert.False(string.IsNullOrEmpty(newToken));
        Assert.Equal(ResumeOutcome.AlreadyHandled, (await Scenario.Runtime.ResumeAsync(BookmarkAddress.ByToken(oldToken), new ResumeRequest("maskin"))).Outcome);

        await page.GotoAsync($"/drift/instanser/{id}");
        Assert.DoesNotContain(newToken!, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(ResumeOutcome.Resumed, (await Scenario.Runtime.ResumeAsync(BookmarkAddress.ByToken(newToken!), new ResumeRequest("maskin"))).Outcome);
    }

    [Fact]
    public async Task Operator_RetriesAnIncident()
    {
        var (id, _) = await Scenario.StartApplicationWithoutIneraOfficerAsync("Incidentstaden");
        await Scenario.AssignIneraOfficerAsync();
        var page = await fixture.OperatorPageAsync();

        await page.GotoAsync("/drift/instanser?attention=faulted");
        await page.Locator($"a[href='/drift/instanser/{id}']").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Öppen");
        await page.GetByLabel("Anledning till att försöka igen").FillAsync("Inera har nu en handläggare");
        await page.GetByRole(AriaRole.Button, new() { Name = "Försök igen" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Steget kördes igen");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("Inera har nu en handläggare");
        Assert.NotEqual(WorkflowSubStatus.Faulted, (await Scenario.InstanceAsync(id)).SubStatus);
    }

    [Fact]
    public async Task BulkCancel_NothingChosenBeforehand_ShowsTheCount_AndActsOnlyOnTheConfirmedNumber()
    {
        var ids = new List<Guid>();
        foreach (var name in new[] { "Massåtgärdsby Ett", "Massåtgärdsby Två" })
            ids.Add(await Scenario.StartAsync(await Scenario.CustomerAsync(name)));
        var page = await fixture.OperatorPageAsync();
        await page.GotoAsync("/drift/instanser?organisation=Massåtgärdsby");
        var bulk = page.Locator("#bulk");

        // No action is chosen for the operator; sending without one says so and does nothing.
        await Assertions.Expect(bulk.GetByRole(AriaRole.Radio).First).Not.ToBeCheckedAsync();
        await Assertions.Expect(bulk.GetByRole(AriaRole.Radio).Last).Not.ToBeCheckedAsync();
        await bulk.GetByLabel("Anledning").FillAsync("Dubbletter från en testkörning");
        await bulk.GetByRole(AriaRole.Button, new() { Name = "Granska åtgärden" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Välj en åtgärd");

        // The count first; a case that joins the selection meanwhile asks again instead of being cancelled unseen.
        await bulk.GetByLabel("Avbryt ärendena").CheckAsync();
        await bulk.GetByLabel("Anledning").FillAsync("Dubbletter från en testkörning");
        await bulk.GetByRole(AriaRole.Button, new() { Name = "Granska åtgärden" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-summary")).ToContainTextAsync("Avbryt 2 ärenden");
        foreach (var id in ids)
            Assert.Equal(WorkflowStatus.Running, (await Scenario.InstanceAsync(id)).Status);
        ids.Add(await Scenario.StartAsync(await Scenario.CustomerAsync("Massåtgärdsby Tre")));
        await bulk.GetByRole(AriaRole.Button, new() { Name = "Avbryt 2 ärenden" }).ClickAsync();
        await Assertions.Expect(bulk.GetByRole(AriaRole.Alert)).ToContainTextAsync("Urvalet har ändrats");
        await Assertions.Expect(page.Locator("#bulk-summary")).ToContainTextAsync("Avbryt 3 ärenden");
        foreach (var id in ids)
            Assert.Equal(WorkflowStatus.Running, (await Scenario.InstanceAsync(id)).Status);

        await bulk.GetByRole(AriaRole.Button, new() { Name = "Avbryt 3 ärenden" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 av 3 ärenden åtgärdades");
        foreach (var id in ids)
            Assert.Equal(WorkflowSubStatus.Cancelled, (await Scenario.InstanceAsync(id)).SubStatus);
    }

    [Fact]
    public async Task Operator_CancelsWithAReason_AndSeesItInTheTimeline()
    {
        var customer = await Scenario.CustomerAsync("Avbrottsby");
        var id = await Scenario.StartAsync(customer);
        var page = await fixture.OperatorPageAsync();

        await page.GotoAsync($"/drift/instanser/{id}");
        await page.GetByLabel("Anledning", new() { Exact = true }).Last.FillAsync("Beställdes av misstag");
        await page.GetByRole(AriaRole.Button, new() { Name = "Avbryt ärendet" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ärendet avbröts");
        var timeline = page.Locator(".timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("Avbruten");
        await Assertions.Expect(timeline).ToContainTextAsync("Beställdes av misstag");
        await Assertions.Expect(timeline).ToContainTextAsync(OperationsHost.OperationsActor);
        Assert.Equal(WorkflowSubStatus.Cancelled, (await Scenario.InstanceAsync(id)).SubStatus);
    }

    [Fact]
    public async Task Overview_IsCapturedAsAScreenshot_AndEveryDashboardPagePassesAnAxeScan()
    {
        var customer = await Scenario.CustomerAsync("Tillgänglighetsköping");
        var id = await Scenario.StartAsync(customer);
        await Scenario.StartAsync(customer, version: 1);
        var page = await fixture.OperatorPageAsync();

        await page.GotoAsync("/drift");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Drift: översikt" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "dashboard-overview.png"), FullPage = true });

        var problems = new List<string>();
        foreach (var path in new[] { "/drift", "/drift/instanser", $"/drift/instanser?organisation={customer.Number}", $"/drift/instanser/{id}", "/drift/gallring" })
        {
            await page.GotoAsync(path);
            var result = await page.RunAxe();
            problems.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
