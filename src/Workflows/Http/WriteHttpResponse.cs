using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>
/// Writes the answer to the HTTP request that started or resumed this step. The host sends it once the step has
/// committed; a step that no request caused has nobody to answer, and the response is dropped.
/// </summary>
[Activity("Elsa", "HTTP", "Write a response to the current HTTP response object.", DisplayName = "HTTP Response")]
public sealed class WriteHttpResponse : CodeActivity
{
    [Input(Description = "The status code to return.", Order = 0)]
    public Input<HttpStatusCode> StatusCode { get; set; } = new(HttpStatusCode.OK);

    [Input(Description = "The content to write back. Strings are sent as they are, anything else as JSON.", UIHint = InputUIHints.MultiLine, Order = 1)]
    public Input<object?>? Content { get; set; }

    [Input(Description = "The content type of the response. Empty: text/plain for strings, application/json otherwise.",
        Options = ["", "text/plain", "text/html", "application/json", "application/xml"], Order = 2)]
    public Input<string?>? ContentType { get; set; }

    [Input(Description = "The headers to send along with the response, e.g. { \"Location\": \"/orders/42\" }.", Category = "Advanced", Order = 3)]
    public Input<JsonNode?>? ResponseHeaders { get; set; }

    protected override void Execute(ActivityExecutionContext context)
    {
        var content = context.Get(Content) as JsonNode;
        var contentType = context.Get(ContentType);
        var text = content switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            _ => content.ToJsonString(),
        };
        if (text is not null && string.IsNullOrWhiteSpace(contentType))
            contentType = content is JsonValue v && v.TryGetValue<string>(out _) ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
        context.Respond(new JsonObject
        {
            ["statusCode"] = (int)context.Get(StatusCode),
            ["contentType"] = text is null ? null : contentType,
            ["headers"] = HttpHeaderValues.Normalise(context.Get(ResponseHeaders)),
            ["content"] = text,
        });
    }
}
