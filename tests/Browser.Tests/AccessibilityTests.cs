using Deque.AxeCore.Commons;
using Xunit.Abstractions;
using Deque.AxeCore.Playwright;
using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>axe-core finds no serious or critical WCAG 2.1 A/AA violations on the designer's pages, in the states staff use them in.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    };

    [Fact]
    public async Task DefinitionList_HasNoSeriousViolations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/designer/");
        await Expect(page.Locator(".versions-table")).Not.ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "definition list");
    }

    [Fact]
    public async Task Designer_WithSelectionErrorsAndDialogs_HasNoSeriousViolations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/designer/definitions/kundportal-agent-order?version=2");
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        await AssertAccessibleAsync(page, "designer");

        // An activity with duration and role inputs selected, one of them invalid.
        await DesignerPage.Node(page, "checkRoles").ClickAsync();
        await page.Locator("#input-checkRoles-firstReminderAfter").FillAsync("snart");
        await Expect(page.Locator("button.problem")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page, "designer with an activity selected and an error");

        // JavaScript with syntax colouring.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Uttryckstyp för Andra påminnelse efter" }).SelectOptionAsync("JavaScript");
        await Expect(page.Locator(".cm-editor")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page, "designer with a JavaScript input");

        await page.Locator(".canvas").FocusAsync();
        await DesignerPage.Node(page, "checkRoles").ClickAsync();
        await page.Keyboard.PressAsync("k");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "connect dialog");
        await page.Keyboard.PressAsync("Escape");

        await page.GetByRole(AriaRole.Button, new() { Name = "Kortkommandon" }).ClickAsync();
        await AssertAccessibleAsync(page, "shortcuts dialog");
        await page.Keyboard.PressAsync("Escape");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Variabler" }).ClickAsync();
        await AssertAccessibleAsync(page, "variables");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Arbetsflöde" }).ClickAsync();
        await AssertAccessibleAsync(page, "workflow properties");
    }

    [Fact]
    public async Task Comparison_HasNoSeriousViolations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/designer/definitions/kundportal-agent-order/compare?from=1&to=2");
        await Expect(page.Locator(".change")).Not.ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nästa ändring" }).ClickAsync();
        await AssertAccessibleAsync(page, "comparison");
    }

    [Fact]
    public async Task InstanceView_HasNoSeriousViolations()
    {
        var instanceId = await ReviewProcess.StartWaitingInstanceAsync(fixture.Host);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/designer/instances/{instanceId}");
        await Expect(page.Locator(".journal-entry")).Not.ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "instance view");
        await page.GotoAsync("/designer/instances");
        await Expect(page.Locator(".versions-table")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page, "instance list");
    }

    private async Task AssertAccessibleAsync(IPage page, string state)
    {
        var result = await page.RunAxe(Wcag21AA);
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        foreach (var v in result.Violations.Except(serious))
            output.WriteLine($"{state}: {v.Id} ({v.Impact}): {v.Help} – {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}");
        Assert.True(serious.Count == 0,
            $"axe found serious or critical violations in the {state}:\n" + string.Join("\n", serious.Select(v =>
                $"- {v.Id} ({v.Impact}): {v.Help}\n  " + string.Join("\n  ", v.Nodes.Take(5).Select(n => $"{n.Target}: {n.Html}")))));
        Assert.Empty(fixture.PageErrors[page]);
    }
}
