using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Browser.Tests.Support;
using Elsa.Kundportal.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests.Studio;

/// <summary>
/// The real Elsa Studio 3.8.2 (npm @elsa-workflows/elsa-studio-wasm from the ClientApp lock file) served at /studio,
/// driven in Debian's Chromium against a host on PostgreSQL: it lists, opens, edits, saves, publishes and runs
/// kundportal-agent-order, and shows an instance. The host has a database of its own, so the version this test
/// publishes is seen by no other test.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StudioTests(BrowserFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string DefinitionId = "kundportal-agent-order";
    private DesignerHost _host = null!;

    public async Task InitializeAsync() => _host = DesignerHost.Start(await PostgresCluster.Shared.CreateDatabaseAsync("studio"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Studio_OpensEditsPublishesAndRunsTheAgentOrder_AndShowsAnInstance()
    {
        var staff = _host.Staff();
        var v2 = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Definitions, "kundportal-agent-order.v2.json")))!;
        var descriptors = (await SessionlessJsonAsync(staff, "/elsa/api/descriptors/activities"))["items"]!.AsArray()
            .ToDictionary(d => d!["typeName"]!.GetValue<string>(), d => d!);
        await using var studio = await StudioSession.SignInAsync(fixture.Browser, _host.BaseAddress);
        var page = studio.Page;

        // The definition list; choosing a row opens the editor (Studio's callback, our page's navigation).
        await page.GotoAsync("/studio/definitions");
        var row = page.Locator("tr", new() { HasText = DefinitionId });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = StudioSession.StartTimeoutMs });
        await Artifacts.ScreenshotAsync(page, "studio-definition-list");
        await row.Locator("td", new() { HasText = "Beställ tjänst via agent" }).ClickAsync();
        await page.WaitForURLAsync($"**/studio/definitions/{DefinitionId}");

        // Every activity of version 2 is on the canvas, each step with its outcomes as ports.
        await Expect(studio.Node("agentReview")).ToBeVisibleAsync(new() { Timeout = StudioSession.StartTimeoutMs });
        foreach (var activity in v2["root"]!["activities"]!.AsArray())
        {
            var id = activity!["id"]!.GetValue<string>();
            var type = activity["type"]!.GetValue<string>();
            await Expect(studio.Node(id)).ToHaveCountAsync(1);
            var ports = (await studio.Node(id).Locator(".x6-port-label").AllTextContentsAsync()).Where(t => t.Length > 0).ToList();
            var outcomes = descriptors[type]["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
            if (type.StartsWith("Kundportal.", StringComparison.Ordinal))
                Assert.Equal(outcomes, ports);
        }
        await Artifacts.ScreenshotAsync(page, "studio-editor");

        // Change an input of Kundportal.AgentReview in Studio's input panel and save the draft (version 3).
        await studio.SelectAsync("agentReview");
        var reminder = studio.Field("Första påminnelse efter");
        await Expect(reminder).ToHaveValueAsync("P3D");
        await reminder.FillAsync("P2D");
        await reminder.PressAsync("Tab");
        var saved = await studio.WaitForApiAsync("POST", "workflow-definitions", () => studio.SaveButton.ClickAsync());
        Assert.Equal(200, saved.Status);
        var draft = await SessionlessJsonAsync(staff, $"/elsa/api/workflow-definitions/by-definition-id/{DefinitionId}?versionOptions=Draft");
        Assert.Equal((3, false), (draft["version"]!.GetValue<int>(), draft["isPublished"]!.GetValue<bool>()));
        var agentReview = draft["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "agentReview")!;
        Assert.Equal("P2D", agentReview["firstReminderAfter"]!["expression"]!["value"]!.GetValue<string>());
        Assert.Equal(StudioSession.StaffEmail, draft["createdBy"]!.GetValue<string>());

        // Publish version 3 (Studio saves with publish: true).
        var published = await studio.WaitForApiAsync("POST", "workflow-definitions", () => studio.PublishButton.ClickAsync(),
            body => body is not null && JsonNode.Parse(body)?["publish"]?.GetValue<bool>() == true);
        Assert.Equal(200, published.Status);
        var v3 = await SessionlessJsonAsync(staff, $"/elsa/api/workflow-definitions/by-definition-id/{DefinitionId}?versionOptions=Published");
        Assert.Equal((3, StudioSession.StaffEmail), (v3["version"]!.GetValue<int>(), v3["publishedBy"]!.GetValue<string>()));
        await Artifacts.ScreenshotAsync(page, "studio-published");

        // Run it from Studio: the engine starts version 3 and names the person in the journal. Studio starts without
        // input, and the agent order needs an application, so that run stops at the application with an incident.
        var run = await studio.WaitForApiAsync("POST", $"workflow-definitions/{DefinitionId}/execute", () => studio.RunButton.ClickAsync());
        var runId = await run.HeaderValueAsync("x-elsa-workflow-instance-id");
        Assert.False(string.IsNullOrEmpty(runId));
        // Studio goes on to the run's view by itself; the page shows its instance viewer for that address.
        await page.WaitForURLAsync($"**/studio/workflows/instances/{runId}/view");
        await Expect(studio.Node("start")).ToBeVisibleAsync(new() { Timeout = StudioSession.StartTimeoutMs });
        var started = await SessionlessJsonAsync(staff, $"/elsa/api/workflow-instances/{runId}");
        Assert.Equal(3, started["version"]!.GetValue<int>());
        var journal = await SessionlessJsonAsync(staff, $"/elsa/api/workflow-instances/{runId}/journal");
        Assert.Contains(journal["items"]!.AsArray(), e => e!["actor"]?.GetValue<string>() == StudioSession.StaffEmail);
        // The step that met the missing application rolled back whole: what is left is its incident.
        Assert.Contains(journal["items"]!.AsArray(), e => e!["eventName"]?.GetValue<string>() == "Faulted");

        // An order with an application runs on version 3 as published from Studio and waits for Inera's approval.
        var order = await (await staff.PostAsJsonAsync("/api/kundportal/applications", new JsonObject
        {
            ["organisationNumber"] = Demo.CustomerNumber,
            ["agentOrganisationNumber"] = Demo.AgentNumber,
            ["application"] = new JsonObject
            {
                ["organisationName"] = "Region Exempel",
                ["administrator"] = Person("admin@region-exempel.test"),
                ["signatory"] = Signatory("firmatecknare@region-exempel.test"),
                ["agreementContact"] = Person("kontakt@region-exempel.test"),
            },
        })).Content.ReadFromJsonAsync<JsonObject>();
        var orderId = order!["instanceId"]!.GetValue<string>();
        var running = await SessionlessJsonAsync(staff, $"/elsa/api/workflow-instances/{orderId}");
        Assert.Equal((3, "Running", "Suspended"), (running["version"]!.GetValue<int>(), running["status"]!.GetValue<string>(), running["subStatus"]!.GetValue<string>()));

        // Studio's instance viewer shows it on its canvas.
        await page.GotoAsync($"/studio/instances/{orderId}");
        await Expect(studio.Node("approveApplication")).ToBeVisibleAsync(new() { Timeout = StudioSession.StartTimeoutMs });
        await Artifacts.ScreenshotAsync(page, "studio-instance");

        // Studio reached the API with the person's token only, and every answer it asked for was there.
        Assert.NotEmpty(studio.ApiRequests);
        Assert.All(studio.ApiRequests, r => Assert.StartsWith("Bearer ", r.Authorization ?? "", StringComparison.Ordinal));
        foreach (var failed in studio.FailedResponses)
            output.WriteLine($"Failed request: {failed}");
        foreach (var error in studio.ConsoleErrors)
            output.WriteLine($"Console error: {error}");
        Assert.Empty(studio.FailedResponses);
        Assert.Empty(studio.PageErrors);
        Assert.DoesNotContain(studio.ConsoleErrors, e => e.Contains("Unhandled exception", StringComparison.Ordinal));
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    private static JsonObject Person(string email) => new() { ["name"] = "Namn Namnsson", ["email"] = email, ["phone"] = "070-111 11 11" };

    private static JsonObject Signatory(string email)
    {
        var signatory = Person(email);
        signatory["personalNumber"] = Elsa.Kundportal.Testing.BankId.TestPersonalNumbers.Written(email);
        return signatory;
    }

    private static async Task<JsonObject> SessionlessJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}

/// <summary>The demo organisations the host seeds with its dev tools.</summary>
internal static class Demo
{
    public const string CustomerNumber = "2321000016";
    public static readonly string AgentNumber = "556677889" + OrganisationNumber.CheckDigit("556677889");
}
