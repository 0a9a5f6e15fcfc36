using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>Export and import of Elsa 3 JSON from the designer's definition list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportExportTests(BrowserFixture fixture)
{
    // Fields the store owns (they never make two definitions differ).
    // The store's fields, and what Elsa's API adds to a definition it answers (links, materializer, who and when).
    private static readonly string[] StoreOwned = ["$schema", "id", "version", "isLatest", "isPublished", "createdAt", "publishedAt", "toolVersion",
        "links", "materializerName", "createdBy", "publishedBy"];

    [Fact]
    public async Task ExportedFile_ImportedAgain_GivesTheSameDefinitionBack()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/designer/");
        var download = await page.RunAndWaitForDownloadAsync(() => Card(page, "kundportal-agent-order").GetByRole(AriaRole.Button, new() { Name = "Exportera version 1" }).ClickAsync());
        Assert.Equal("kundportal-agent-order-v1.json", download.SuggestedFilename);
        var folder = Directory.CreateTempSubdirectory("designer-export-").FullName;
        var exportedPath = Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(exportedPath);
        var exported = JsonNode.Parse(await File.ReadAllTextAsync(exportedPath))!.AsObject();

        // The same file again changes nothing: the designer says which version has that content and opens it.
        using var staff = fixture.Host.Staff();
        var versionsBefore = await CountVersionsAsync(staff, "kundportal-agent-order");
        await page.Locator("#import-file").SetInputFilesAsync(exportedPath);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "finns redan som version 1" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/designer/definitions/kundportal-agent-order\\?version=1$"));
        await DesignerPage.WaitUntilReadyAsync(page, activities: 17);
        Assert.Equal(versionsBefore, await CountVersionsAsync(staff, "kundportal-agent-order"));

        // Under a new definition id (as when moving a process to another environment) it becomes a definition of its own,
        // and reading it back through the API gives exactly what was exported.
        var copyId = $"agent-order-copy-{Guid.NewGuid():N}"[..28];
        var copy = exported.DeepClone().AsObject();
        copy["definitionId"] = copyId;
        var copyPath = Path.Combine(folder, copyId + ".json");
        await File.WriteAllTextAsync(copyPath, copy.ToJsonString());
        await page.GotoAsync("/designer/");
        await page.Locator("#import-file").SetInputFilesAsync(copyPath);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/designer/definitions/{copyId}\\?version=1$"));
        await DesignerPage.WaitUntilReadyAsync(page, activities: 17);

        var stored = (await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{copyId}?versionOptions=1"))!;
        Assert.True((bool)stored["isPublished"]!, "An exported published version imports as published.");
        Assert.True(JsonNode.DeepEquals(Content(copy), Content(stored)), $"Imported:\n{Content(stored)}\nExported:\n{Content(copy)}");

        // The designer's own export of the imported definition is the same file again.
        await page.GotoAsync("/designer/");
        var again = await page.RunAndWaitForDownloadAsync(() =>
            Card(page, copyId).GetByRole(AriaRole.Button, new() { Name = "Exportera version 1" }).ClickAsync());
        var againPath = Path.Combine(folder, "again.json");
        await again.SaveAsAsync(againPath);
        Assert.True(JsonNode.DeepEquals(Content(copy), Content(JsonNode.Parse(await File.ReadAllTextAsync(againPath))!.AsObject())));

        // Retracting the imported version stops it from being published; it stays listed, marked as retracted.
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await Card(page, copyId).GetByRole(AriaRole.Button, new() { Name = "Dra tillbaka version 1" }).ClickAsync();
        await Expect(Card(page, copyId).Locator("tr[data-version='1']")).ToContainTextAsync("Indragen");
        var retracted = (await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/{copyId}/versions"))!["items"]!.AsArray().Single()!;
        Assert.False((bool)retracted["isPublished"]!);
        Assert.Empty(fixture.PageErrors[page]);
    }

    private static ILocator Card(IPage page, string definitionId) => page.Locator("section.definition-card", new() { Has = page.Locator($"[id='def-{definitionId}']") });

    private static JsonObject Content(JsonObject definition)
    {
        var content = definition.DeepClone().AsObject();
        foreach (var field in StoreOwned)
            content.Remove(field);
        return content;
    }

    private static async Task<int> CountVersionsAsync(HttpClient staff, string definitionId) =>
        (await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/{definitionId}/versions"))!["items"]!.AsArray().Count;
}
