using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>
/// Calls another system over HTTP, never inside a step: the step that reaches the activity records the request and a
/// bookmark that is due at once and commits; a job makes the call outside any transaction and resumes the bookmark
/// with the answer, exactly once, through the runtime's resume. A call that fails without a way the definition
/// handles it becomes an incident, and retrying the incident makes the call again.
/// </summary>
public abstract class SendHttpRequestBase : Activity
{
    [Input(Description = "The absolute http(s) URL to send the request to.", Required = true, Order = 0)]
    public Input<string>? Url { get; set; }

    [Input(Description = "The HTTP method to use when sending the request.", Options = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"], Order = 1)]
    public Input<string> Method { get; set; } = new("GET");

    [Input(Description = "The content to send with the request (only with a content type): strings as they are, anything else as JSON, or as form fields for application/x-www-form-urlencoded.", UIHint = InputUIHints.MultiLine, Order = 2)]
    public Input<object?>? Content { get; set; }

    [Input(Description = "The content type to use when sending the request.", Options = ["", "text/plain", "text/html", "application/json", "application/xml", "application/x-www-form-urlencoded"], Order = 3)]
    public Input<string?>? ContentType { get; set; }

    [Input(Description = "The Authorization header value to send with the request. For example: Bearer {some-access-token}", Category = "Security", Order = 4)]
    public Input<string?>? Authorization { get; set; }

    [Input(Description = "The headers to send along with the request, e.g. { \"X-Order\": \"42\" }.", Category = "Advanced", Order = 5)]
    public Input<JsonNode?>? RequestHeaders { get; set; }

    [Output(Description = "The HTTP response status code.")]
    public Output<int>? StatusCode { get; set; }

    [Output(Description = "The parsed content, if any: JSON as an object, anything else as a string.")]
    public Output<JsonNode?>? ParsedContent { get; set; }

    [Output(Description = "The response headers that were received.")]
    public Output<JsonNode?>? ResponseHeaders { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var url = context.Get(Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"'{url}' is not an absolute http(s) URL.");
        var headers = HttpHeaderValues.Read(context.Get(RequestHeaders)).ToList();
        if (context.Get(Authorization) is { Length: > 0 } authorization)
            headers.Add(("Authorization", [authorization]));
        var contentType = context.Get(ContentType);
        var content = string.IsNullOrWhiteSpace(contentType) ? null : OutgoingContent.Write(context.Get(Content) as JsonNode, contentType);
        var request = new OutgoingHttpRequest(uri.AbsoluteUri, (context.Get(Method) ?? "GET").Trim().ToUpperInvariant(), headers,
            content is null ? null : contentType, content);
        context.SetProperty(OutgoingHttpRequest.PropertyName, request.ToJson());
        context.CreateBookmark(new BookmarkOptions { Name = OutgoingHttpRequest.BookmarkName, ResumeAt = context.Now });
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var answer = context.ResumeInput as JsonObject ?? [];
        var outcome = answer["outcome"]?.GetValue<string>();
        var error = answer["error"]?.GetValue<string>() ?? "The call failed.";
        context.SetProperty(OutgoingHttpRequest.PropertyName, null);
        switch (outcome)
        {
            case OutgoingHttpOutcomes.Response:
                var statusCode = answer["statusCode"]!.GetValue<int>();
                context.Set(StatusCode, statusCode);
                context.Set(ParsedContent, answer["content"]);
                context.Set(ResponseHeaders, answer["headers"]);
                context.Journal($"HTTP {statusCode}", new JsonObject { ["statusCode"] = statusCode });
                OnResponse(context, statusCode);
                break;
            case OutgoingHttpOutcomes.FailedToConnect:
                OnFailure(context, "Failed to connect", error);
                break;
            case OutgoingHttpOutcomes.Timeout:
                OnFailure(context, "Timeout", error);
                break;
            default:
                throw new ActivityRerunException(error);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>An answer came with this status code.</summary>
    protected abstract void OnResponse(ActivityExecutionContext context, int statusCode);

    /// <summary>
    /// No answer (<paramref name="outcome"/> is <c>Failed to connect</c> or <c>Timeout</c>). The default is an incident
    /// whose retry makes the call again.
    /// </summary>
    protected virtual void OnFailure(ActivityExecutionContext context, string outcome, string error) =>
        throw new ActivityRerunException($"{outcome}: {error}");
}
