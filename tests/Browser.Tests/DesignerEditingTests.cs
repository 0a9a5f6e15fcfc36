using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>Staff edit version 2 of the shipped process in the browser, by mouse and by keyboard, and publish it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DesignerEditingTests(BrowserFixture fixture)
{
    private const string DefinitionId = "kundportal-agent-order";

    [Fact]
    public async Task Version2_AddConnectSetInputFixAndPublish_NewVersionIsInTheApi()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/designer/");
        await page.Locator("section.definition-card", new() { Has = page.Locator($"[id='def-{DefinitionId}']") })
            .GetByRole(AriaRole.Link, new() { Name = "Öppna version 2" }).ClickAsync();
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        await Expect(page.Locator("#version-select")).ToHaveValueAsync("2");

        // Take out the connection Teknisk anslutning → Klar by keyboard: select the activity, E until that connection, Delete.
        await DesignerPage.GoToActivityAsync(page, "Teknisk anslutning", "technicalHandover");
        await DesignerPage.SelectConnectionAsync(page, "Teknisk anslutning (Done) till Klar");
        await page.Keyboard.PressAsync("Delete");
        await Expect(DesignerPage.Edge(page, "technicalHandover", "Done", "end")).ToHaveCountAsync(0);

        // Add a Delay from the searchable palette; it is selected and has keyboard focus.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Sök aktivitet" }).FillAsync("delay");
        await page.GetByRole(AriaRole.Option, new() { Name = "Delay" }).ClickAsync();
        await Expect(DesignerPage.Node(page, "delay")).ToBeFocusedAsync();

        // Connect it without the mouse: K, choose the port, type the target, Enter.
        await page.Keyboard.PressAsync("k");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Ny koppling från Delay" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("Klar");
        await page.Keyboard.PressAsync("Enter");
        await Expect(DesignerPage.Edge(page, "delay", "Done", "end")).ToHaveCountAsync(1);

        // And one with the mouse: show everything, then drag Teknisk anslutning's Done port onto the Delay.
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa hela arbetsflödet" }).ClickAsync();
        await DesignerPage.Handle(page, "technicalHandover", "Done").DragToAsync(DesignerPage.Handle(page, "delay", "In"));
        await Expect(DesignerPage.Edge(page, "technicalHandover", "Done", "delay")).ToHaveCountAsync(1);

        // A duration the engine cannot read: the server's error shows on the node, on the input and in the problems list.
        await DesignerPage.Node(page, "delay").ClickAsync();
        var timeSpan = page.Locator("#input-delay-timeSpan");
        await timeSpan.FillAsync("tre dagar");
        var problem = page.Locator("button.problem[data-activity=delay][data-input=timeSpan]");
        await Expect(problem).ToHaveCountAsync(1);
        await Expect(problem).ToContainTextAsync("expects TimeSpan");
        await Expect(DesignerPage.Node(page, "delay").Locator(".node-errors")).ToHaveTextAsync("⚠ 1");
        await Expect(timeSpan).ToHaveAttributeAsync("aria-invalid", "true");

        // Choosing the problem selects the activity and its input.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Variabler" }).ClickAsync();
        await problem.ClickAsync();
        await Expect(page.Locator("#input-delay-timeSpan")).ToBeFocusedAsync();

        // Publishing is refused while the error remains, and nothing new is stored.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Publiceringen nekades");
        using var staff = fixture.Host.Staff();
        var before = await VersionsAsync(staff);
        Assert.DoesNotContain(before, v => v.Version > 2);

        await timeSpan.FillAsync("P3D");
        await Expect(page.Locator("button.problem")).ToHaveCountAsync(0);
        // Choosing an amount writes the duration as Elsa writes one (d.hh:mm:ss); ISO 8601 typed in is read too.
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Antal" }).FillAsync("2");
        await Expect(timeSpan).ToHaveValueAsync("2.00:00:00");
        await Expect(DesignerPage.Node(page, "delay").Locator(".node-errors")).ToHaveCountAsync(0);
        await Artifacts.ScreenshotAsync(page, "designer");

        // A workflow variable, added in the side panel.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Variabler" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Ny variabel" }).ClickAsync();
        var name = page.GetByRole(AriaRole.Textbox, new() { Name = "Namn" }).Last;
        await Expect(name).ToBeFocusedAsync();
        await name.FillAsync("Granskare");

        // Publishing asks for a comment and shows what changes against the published version 2.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera…" }).ClickAsync();
        var publish = page.GetByRole(AriaRole.Dialog, new() { Name = "Publicera" });
        await Expect(publish.GetByTestId("publish-change-count")).ToContainTextAsync("Mot version 2: ");
        await Expect(publish).ToContainTextAsync("Tillagd aktivitet: Delay");
        await Expect(publish).ToContainTextAsync("Borttagen koppling: Teknisk anslutning (Done) → Klar");
        await publish.GetByRole(AriaRole.Button, new() { Name = "Publicera version" }).ClickAsync();
        await Expect(publish.GetByText("Skriv vad versionen ändrar och varför.")).ToBeVisibleAsync();
        await publish.GetByLabel("Kommentar till versionen (krävs)").FillAsync("Väntetid innan den tekniska anslutningen avslutas");
        await publish.GetByRole(AriaRole.Button, new() { Name = "Publicera version" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Version 3 är publicerad" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "är publicerad" }).First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stäng" }).ClickAsync();

        // The API has the new version, published and latest, with exactly the edits made.
        var versions = await VersionsAsync(staff);
        var newest = versions.MaxBy(v => v.Version)!;
        Assert.True(newest.Version > 2, $"Expected a version after 2, got {newest.Version}.");
        Assert.True(newest.IsPublished && newest.IsLatest);
        Assert.All(versions.Where(v => v.Version <= 2), v => Assert.True(v.IsPublished));

        var json = (await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{DefinitionId}?versionOptions={newest.Version}"))!;
        var activities = json["root"]!["activities"]!.AsArray();
        var delay = activities.Single(a => (string?)a!["id"] == "delay")!;
        Assert.Equal("Elsa.Delay", (string?)delay["type"]);
        Assert.Equal("2.00:00:00", (string?)delay["timeSpan"]!["expression"]!["value"]);
        var connections = json["root"]!["connections"]!.AsArray().Select(c => $"{c!["source"]!["activity"]}:{c["source"]!["port"]}->{c["target"]!["activity"]}").ToList();
        Assert.Contains("technicalHandover:Done->delay", connections);
        Assert.Contains("delay:Done->end", connections);
        Assert.DoesNotContain("technicalHandover:Done->end", connections);
        Assert.Equal(16, activities.Count);
        Assert.Contains(json["variables"]!.AsArray(), v => (string?)v!["name"] == "Granskare" && (string?)v["typeName"] == "String");
        // The comment is the version's, kept where Elsa 3 JSON keeps custom data.
        Assert.Equal("Väntetid innan den tekniska anslutningen avslutas", (string?)json["customProperties"]!["versionComment"]);
        // Everything the designer did not touch survives: the other activities are as in version 2.
        var v2 = (await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{DefinitionId}?versionOptions=2"))!;
        foreach (var original in v2["root"]!["activities"]!.AsArray())
            Assert.True(JsonNode.DeepEquals(original, activities.Single(a => (string?)a!["id"] == (string?)original!["id"])), $"Activity {original!["id"]} changed.");
        Assert.Empty(fixture.PageErrors[page]);
    }

    /// <summary>An input set to a variable is written as Elsa writes it: the variable object, not its name.</summary>
    [Fact]
    public async Task VariableExpression_IsWrittenAsTheVariableObject()
    {
        var definitionId = $"variable-{Guid.NewGuid():N}"[..20];
        var variable = new JsonObject { ["id"] = "kund-id", ["name"] = "Kund", ["typeName"] = "String", ["value"] = "Region Exempel" };
        var definition = new JsonObject
        {
            ["definitionId"] = definitionId, ["name"] = "Variabel", ["version"] = 1, ["isPublished"] = true,
            ["variables"] = new JsonArray(variable.DeepClone()),
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart", ["id"] = "flowchart",
                ["activities"] = JsonNode.Parse("""
                    [{"id":"start","type":"Elsa.Start","version":1,"metadata":{"designer":{"position":{"x":0,"y":0}}}},
                     {"id":"note","type":"Elsa.WriteLine","version":1,"metadata":{"designer":{"position":{"x":260,"y":0}}},
                      "text":{"typeName":"String","expression":{"type":"Literal","value":"hej"}}}]
                    """),
                ["connections"] = JsonNode.Parse("""[{"source":{"activity":"start","port":"Done"},"target":{"activity":"note","port":"In"}}]"""),
            },
        };
        using var staff = fixture.Host.Staff();
        var imported = await staff.PostAsync("/elsa/api/workflow-definitions/import?publish=true",
            new StringContent(definition.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/designer/definitions/{definitionId}?version=1");
        await DesignerPage.WaitUntilReadyAsync(page, activities: 2);
        await DesignerPage.Node(page, "note").ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Uttryckstyp för Text" }).SelectOptionAsync("Variable");
        await page.Locator("#input-note-text").SelectOptionAsync("Kund");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera…" }).ClickAsync();
        var publish = page.GetByRole(AriaRole.Dialog, new() { Name = "Publicera" });
        await publish.GetByLabel("Kommentar till versionen (krävs)").FillAsync("Texten är kundens namn");
        await publish.GetByRole(AriaRole.Button, new() { Name = "Publicera version" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Version 2 är publicerad" })).ToBeVisibleAsync();

        var json = (await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=2"))!;
        var expression = json["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "note")!["text"]!["expression"]!;
        Assert.Equal("Variable", (string?)expression["type"]);
        Assert.True(JsonNode.DeepEquals(variable, expression["value"]), $"The expression's value is {expression["value"]?.ToJsonString()}.");
        Assert.Empty(fixture.PageErrors[page]);
    }

    [Fact]
    public async Task Keyboard_CopyPasteUndoRedoMoveAndDelete_WithoutAMouse()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/designer/definitions/{DefinitionId}?version=1");
        await DesignerPage.WaitUntilReadyAsync(page, activities: 17);

        // Focus the canvas from the keyboard and walk to the second activity with the arrow keys.
        await page.Locator(".canvas").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(DesignerPage.Node(page, "start")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(DesignerPage.Node(page, "customerApplication")).ToBeFocusedAsync();
        await Expect(page.GetByTestId("announcer")).ToContainTextAsync("Kundansökan");

        var nodes = page.Locator(".react-flow__node");
        await page.Keyboard.PressAsync("Control+c");
        await page.Keyboard.PressAsync("Control+v");
        await Expect(nodes).ToHaveCountAsync(18);
        await Expect(DesignerPage.Node(page, "customerApplication2")).ToBeFocusedAsync();

        // Shift+arrow moves the selection; undo takes the move back, then the paste; redo brings the paste again.
        var box = await DesignerPage.Node(page, "customerApplication2").BoundingBoxAsync();
        await page.Keyboard.PressAsync("Shift+ArrowDown");
        await DesignerPage.WaitUntilBelowAsync(page, "customerApplication2", box!.Y,
            async () => $"The pasted activity did not move down: {await page.GetByTestId("announcer").TextContentAsync()}; " +
                $"focused {await page.EvaluateAsync<string>("() => document.activeElement?.getAttribute('data-id') ?? document.activeElement?.tagName")}");
        await page.Keyboard.PressAsync("Control+z");
        await page.Keyboard.PressAsync("Control+z");
        await Expect(nodes).ToHaveCountAsync(17);
        await page.Keyboard.PressAsync("Control+y");
        await Expect(nodes).ToHaveCountAsync(18);

        await page.Locator(".canvas").FocusAsync();
        await DesignerPage.Node(page, "customerApplication2").ClickAsync();
        await page.Keyboard.PressAsync("Delete");
        await Expect(nodes).ToHaveCountAsync(17);

        // The shortcut list opens with ? and closes with Escape.
        await page.Locator(".canvas").FocusAsync();
        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Kortkommandon" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.Empty(fixture.PageErrors[page]);
    }

    [Fact]
    public async Task DefinitionWithoutPositions_IsLaidOutAutomaticallyLeftToRight()
    {
        var definitionId = $"no-positions-{Guid.NewGuid():N}"[..24];
        var chain = new[] { "start", "first", "second", "third", "end" };
        var definition = new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = "Utan positioner",
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new JsonArray([.. chain.Select(id => (JsonNode)new JsonObject
                {
                    ["id"] = id,
                    ["type"] = id switch { "start" => "Elsa.Start", "end" => "Elsa.End", _ => "Elsa.WriteLine" },
                    ["text"] = id is "start" or "end" ? null : new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = id } },
                })]),
                ["connections"] = new JsonArray([.. chain.Zip(chain.Skip(1)).Select(p => (JsonNode)new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = p.First, ["port"] = "Done" },
                    ["target"] = new JsonObject { ["activity"] = p.Second, ["port"] = "In" },
                })]),
            },
        };
        using var staff = fixture.Host.Staff();
        var response = await staff.PostAsJsonAsync("/elsa/api/workflow-definitions", definition);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/designer/definitions/{definitionId}");
        await DesignerPage.WaitUntilReadyAsync(page, activities: chain.Length);
        var xs = new List<float>();
        foreach (var id in chain)
            xs.Add((await DesignerPage.Node(page, id).BoundingBoxAsync())!.X);
        Assert.Equal(xs.Order(), xs);
        Assert.Equal(chain.Length, xs.Distinct().Count());
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(chain.Length - 1);
    }

    private static async Task<List<VersionRow>> VersionsAsync(HttpClient staff)
    {
        var list = await staff.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/{DefinitionId}/versions");
        return [.. list!["items"]!.AsArray().Select(v => new VersionRow((int)v!["version"]!, (bool)v["isPublished"]!, (bool)v["isLatest"]!))];
    }

    private sealed record VersionRow(int Version, bool IsPublished, bool IsLatest);
}
