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

    /// <summary>Polls a condition the page's locators cannot express, failing with <paramref name="describe"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<Task<string>> describe)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException(await describe());
    }
}
