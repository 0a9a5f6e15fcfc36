using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>The designer without a mouse: a skip link to the canvas, the palette as one Tab stop, "Gå till aktivitet" by name.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DesignerKeyboardTests(BrowserFixture fixture)
{
    private const string Version2 = "/designer/definitions/kundportal-agent-order?version=2";

    [Fact]
    public async Task FromPageLoad_ANewConnectionBetweenTwoNamedActivities_TakesFewerThan15Keys()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Version2);
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        var keys = new KeyCounter(page);

        // The first Tab stop is the skip link to the canvas.
        await keys.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Hoppa till ritytan" })).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Expect(page.Locator("#canvas")).ToBeFocusedAsync();

        // G, part of the name, Enter: the activity is selected and has focus.
        await keys.PressAsync("g");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Gå till aktivitet" })).ToBeVisibleAsync();
        await keys.TypeAsync("te");
        await keys.PressAsync("Enter");
        await Expect(DesignerPage.Node(page, "technicalHandover")).ToBeFocusedAsync();

        // K, Enter (its first port), part of the target's name, Enter.
        await keys.PressAsync("k");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Ny koppling från Teknisk anslutning" })).ToBeVisibleAsync();
        await keys.PressAsync("Enter");
        await keys.TypeAsync("avb");
        await keys.PressAsync("Enter");

        await Expect(DesignerPage.Edge(page, "technicalHandover", "Done", "endCancelled")).ToHaveCountAsync(1);
        await Expect(DesignerPage.Node(page, "technicalHandover")).ToBeFocusedAsync();
        Assert.True(keys.Count < 15, $"{keys.Count} key presses.");
        Assert.Equal(12, keys.Count);
        Assert.Empty(fixture.PageErrors[page]);
    }

    [Fact]
    public async Task Palette_IsOneTabStop_ArrowKeysChooseAndEnterAdds()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Version2);
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);

        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "Sök aktivitet" });
        await search.FocusAsync();
        // Tab leaves the palette at once for the canvas, however many activities it lists.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#canvas")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(search).ToBeFocusedAsync();

        await search.FillAsync("writ");
        await page.Keyboard.PressAsync("ArrowDown");
        var option = page.GetByRole(AriaRole.Option, new() { Name = "Elsa.WriteLine" });
        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(search).ToHaveAttributeAsync("aria-activedescendant", (await option.GetAttributeAsync("id"))!);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(16);
        await Expect(DesignerPage.Node(page, "writeLine")).ToBeFocusedAsync();
        Assert.Empty(fixture.PageErrors[page]);
    }

    /// <summary>Presses keys and counts them; typed text counts one press per character.</summary>
    private sealed class KeyCounter(IPage page)
    {
        public int Count { get; private set; }

        public async Task PressAsync(string key)
        {
            Count++;
            await page.Keyboard.PressAsync(key);
        }

        public async Task TypeAsync(string text)
        {
            Count += text.Length;
            await page.Keyboard.TypeAsync(text);
        }
    }
}
