using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>Publishing asks for a comment, shows what changes and who runs on older versions, and moves them after a dry run.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PublishingTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Publish_WithCommentAndSummary_ThenMovesTheRunningOrderAfterADryRun(int width, int height)
    {
        var (definitionId, instanceId) = await ReviewProcess.StartWaitingAsync(fixture.Host);
        var page = await fixture.NewPageAsync(width, height);
        await page.GotoAsync($"/designer/definitions/{definitionId}");
        await DesignerPage.WaitUntilReadyAsync(page, activities: 4);

        // A change to publish: the log line's text.
        await DesignerPage.GoToActivityAsync(page, "Skriv i loggen", "note");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#input-note-text").FillAsync("Granskningen har börjat");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera…" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Publicera" });
        await Expect(dialog.GetByTestId("publish-change-count")).ToHaveTextAsync("Mot version 1: 1 ändring (1 ändrad).");
        await Expect(dialog).ToContainTextAsync("Ändrad aktivitet: Skriv i loggen");
        await Expect(dialog.GetByTestId("publish-running")).ToContainTextAsync("Version 1: 1 ärende");
        await Axe.AssertAccessibleAsync(page, $"publish dialog at {width} px", output);
        await dialog.GetByLabel("Kommentar till versionen (krävs)").FillAsync("Tydligare loggtext");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Publicera version" }).ClickAsync();

        var done = page.GetByRole(AriaRole.Dialog, new() { Name = "Version 2 är publicerad" });
        await Expect(done).ToContainTextAsync("1 ärende pågår på äldre versioner (version 1: 1)");
        await done.GetByRole(AriaRole.Button, new() { Name = "Provkör flytten" }).ClickAsync();
        await Expect(done.GetByTestId("migrate-dry-run")).ToContainTextAsync("Provkörning: 1 av 1 ärende kan flyttas till version 2.");
        using var staff = fixture.Host.Staff();
        Assert.Equal(1, await VersionOfAsync(staff, instanceId));
        await Axe.AssertAccessibleAsync(page, $"migration dry run at {width} px", output);

        await done.GetByRole(AriaRole.Button, new() { Name = "Flytta 1 ärende" }).ClickAsync();
        await Expect(done.GetByTestId("migrate-done")).ToHaveTextAsync("1 ärende flyttades till version 2.");
        // The counts are asked for again after the move; the dialog keeps showing what was moved.
        await Expect(done).ToContainTextAsync("Inga ärenden pågår på äldre versioner.");
        await Expect(done.GetByTestId("migrate-done")).ToHaveTextAsync("1 ärende flyttades till version 2.");
        Assert.Equal(2, await VersionOfAsync(staff, instanceId));
        var journal = (await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}/journal"))!["items"]!.AsArray();
        Assert.Contains(journal, e => (string?)e!["kind"] == "InstanceMigrated" && (string?)e["message"] == "Publicering av version 2: Tydligare loggtext");

        var published = (await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=2"))!;
        Assert.True((bool)published["isPublished"]!);
        Assert.Equal("Tydligare loggtext", (string?)published["customProperties"]!["versionComment"]);
        Assert.Empty(fixture.PageErrors[page]);
    }

    private static async Task<int> VersionOfAsync(HttpClient staff, string instanceId) =>
        (int)(await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}"))!["version"]!;
}
