using Elsa.Kundportal.Operations.Tests.Support;
using Microsoft.Playwright;

namespace Elsa.Kundportal.Operations.Tests.Browser;

/// <summary>
/// The host (as in <see cref="OperationsFixture"/>) and Debian's Chromium driven by Playwright, headless and
/// offline. Pages are opened as an operator: every request carries the operations API key.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public OperationsFixture Operations { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: artifacts/screenshots at the repository root.</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Elsa.Kundportal.sln")))
                directory = directory.Parent;
            var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        await Operations.InitializeAsync();
        // The whole suite may run at once on two cores: give pages time rather than fail on a slow moment.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task<IPage> OperatorPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Operations.Host.BaseAddress.ToString(),
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Api-Key"] = OperationsHost.OperationsKey },
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Locale = "sv-SE",
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Operations.DisposeAsync();
    }
}
