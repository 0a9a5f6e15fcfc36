using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Testing;

/// <summary>
/// Another system on real Kestrel (a free loopback port): <c>/ok</c> answers 200 with JSON, <c>/missing</c> 404, and
/// <c>/slow</c> never answers (until the caller gives up), <c>/gate</c> answers 200 once <see cref="OpenGate"/> is called. Every request is recorded with what <see cref="OnRequest"/> saw.
/// </summary>
public sealed class StandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _seen = [];
    private readonly TaskCompletionSource _slowReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gateReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StandInServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Runs inside each request before it is answered (e.g. to check what the caller holds); its text is recorded.</summary>
    public Func<HttpRequest, Task<string>>? OnRequest { get; set; }

    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (_seen)
                return [.. _seen];
        }
    }

    /// <summary>Completes when a request to <c>/slow</c> has arrived.</summary>
    public Task SlowReached => _slowReached.Task;

    /// <summary>Completes when a request to <c>/gate</c> has arrived.</summary>
    public Task GateReached => _gateReached.Task;

    /// <summary>Lets the requests waiting at <c>/gate</c> (and later ones) be answered.</summary>
    public void OpenGate() => _gate.TrySetResult();

    /// <summary>Starts the server on <paramref name="port"/> (a free one when 0).</summary>
    public static async Task<StandInServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StandInServer(app);
        app.MapGet("/ok", async (HttpRequest request) => { await server.RecordAsync(request); return Results.Json(new { status = "klar" }); });
        app.MapGet("/missing", async (HttpRequest request) => { await server.RecordAsync(request); return Results.NotFound(); });
        app.MapGet("/slow", async (HttpRequest request, CancellationToken aborted) =>
        {
            await server.RecordAsync(request);
            server._slowReached.TrySetResult();
            await Task.Delay(Timeout.Infinite, aborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return Results.Ok();
        });
        app.MapGet("/gate", async (HttpRequest request) =>
        {
            await server.RecordAsync(request);
            server._gateReached.TrySetResult();
            await server._gate.Task;
            return Results.Json(new { status = "klar" });
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    private async Task RecordAsync(HttpRequest request)
    {
        var seen = OnRequest is null ? request.Path.Value! : await OnRequest(request);
        lock (_seen)
            _seen.Add(seen);
    }

    public async ValueTask DisposeAsync()
    {
        OpenGate();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
