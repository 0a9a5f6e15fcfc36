using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>The JavaScript editor completes the workflow's variables and the engine's functions, and marks a variable that does not exist.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExpressionEditorTests(BrowserFixture fixture)
{
    [Fact]
    public async Task JavaScript_CompletesVariablesAndFunctions_AndMarksAnUnknownVariable()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/designer/definitions/kundportal-agent-order?version=2");
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        await DesignerPage.GoToActivityAsync(page, "Kontrollera roller", "checkRoles");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Uttryckstyp för Andra påminnelse efter" }).SelectOptionAsync("JavaScript");
        var editor = page.Locator("[data-testid='code-input-checkRoles-secondReminderAfter'] .cm-content");
        await editor.ClickAsync();
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.PressAsync("Delete");

        // The engine's functions and Elsa's accessors for each variable.
        await page.Keyboard.TypeAsync("getOrd");
        var completions = page.Locator(".cm-tooltip-autocomplete");
        await Expect(completions).ToContainTextAsync("getOrderId");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.TypeAsync("getVar");
        await ChooseWithEnterAsync(page, editor, completions, "getVariable");
        // The snippet leaves the name selected: typing replaces it and offers the workflow's variables.
        await page.Keyboard.TypeAsync("Agree");
        await ChooseWithEnterAsync(page, editor, completions, "AgreementId");
        await Expect(editor).ToHaveTextAsync("getVariable('AgreementId')");
        await Expect(page.Locator(".cm-lintRange-error")).ToHaveCountAsync(0);

        // A variable the workflow does not have is marked where it stands, and said in words.
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.TypeAsync("getVariable('CaseNumber')");
        await Expect(page.Locator(".cm-lintRange-error")).ToHaveTextAsync("CaseNumber");
        await Expect(page.Locator(".script-problems")).ToContainTextAsync("Variabeln CaseNumber finns inte i arbetsflödet.");
        await Expect(editor).ToHaveAttributeAsync("aria-invalid", "true");
        await Artifacts.ScreenshotAsync(page, "expression-editor");
        Assert.Empty(fixture.PageErrors[page]);
    }

    /// <summary>
    /// Chooses the selected completion with Enter, as a person does. CodeMirror takes Enter for the list only once
    /// the list has been open for 75 ms (before that, Enter breaks the line: a fast typist meant it for the text),
    /// and a test's keys come sooner than any person's. So Enter waits until the same list has been on screen for
    /// 100 ms, as the page measures it.
    /// </summary>
    private static async Task ChooseWithEnterAsync(IPage page, ILocator editor, ILocator completions, string label)
    {
        await Expect(completions.Locator("li[aria-selected=true]")).ToContainTextAsync(label);
        await page.WaitForFunctionAsync("""
            () => {
              const list = document.querySelector('.cm-tooltip-autocomplete');
              if (!list || window.__completionList !== list) { window.__completionList = list; window.__completionSince = performance.now(); return false; }
              return performance.now() - window.__completionSince >= 100;
            }
            """, null, new PageWaitForFunctionOptions { PollingInterval = 20 });
        await Expect(completions.Locator("li[aria-selected=true]")).ToContainTextAsync(label);
        await page.Keyboard.PressAsync("Enter");
        await Expect(editor.Locator(".cm-line")).ToHaveCountAsync(1);
    }
}
