using Elsa.Kundportal.Testing;
using Microsoft.Playwright;

namespace Elsa.Kundportal.Browser.Tests.Support;

/// <summary>
/// One host, one database and one headless Debian Chromium for every browser test (they run one after
/// another in <see cref="BrowserCollection"/>); each test gets a fresh browser context.
/// Fails with what to do when the designer is not built or Chromium is missing: never skips.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowserContext? _context;

    public DesignerHost Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.DesignerBuild, "index.html")))
        {
            throw new InvalidOperationException(
                $"The designer is not built: {RepositoryPaths.DesignerBuild}/index.html is missing. Run `npm ci && npm run build` in src/Host/ClientApp " +
                "(./scripts/test.sh does this before `dotnet test`).");
        }
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: run `apt-get install -y chromium` (./scripts/test.sh does). Never `playwright install`.");

        // Assertions wait as long as actions do: the machine running the tests may be shared and busy.
        Assertions.SetDefaultExpectTimeout(20_000);
        Host = DesignerHost.Start(await PostgresCluster.Shared.CreateDatabaseAsync("designer"));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(LaunchOptions());
    }

    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    };

    /// <summary>
    /// A page signed in as staff (the API key goes with every request, as the sign-in cookie would), in a fresh
    /// context. The tests run one at a time, so the previous test's context is closed here.
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1500, int height = 950)
    {
        if (_context is not null)
            await _context.CloseAsync();
        var context = _context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Api-Key"] = DesignerHost.StaffKey },
            AcceptDownloads = true,
            Locale = "sv-SE",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        PageErrors[page] = errors;
        return page;
    }

    /// <summary>Uncaught script errors per page: a test asserts there were none.</summary>
    public Dictionary<IPage, List<string>> PageErrors { get; } = [];

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Host is not null)
            await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
