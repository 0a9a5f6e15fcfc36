using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>
/// Makes the outgoing calls of the HTTP activities. It first claims the due bookmark by moving its due time past the
/// call's timeout (so the sweep and a second node leave it alone), reads the request from the instance without
/// locking it, calls with no transaction open, and resumes the bookmark with the outcome; burning the bookmark makes
/// the resume happen once. Should the node die during the call, the claim runs out and the call is made again.
/// </summary>
public sealed class OutgoingHttpRequestHandler(
    IServiceScopeFactory scopes,
    WorkflowRuntime runtime,
    IHttpClientFactory clients,
    TimeProvider clock,
    IOptions<HttpActivityOptions> options,
    ILogger<OutgoingHttpRequestHandler> logger) : IDueBookmarkHandler
{
    /// <summary>The named HttpClient the calls use (configure handlers, certificates or proxies on it).</summary>
    public const string ClientName = "Elsa.SendHttpRequest";

    public string BookmarkName => OutgoingHttpRequest.BookmarkName;

    public async Task<bool> RunAsync(Guid bookmarkId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var request = await ClaimAsync(bookmarkId, settings, cancellationToken);
        if (request is null)
            return false;
        var answer = request.Value.Request is { } outgoing
            ? await SendAsync(outgoing, settings, cancellationToken)
            : Failure(OutgoingHttpOutcomes.Unreadable, "The request to send was not found in the instance's state.");
        logger.LogInformation("Outgoing {Method} call for instance {InstanceId} ended: {Outcome} {StatusCode}",
            request.Value.Request?.Method, request.Value.InstanceId, answer["outcome"], answer["statusCode"]);
        var result = await runtime.ResumeAsync(BookmarkAddress.ById(bookmarkId),
            new ResumeRequest(OutgoingHttpRequest.Actor) { Input = answer, EnforceRecipient = false }, cancellationToken);
        return result.Succeeded;
    }

    private async Task<(Guid InstanceId, OutgoingHttpRequest? Request)?> ClaimAsync(Guid bookmarkId, HttpActivityOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var now = clock.GetUtcNow();
        var claimedUntil = now + settings.Timeout + settings.ClaimMargin;
        var claimed = await db.Bookmarks
            .Where(b => b.Id == bookmarkId && b.Status == BookmarkStatus.Active && b.ResumeAt != null && b.ResumeAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ResumeAt, claimedUntil), cancellationToken);
        if (claimed == 0)
            return null;
        var waiting = await db.Bookmarks.AsNoTracking().Where(b => b.Id == bookmarkId)
            .Join(db.Instances, b => b.InstanceId, i => i.Id, (b, i) => new { b.ActivityId, i.Id, i.State })
            .SingleAsync(cancellationToken);
        var state = ExecutionState.Deserialise(waiting.State);
        var json = state.ActivityState.GetValueOrDefault(waiting.ActivityId)?[OutgoingHttpRequest.PropertyName] as JsonObject;
        return (waiting.Id, json is null ? null : OutgoingHttpRequest.FromJson(json));
    }

    private async Task<JsonObject> SendAsync(OutgoingHttpRequest request, HttpActivityOptions settings, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(settings.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var message = Message(request);
            using var response = await clients.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var contentType = response.Content.Headers.ContentType;
            var body = await ReadAsync(response.Content, settings.MaxResponseContentLength, linked.Token);
            if (body is null)
                return Failure(OutgoingHttpOutcomes.Unreadable, $"The answer from {request.Url} is larger than {settings.MaxResponseContentLength} bytes.");
            return new JsonObject
            {
                ["outcome"] = OutgoingHttpOutcomes.Response,
                ["statusCode"] = (int)response.StatusCode,
                ["headers"] = Headers(response),
                ["contentType"] = contentType?.ToString(),
                ["content"] = Parse(body, contentType),
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failure(OutgoingHttpOutcomes.Timeout, $"{request.Url} did not answer within {settings.Timeout}.");
        }
        catch (HttpRequestException e)
        {
            return Failure(OutgoingHttpOutcomes.FailedToConnect, $"{request.Method} {request.Url}: {e.Message}");
        }
    }

    private static HttpRequestMessage Message(OutgoingHttpRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.Content is not null)
        {
            message.Content = new StringContent(request.Content, Encoding.UTF8);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType!);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, values))
                message.Content?.Headers.TryAddWithoutValidation(name, values);
        }
        return message;
    }

    /// <summary>The body, or null when it is larger than the limit.</summary>
    private static async Task<byte[]?> ReadAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
            return null;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
                return null;
        }
        return buffer.ToArray();
    }

    private static JsonNode? Parse(byte[] body, MediaTypeHeaderValue? contentType)
    {
        if (body.Length == 0)
            return null;
        var mediaType = contentType?.MediaType ?? "";
        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                // Not the JSON it claims to be: the workflow gets the text.
            }
        }
        var encoding = contentType?.CharSet is { Length: > 0 } charset ? TryEncoding(charset.Trim('"')) : Encoding.UTF8;
        return JsonValue.Create(encoding.GetString(body));
    }

    private static Encoding TryEncoding(string name)
    {
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private static JsonObject Headers(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        return headers;
    }

    private static JsonObject Failure(string outcome, string error) => new() { ["outcome"] = outcome, ["error"] = error };
}
