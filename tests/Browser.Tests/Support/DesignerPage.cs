using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests.Support;

/// <summary>How the tests find things in the designer.</summary>
public static class DesignerPage
{
    public static ILocator Node(IPage page, string activityId) => page.Locator($".react-flow__node[data-id=\"{activityId}\"]");

    public static ILocator Handle(IPage page, string activityId, string port) =>
        Node(page, activityId).Locator($".react-flow__handle[data-handleid=\"{port}\"]");

    public static ILocator Edge(IPage page, string source, string port, string target) =>
        page.GetByTestId($"rf__edge-{source}|{port}|{target}");

    /// <summary>Waits until the flowchart is drawn and the server has validated it.</summary>
    public static async Task WaitUntilReadyAsync(IPage page, int activities)
    {
        await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(activities);
        await Expect(page.Locator(".canvas[data-ready=true]")).ToHaveCountAsync(1);
    }

    /// <summary>Selects an activity by its name with "Gå till aktivitet" (G on the canvas), as a keyboard user would; it then has focus.</summary>
    public static async Task GoToActivityAsync(IPage page, string name, string activityId)
    {
        await page.Locator("#canvas").FocusAsync();
        await page.Keyboard.PressAsync("g");
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Gå till aktivitet" }).GetByRole(AriaRole.Combobox).FillAsync(name);
        await page.Keyboard.PressAsync("Enter");
        await Expect(Node(page, activityId)).ToBeFocusedAsync();
    }

    /// <summary>Presses E (next connection of the selected activity) until the announced one is <paramref name="text"/>.</summary>
    public static async Task SelectConnectionAsync(IPage page, string text)
    {
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("e");
            if ((await page.GetByTestId("announcer").TextContentAsync())?.Contains(text, StringComparison.Ordinal) == true)
                return;
        }
        throw new InvalidOperationException($"No connection '{text}' among the selected activity's connections.");
    }

    /// <summary>
    /// Waits (in the page, on each frame) until the activity's box is drawn lower than <paramref name="y"/>, failing
    /// with <paramref name="describe"/>.
    /// </summary>
    public static async Task WaitUntilBelowAsync(IPage page, string activityId, float y, Func<Task<string>> describe)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "([id, y]) => (document.querySelector(`.react-flow__node[data-id=\"${CSS.escape(id)}\"]`)?.getBoundingClientRect().y ?? -Infinity) > y + 1",
                new object[] { activityId, (double)y }, // Playwright would pass a float as {}.
                new PageWaitForFunctionOptions { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(await describe());
        }
    }
}
