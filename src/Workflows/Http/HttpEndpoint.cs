using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>
/// Waits for an HTTP request to <c>/workflows/{path}</c> with one of the given methods. As the start of a published
/// definition it is a trigger: a matching request starts an instance here. Reached in a running instance it waits with
/// one bookmark per method, and the first matching request resumes it; the host answers the caller after the step.
/// </summary>
[Activity("Elsa", "HTTP", "Wait for an inbound HTTP request that matches the specified path and methods.", DisplayName = "HTTP Endpoint", Kind = "Trigger")]
public sealed class HttpEndpoint : Activity
{
    [Input(Description = "The path under /workflows, with route values in braces (e.g. orders/{id}).", Required = true, Order = 0)]
    public Input<string>? Path { get; set; }

    [Input(Description = "The HTTP methods to accept.", Options = ["GET", "POST", "PUT", "HEAD", "DELETE"], UIHint = InputUIHints.CheckList, DefaultValue = "[\"GET\"]", Order = 1)]
    public Input<string[]>? SupportedMethods { get; set; }

    [Input(Description = "Allow authenticated requests only. Anonymous callers are let in only when this is set to false.", Category = "Security", DefaultValue = "true", Order = 2)]
    public Input<bool>? Authorize { get; set; }

    [Input(Description = "An authorisation policy the caller must satisfy; a caller who does not is refused.", Category = "Security", Order = 3)]
    public Input<string>? Policy { get; set; }

    [Input(Description = "The largest request body accepted, in bytes. Empty: the host's default.", Category = "Upload", Order = 4)]
    public Input<long?>? RequestSizeLimit { get; set; }

    [Output(Description = "The parsed request content, if any: JSON as an object, text as a string, a form as its fields.")]
    public Output<JsonNode?>? ParsedContent { get; set; }

    [Output(Description = "The route values, e.g. { \"id\": \"42\" } for orders/{id}.")]
    public Output<JsonNode?>? RouteData { get; set; }

    [Output(Description = "The query string values.")]
    public Output<JsonNode?>? QueryStringData { get; set; }

    [Output(Description = "The request headers, without credentials (Authorization, Cookie, X-Api-Key).")]
    public Output<JsonNode?>? Headers { get; set; }

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        if (SupportedMethods is not null && SupportedMethods.TryGetLiteral(out var methods) && methods is { Length: 0 })
            yield return ("supportedMethods", "choose at least one HTTP method.");
        if (Path is not null && Path.TryGetLiteral(out var path) && (path ?? "").Contains('?', StringComparison.Ordinal))
            yield return ("path", "the path cannot hold a query string.");
    }

    /// <summary>The settings written into the definition, for indexing a trigger; null when an input is an expression.</summary>
    public HttpEndpointSettings? LiteralSettings()
    {
        if (Path is null || !Path.TryGetLiteral(out var path) || string.IsNullOrWhiteSpace(path))
            return null;
        string[]? methods = ["GET"];
        if (SupportedMethods is not null && !SupportedMethods.TryGetLiteral(out methods))
            return null;
        var authorize = true;
        if (Authorize is not null && !Authorize.TryGetLiteral(out authorize))
            return null;
        string? policy = null;
        if (Policy is not null && !Policy.TryGetLiteral(out policy))
            return null;
        long? sizeLimit = null;
        if (RequestSizeLimit is not null && !RequestSizeLimit.TryGetLiteral(out sizeLimit))
            return null;
        return Create(path, methods, authorize, policy, sizeLimit);
    }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.TriggerInput is JsonObject request)
        {
            Receive(context, request);
            return ValueTask.CompletedTask;
        }
        var settings = Create(context.Get(Path), context.Get(SupportedMethods), Authorize is null || context.Get(Authorize),
            context.Get(Policy), context.Get(RequestSizeLimit));
        if (settings.Path.Length == 0)
            throw new InvalidOperationException("The HTTP endpoint's path is empty.");
        foreach (var method in settings.Methods)
        {
            context.CreateBookmark(new BookmarkOptions
            {
                Name = HttpEndpointStimulus.Name,
                Payload = HttpEndpointStimulus.Payload(settings.Path, method),
                Metadata = settings.ToJson(),
            });
        }
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        Receive(context, context.ResumeInput as JsonObject ?? []);
        return ValueTask.CompletedTask;
    }

    private void Receive(ActivityExecutionContext context, JsonObject request)
    {
        context.Set(ParsedContent, request["body"]);
        context.Set(RouteData, request["routeValues"] ?? new JsonObject());
        context.Set(QueryStringData, request["query"] ?? new JsonObject());
        context.Set(Headers, request["headers"] ?? new JsonObject());
        context.Complete();
    }

    private static HttpEndpointSettings Create(string? path, string[]? methods, bool authorize, string? policy, long? sizeLimit) => new(
        HttpEndpointStimulus.NormalisePath(path),
        [.. (methods is { Length: > 0 } ? methods : ["GET"]).Select(m => m.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal)],
        authorize || !string.IsNullOrWhiteSpace(policy),
        string.IsNullOrWhiteSpace(policy) ? null : policy.Trim(),
        sizeLimit);
}
