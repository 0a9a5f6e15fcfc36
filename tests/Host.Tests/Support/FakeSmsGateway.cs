using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>What a <see cref="FakeSmsGateway"/> does with one request: answer with a status, or hold it without answering.</summary>
public sealed record GatewayAnswer(int Status, bool Holds = false)
{
    public static GatewayAnswer Ok { get; } = new(StatusCodes.Status200OK);

    /// <summary>Never answers; the request ends only when the client gives up (its timeout) or the gateway stops.</summary>
    public static GatewayAnswer None { get; } = new(0, Holds: true);

    public static GatewayAnswer With(int status) => new(status);
}

/// <summary>One request the gateway received and how it answered it.</summary>
public sealed record GatewayRequest(
    string? Authorization, string? IdempotencyKey, string? ContentType, IReadOnlyDictionary<string, string> Form, GatewayAnswer Answer);

/// <summary>
/// An SMS gateway inside the test on real Kestrel, speaking the 46elks shape: <c>POST /a1/sms</c> with form-encoded
/// <c>from</c>, <c>to</c>, <c>message</c> and HTTP Basic authentication. Wrong credentials get 401; otherwise each
/// number gets the answers a test scripted for it, in order, the last one repeating (unscripted: 200 with a 46elks-like
/// body). It keeps its port across <see cref="StopAsync"/> and <see cref="StartAsync"/>, so a test can take it down and
/// bring it back.
/// </summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    public const string Username = "u0123456789abcdef";
    public const string Password = "gateway-password-for-tests";
    private const string SendPath = "/a1/sms";

    private readonly ConcurrentQueue<GatewayRequest> _received = new();
    private readonly ConcurrentDictionary<string, AnswerScript> _scripts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    private FakeSmsGateway(int port) => Port = port;

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}{SendPath}");

    public static async Task<FakeSmsGateway> StartNewAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var gateway = new FakeSmsGateway(port);
        await gateway.StartAsync();
        return gateway;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _app.MapPost(SendPath, (Delegate)AnswerAsync);
        await _app.StartAsync();
    }

    /// <summary>The gateway goes down: the port refuses connections until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>How the gateway answers requests to <paramref name="to"/> (E.164), in order; the last answer repeats.</summary>
    public void Script(string to, params GatewayAnswer[] answers) => _scripts[to] = new AnswerScript(answers);

    /// <summary>The requests received for one outbox message (by its Idempotency-Key), in order.</summary>
    public IReadOnlyList<GatewayRequest> Requests(Guid messageId) =>
        [.. _received.Where(r => r.IdempotencyKey == messageId.ToString())];

    /// <summary>The requests received for the number <paramref name="to"/> (E.164), in order.</summary>
    public IReadOnlyList<GatewayRequest> RequestsTo(string to) =>
        [.. _received.Where(r => r.Form.GetValueOrDefault("to") == to)];

    /// <summary>Waits, on the gateway's own signal, until <paramref name="count"/> requests for the message have arrived.</summary>
    public async Task<IReadOnlyList<GatewayRequest>> WaitForRequestsAsync(Guid messageId, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Requests(messageId).Count < count)
        {
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"The gateway received {Requests(messageId).Count} request(s) for {messageId}, not {count}.");
            }
        }
        return Requests(messageId);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await StopAsync();
        _stopping.Dispose();
        _arrived.Dispose();
    }

    private async Task<IResult> AnswerAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var to = fields.GetValueOrDefault("to", "");
        var authorization = context.Request.Headers.Authorization.ToString();
        var answer = authorization != Basic(Username, Password)
            ? GatewayAnswer.With(StatusCodes.Status401Unauthorized)
            : _scripts.TryGetValue(to, out var script) ? script.Next() : GatewayAnswer.Ok;
        _received.Enqueue(new GatewayRequest(authorization, context.Request.Headers["Idempotency-Key"].ToString(), context.Request.ContentType, fields, answer));
        _arrived.Release();

        if (answer.Holds)
        {
            // Held until the client gives up (its connection closes) or the gateway stops.
            var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (context.RequestAborted.Register(() => released.TrySetResult()))
            await using (_stopping.Token.Register(() => released.TrySetResult()))
                await released.Task;
            return Results.StatusCode(StatusCodes.Status504GatewayTimeout);
        }
        return answer.Status switch
        {
            StatusCodes.Status200OK => Results.Json(new { status = "created", id = $"s{Guid.NewGuid():N}", from = fields.GetValueOrDefault("from"), to, parts = 1 }),
            StatusCodes.Status401Unauthorized => Results.Text("API access denied", statusCode: answer.Status),
            // A gateway's error text may repeat the number; the host must not pass it on as it is.
            _ => Results.Text($"Could not send to {to} right now", statusCode: answer.Status),
        };
    }

    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));

    private sealed class AnswerScript(GatewayAnswer[] answers)
    {
        private int _next;

        public GatewayAnswer Next()
        {
            var index = Interlocked.Increment(ref _next) - 1;
            return answers[Math.Min(index, answers.Length - 1)];
        }
    }
}
