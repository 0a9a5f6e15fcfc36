using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// Headless Debian Chromium against a portal host: new pages at a given width, signing in through the login page, and
/// the check every page gets (axe: no serious or critical WCAG 2.1 A/AA violations; a screenshot under
/// artifacts/screenshots). Content-Security-Policy violations are collected for the test class to assert at its end.
/// </summary>
public sealed class PortalBrowser : IAsyncDisposable
{
    public const int Desktop = 1440;
    public const int Phone = 390;

    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private readonly ConcurrentQueue<string> _cspViolations = new();
    private readonly Uri _baseAddress;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PortalBrowser(Uri baseAddress, IPlaywright playwright, IBrowser browser) => (_baseAddress, _playwright, _browser) = (baseAddress, playwright, browser);

    public IReadOnlyCollection<string> CspViolations => _cspViolations;

    public static async Task<PortalBrowser> LaunchAsync(Uri baseAddress)
    {
        if (!File.Exists("/usr/bin/chromium"))
            throw new InvalidOperationException("Chromium is missing at /usr/bin/chromium: run `apt-get install -y chromium`. Never `playwright install`.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return new PortalBrowser(baseAddress, playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A page in a browser context of its own (its own cookies), <paramref name="width"/> pixels wide.</summary>
    public async Task<IPage> NewPageAsync(int width = 1200)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = 900 }, Locale = "sv-SE",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                _cspViolations.Enqueue($"{page.Url}: {message.Text}");
        };
        return page;
    }

    /// <summary>Opens <paramref name="url"/> in a new browser, signs in on the login page it is sent to, and lands back on it.</summary>
    public async Task<IPage> LoginAsync(string email, string password, string url, int width = 1200)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync(url);
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/login"));
        return page;
    }

    /// <summary>axe on the page as it is now, and a full-page screenshot named <c>portal-{name}.png</c>.</summary>
    public static async Task CheckAsync(IPage page, string name)
    {
        var result = await page.RunAxe(Wcag21AA);
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0,
            $"axe found serious or critical violations on '{name}':\n" + string.Join("\n", serious.Select(v =>
                $"- {v.Id} ({v.Impact}): {v.Help}\n  " + string.Join("\n  ", v.Nodes.Take(5).Select(n => $"{n.Target}: {n.Html}")))));
        var folder = Path.Combine(Root(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"portal-{name}.png"), FullPage = true });
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elsa.Kundportal.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("No Elsa.Kundportal.sln above the test output.");
    }
}
