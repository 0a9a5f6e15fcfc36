using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>
/// axe-core finds no serious or critical WCAG 2.1 A/AA violations on the designer's pages and dialogs, in the states staff use
/// them in, at 1440×900 and on a 390 px wide phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task DefinitionList_HasNoSeriousViolations(int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        await page.GotoAsync("/designer/");
        await Expect(page.Locator(".versions-table")).Not.ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, $"definition list at {width} px");
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Designer_WithSelectionErrorsAndDialogs_HasNoSeriousViolations(int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        await page.GotoAsync("/designer/definitions/kundportal-agent-order?version=2");
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        await AssertAccessibleAsync(page, $"designer at {width} px");

        // "Gå till aktivitet" with a name typed.
        await page.Locator("#canvas").FocusAsync();
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.TypeAsync("kontr");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Gå till aktivitet" }).GetByRole(AriaRole.Option, new() { Name = "Kontrollera roller" })).ToHaveAttributeAsync("aria-selected", "true");
        await AssertAccessibleAsync(page, $"go to activity dialog at {width} px");
        await page.Keyboard.PressAsync("Enter");
        await Expect(DesignerPage.Node(page, "checkRoles")).ToBeFocusedAsync();

        // An activity with duration and role inputs selected, one of them invalid.
        await page.Locator("#input-checkRoles-firstReminderAfter").FillAsync("snart");
        await Expect(page.Locator("button.problem")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page, $"designer with an activity selected and an error at {width} px");

        // JavaScript with syntax colouring, completion and a script problem.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Uttryckstyp för Andra påminnelse efter" }).SelectOptionAsync("JavaScript");
        await Expect(page.Locator(".cm-editor")).ToHaveCountAsync(1);
        await page.Locator(".cm-content").ClickAsync();
        await page.Keyboard.TypeAsync("getVariable('CaseNumber')");
        await Expect(page.Locator(".script-problems")).ToContainTextAsync("CaseNumber");
        await AssertAccessibleAsync(page, $"designer with a JavaScript input at {width} px");

        await DesignerPage.GoToActivityAsync(page, "Kontrollera roller", "checkRoles");
        await page.Keyboard.PressAsync("k");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, $"connect dialog at {width} px");
        await page.Keyboard.PressAsync("Escape");

        await page.GetByRole(AriaRole.Button, new() { Name = "Kortkommandon" }).ClickAsync();
        await AssertAccessibleAsync(page, $"shortcuts dialog at {width} px");
        await page.Keyboard.PressAsync("Escape");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Variabler" }).ClickAsync();
        await AssertAccessibleAsync(page, $"variables at {width} px");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Arbetsflöde" }).ClickAsync();
        await AssertAccessibleAsync(page, $"workflow properties at {width} px");
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Comparison_HasNoSeriousViolations(int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        await page.GotoAsync("/designer/definitions/kundportal-agent-order/compare?from=1&to=2");
        await Expect(page.Locator(".change")).Not.ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nästa ändring" }).ClickAsync();
        await AssertAccessibleAsync(page, $"comparison at {width} px");
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task InstanceView_HasNoSeriousViolations(int width, int height)
    {
        var instanceId = await ReviewProcess.StartWaitingInstanceAsync(fixture.Host);
        var page = await fixture.NewPageAsync(width, height);
        await page.GotoAsync($"/designer/instances/{instanceId}");
        await Expect(page.Locator(".journal-entry")).Not.ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, $"instance view at {width} px");
        await page.GotoAsync("/designer/instances");
        await Expect(page.Locator(".versions-table")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page, $"instance list at {width} px");
    }

    private async Task AssertAccessibleAsync(IPage page, string state)
    {
        await Axe.AssertAccessibleAsync(page, state, output);
        Assert.Empty(fixture.PageErrors[page]);
    }
}
