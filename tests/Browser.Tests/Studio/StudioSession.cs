using Microsoft.Playwright;

namespace Elsa.Kundportal.Browser.Tests.Studio;

/// <summary>
/// A person signed in at the host (the demo Inera handläggare, through the dev login) in a browser context of its own,
/// without the API key the designer tests send: Elsa Studio must reach the API with the person's access token alone.
/// Records what Studio sent to <c>/elsa/api</c> and what the page logged as errors.
/// </summary>
public sealed class StudioSession : IAsyncDisposable
{
    /// <summary>Elsa Studio is a .NET runtime compiled in the browser: its first start on a busy two-core machine takes tens of seconds.</summary>
    public const float StartTimeoutMs = 180_000;

    public const string StaffEmail = "handlaggare@inera.demo";

    private readonly IBrowserContext _context;

    private StudioSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/elsa/api/", StringComparison.Ordinal))
                ApiRequests.Add((request.Method, request.Url, request.Headers.GetValueOrDefault("authorization")));
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                ConsoleErrors.Add($"{message.Text} (at {message.Location}, page {page.Url})");
        };
        page.PageError += (_, message) => PageErrors.Add(message);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                FailedResponses.Add($"{response.Request.Method} {response.Url}: {response.Status}");
        };
        page.RequestFailed += (_, request) => FailedResponses.Add($"{request.Method} {request.Url}: {request.Failure}");
    }

    public IPage Page { get; }

    public List<(string Method, string Url, string? Authorization)> ApiRequests { get; } = [];

    public List<string> ConsoleErrors { get; } = [];

    public List<string> PageErrors { get; } = [];

    /// <summary>Every request the page made that was answered with 400 or more, or not answered at all, with its address.</summary>
    public List<string> FailedResponses { get; } = [];

    public static async Task<StudioSession> SignInAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
            Locale = "sv-SE",
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var session = new StudioSession(context, page);
        await page.GotoAsync("/dev/login");
        await page.Locator($"form:has(input[name=email][value='{StaffEmail}']) button").ClickAsync();
        return session;
    }

    /// <summary>An activity on Studio's canvas (X6 names a node's cell after the activity's id).</summary>
    public ILocator Node(string activityId) => Page.Locator($".x6-node[data-cell-id='{activityId}']");

    /// <summary>Selects an activity as a person does: mouse down and up on its label (X6 selects on the pointer, not on a click event).</summary>
    public async Task SelectAsync(string activityId)
    {
        var box = await Node(activityId).Locator(".activity-label").BoundingBoxAsync() ?? throw new InvalidOperationException($"'{activityId}' is not on the canvas.");
        await Page.Mouse.MoveAsync(box.X + 10, box.Y + box.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.UpAsync();
    }

    /// <summary>A text field in Studio's input panel by its label.</summary>
    public ILocator Field(string label) => Page.Locator($".mud-input-control:has(label:text-is('{label}')) input");

    /// <summary>Studio's toolbar buttons carry only an icon; these are the Material icons Studio 3.8.2 uses.</summary>
    public ILocator SaveButton => Page.Locator("button.mud-icon-button:has(path[d^='M17 3H5c-1.11'])");

    public ILocator PublishButton => Page.Locator("button.mud-icon-button:has(path[d^='M19.35 10.04'])");

    public ILocator RunButton => Page.Locator("button.mud-icon-button:has(path[d='M8 5v14l11-7z'])");

    /// <summary>The answer to the request <paramref name="action"/> makes Studio send; <paramref name="body"/> tells it from others to the same address (Studio also saves by itself after an edit).</summary>
    public Task<IResponse> WaitForApiAsync(string method, string pathContains, Func<Task> action, Func<string?, bool>? body = null) =>
        Page.RunAndWaitForResponseAsync(action, r => r.Request.Method == method && r.Url.Contains("/elsa/api/" + pathContains, StringComparison.Ordinal)
            && (body is null || body(r.Request.PostData)), new PageRunAndWaitForResponseOptions { Timeout = 60_000 });

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
