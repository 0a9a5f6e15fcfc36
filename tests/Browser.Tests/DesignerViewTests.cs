using System.Globalization;
using Elsa.Kundportal.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>The designer opens readable, stays readable zoomed out, has handles large enough to hit, and puts new activities in free space.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DesignerViewTests(BrowserFixture fixture)
{
    private const string Version2 = "/designer/definitions/kundportal-agent-order?version=2";

    [Fact]
    public async Task WideProcess_OpensAt100PercentAroundItsStart_WithReadableTitles()
    {
        var page = await fixture.NewPageAsync(1440, 900);
        await page.GotoAsync(Version2);
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        Assert.Equal(1, await ZoomAsync(page));
        await Expect(DesignerPage.Node(page, "start")).ToBeInViewportAsync();
        await Expect(DesignerPage.Node(page, "customerApplication")).ToBeInViewportAsync();
        Assert.True(await InCanvasAsync(page, "start"), "The start is not on the canvas.");
        Assert.True(await TitlePixelsAsync(page, "customerApplication") >= 13, "Titles are smaller than 13 px.");
        await Artifacts.ScreenshotAsync(page, "designer-opens-readable");
    }

    [Fact]
    public async Task ZoomedOut_NodesShowOnlyTheirTitle_LargeEnoughToRead()
    {
        var page = await fixture.NewPageAsync(1440, 900);
        await page.GotoAsync(Version2);
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        await page.Locator("#canvas").FocusAsync();
        // Six steps out: about a third of the size.
        for (var i = 0; i < 6; i++)
            await page.Keyboard.PressAsync("-");
        await Expect(page.Locator("#canvas[data-zoom=far]")).ToHaveCountAsync(1);
        var zoom = await SettledZoomAsync(page);
        Assert.True(zoom < 0.6, $"Zoom after six steps out: {zoom}.");
        // At this zoom the plain title would be 13.5 px × zoom (under 8 px); the far look keeps it at 12 px on screen.
        Assert.True(await TitlePixelsAsync(page, "agentAttestation") >= 11.9, $"Title {await TitlePixelsAsync(page, "agentAttestation")} px at zoom {zoom}.");
        await Expect(DesignerPage.Node(page, "agentAttestation").Locator(".node-type")).ToHaveCSSAsync("color", "rgba(0, 0, 0, 0)");
        await Artifacts.ScreenshotAsync(page, "designer-zoomed-out");
    }

    [Fact]
    public async Task ConnectionHandles_TakeAPressAtLeast24PixelsWide()
    {
        var page = await fixture.NewPageAsync(1440, 900);
        await page.GotoAsync(Version2);
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        var handle = DesignerPage.Handle(page, "customerApplication", "Submitted");
        var box = (await handle.BoundingBoxAsync())!;
        var (cx, cy) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        // 11 px from the centre in each direction is still the handle: a target of at least 22 + 2 px.
        foreach (var (dx, dy) in new[] { (-11, 0), (11, 0), (0, -11), (0, 11) })
        {
            var hit = await page.EvaluateAsync<string?>("([x, y]) => document.elementFromPoint(x, y)?.closest('.react-flow__handle')?.getAttribute('data-handleid') ?? null", new[] { (double)(cx + dx), (double)(cy + dy) }); // Playwright would pass a float as {}.
            Assert.True(hit == "Submitted", $"At ({dx}, {dy}) from the handle's centre: {hit ?? "nothing"}.");
        }
    }

    [Fact]
    public async Task Autolayout_RefitsTheView_AndANewActivityLandsInFreeSpace()
    {
        var page = await fixture.NewPageAsync(1440, 900);
        await page.GotoAsync(Version2);
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        // Pan far away first, so a refit has something to do.
        await page.Locator("#canvas").FocusAsync();
        for (var i = 0; i < 12; i++)
            await page.Keyboard.PressAsync("Alt+ArrowRight");
        await Expect(DesignerPage.Node(page, "start")).Not.ToBeInViewportAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Autolayout" }).ClickAsync();
        await Expect(DesignerPage.Node(page, "start")).ToBeInViewportAsync();
        var zoom = await SettledZoomAsync(page);
        Assert.True(zoom >= 0.75, $"Zoom after autolayout: {zoom}.");

        // With Kundansökan selected, a new activity goes beside it, on no box and across no connection.
        await DesignerPage.Node(page, "customerApplication").ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Sök aktivitet" }).FillAsync("Elsa.Delay");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(16);
        var overlaps = await page.EvaluateAsync<string[]>("""
            () => {
              const node = document.querySelector('.react-flow__node[data-id="delay"]').getBoundingClientRect();
              const hits = [];
              for (const other of document.querySelectorAll('.react-flow__node:not([data-id="delay"])')) {
                const r = other.getBoundingClientRect();
                if (r.left < node.right && node.left < r.right && r.top < node.bottom && node.top < r.bottom) hits.push(other.dataset.id);
              }
              for (const path of document.querySelectorAll('.react-flow__edge-path')) {
                const length = path.getTotalLength();
                const svg = path.ownerSVGElement, matrix = path.getScreenCTM();
                for (let i = 0; i <= 60; i++) {
                  const p = path.getPointAtLength(length * i / 60).matrixTransform(matrix);
                  if (p.x > node.left && p.x < node.right && p.y > node.top && p.y < node.bottom) { hits.push(path.closest('.react-flow__edge').dataset.id ?? 'edge'); break; }
                }
              }
              return hits;
            }
            """);
        Assert.Empty(overlaps);
        Assert.Empty(fixture.PageErrors[page]);
    }

    [Fact]
    public async Task ZoomKeys_PressedFasterThanTheAnimation_EachTakeAStep()
    {
        var page = await fixture.NewPageAsync(1440, 900);
        await page.GotoAsync(Version2);
        await DesignerPage.WaitUntilReadyAsync(page, activities: 15);
        var before = await ZoomAsync(page);
        // Six presses of "-" in one go, before any animation has begun (a busy machine delivers keys like this).
        await page.Locator("#canvas").EvaluateAsync(
            "c => { c.focus(); for (let i = 0; i < 6; i++) c.dispatchEvent(new KeyboardEvent('keydown', { key: '-', bubbles: true, cancelable: true })); }");
        await page.WaitForFunctionAsync(
            "(expected) => Math.abs(new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a - expected) < 0.005",
            before / Math.Pow(1.2, 6), new PageWaitForFunctionOptions { PollingInterval = 100, Timeout = 10_000 });
    }

    private static async Task<double> ZoomAsync(IPage page) =>
        await page.EvaluateAsync<double>("() => new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a");

    /// <summary>The zoom once its animation has arrived: the same value on two polls in a row.</summary>
    private static async Task<double> SettledZoomAsync(IPage page)
    {
        await page.WaitForFunctionAsync(
            "() => { const z = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a; " +
            "const arrived = window.__lastZoom === z; window.__lastZoom = z; return arrived; }",
            null, new PageWaitForFunctionOptions { PollingInterval = 150 });
        return await ZoomAsync(page);
    }

    private static async Task<double> TitlePixelsAsync(IPage page, string activityId) =>
        await page.EvaluateAsync<double>(
            "(id) => parseFloat(getComputedStyle(document.querySelector(`.react-flow__node[data-id=\"${id}\"] .node-title`)).fontSize) * new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a",
            activityId);

    private static async Task<bool> InCanvasAsync(IPage page, string activityId) =>
        await page.EvaluateAsync<bool>("""
            (id) => {
              const c = document.querySelector('#canvas').getBoundingClientRect();
              const n = document.querySelector(`.react-flow__node[data-id="${id}"]`).getBoundingClientRect();
              return n.left >= c.left && n.right <= c.right && n.top >= c.top && n.bottom <= c.bottom;
            }
            """, activityId);
}
