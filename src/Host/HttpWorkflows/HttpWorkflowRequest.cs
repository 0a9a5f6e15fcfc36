using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Elsa.Kundportal.Host.HttpWorkflows;

/// <summary>
/// A request to <c>/workflows/...</c> as the HTTP endpoint activity receives it: method, path, route values, query,
/// headers (never the caller's credentials) and the body, parsed by its content type within a size limit.
/// </summary>
internal static class HttpWorkflowRequest
{
    /// <summary>Headers that carry credentials: they are not handed to the workflow, which stores what it receives.</summary>
    private static readonly HashSet<string> Credentials = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key" };

    /// <summary>The correlation id the caller names (Elsa's <c>X-Correlation-ID</c> header or <c>correlationId</c> query value).</summary>
    public static string? CorrelationId(HttpRequest request) =>
        First(request.Headers["X-Correlation-ID"]) ?? First(request.Query["correlationId"]);

    /// <summary>The instance the caller names (Elsa's <c>X-Workflow-Instance-ID</c> header or <c>workflowInstanceId</c> query value).</summary>
    public static string? InstanceId(HttpRequest request) =>
        First(request.Headers["X-Workflow-Instance-ID"]) ?? First(request.Query["workflowInstanceId"]);

    /// <summary>Reads the request; the problem says why it cannot be taken (413, 415, 400).</summary>
    public static async Task<(JsonObject? Input, IResult? Problem)> ReadAsync(HttpContext context, HttpRouteMatch route, long sizeLimit, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = sizeLimit;
        var (body, problem) = await ReadBodyAsync(request, sizeLimit, cancellationToken);
        if (problem is not null)
            return (null, problem);
        return (new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = request.Path.Value,
            ["routeValues"] = new JsonObject(route.RouteValues.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))),
            ["query"] = Values(request.Query.Select(q => (q.Key, q.Value))),
            ["headers"] = Values(request.Headers.Where(h => !Credentials.Contains(h.Key)).Select(h => (h.Key, h.Value))),
            ["contentType"] = request.ContentType,
            ["body"] = body,
        }, null);
    }

    private static async Task<(JsonNode? Body, IResult? Problem)> ReadBodyAsync(HttpRequest request, long sizeLimit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > sizeLimit)
            return (null, TooLarge(sizeLimit));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > sizeLimit)
                    return (null, TooLarge(sizeLimit));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(sizeLimit));
        }
        if (buffer.Length == 0)
            return (null, null);

        var contentType = request.GetTypedHeaders().ContentType;
        var mediaType = contentType?.MediaType.Value ?? "text/plain";
        var encoding = contentType?.Encoding ?? Encoding.UTF8;
        var text = encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return (JsonNode.Parse(text), null);
            }
            catch (JsonException e)
            {
                return (null, TypedResults.Problem($"The request body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).",
                    statusCode: StatusCodes.Status400BadRequest, title: "The request could not be read."));
            }
        }
        if (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return (Values(QueryHelpers.ParseQuery(text).Select(f => (f.Key, f.Value))), null);
        if (mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("xml", StringComparison.OrdinalIgnoreCase))
            return (JsonValue.Create(text), null);
        return (null, TypedResults.Problem($"An HTTP endpoint takes JSON, text, XML or form content, not {mediaType}.",
            statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type."));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long sizeLimit) =>
        TypedResults.Problem($"The request body is larger than the {sizeLimit} bytes this endpoint accepts.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large.");

    /// <summary>One value as a string, several as a list.</summary>
    private static JsonObject Values(IEnumerable<(string Key, Microsoft.Extensions.Primitives.StringValues Values)> pairs)
    {
        var result = new JsonObject();
        foreach (var (key, values) in pairs)
            result[key] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        return result;
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
}
