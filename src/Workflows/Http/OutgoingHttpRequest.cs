using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>
/// A call an HTTP activity asked for, kept in the activity's state until the answer resumes it (then cleared, since
/// it may hold credentials). The bookmark that waits for the answer is due at once; a job makes the call outside
/// any step and resumes the bookmark with an <see cref="OutgoingHttpOutcomes">outcome</see>.
/// </summary>
public sealed record OutgoingHttpRequest(string Url, string Method, IReadOnlyList<(string Name, string[] Values)> Headers, string? ContentType, string? Content)
{
    /// <summary>The name of the bookmark that waits for the answer.</summary>
    public const string BookmarkName = "Elsa.SendHttpRequest";

    /// <summary>The activity property that holds the request while it waits.</summary>
    public const string PropertyName = "outgoingRequest";

    /// <summary>Who resumes the bookmark with the answer.</summary>
    public const string Actor = "system:http";

    public JsonObject ToJson() => new()
    {
        ["url"] = Url,
        ["method"] = Method,
        ["headers"] = new JsonObject(Headers.Select(h => KeyValuePair.Create(h.Name, (JsonNode?)new JsonArray([.. h.Values.Select(v => (JsonNode)v)])))),
        ["contentType"] = ContentType,
        ["content"] = Content,
    };

    public static OutgoingHttpRequest FromJson(JsonObject json) => new(
        json["url"]!.GetValue<string>(),
        json["method"]!.GetValue<string>(),
        [.. HttpHeaderValues.Read(json["headers"])],
        json["contentType"]?.GetValue<string>(),
        json["content"]?.GetValue<string>());
}

/// <summary>How an outgoing call ended, as the job resumes the waiting activity with it (<c>{ outcome, ... }</c>).</summary>
public static class OutgoingHttpOutcomes
{
    /// <summary>An answer came: <c>statusCode</c>, <c>headers</c>, <c>contentType</c>, <c>content</c>.</summary>
    public const string Response = "response";
    /// <summary>No connection, or it broke: <c>error</c>.</summary>
    public const string FailedToConnect = "failedToConnect";
    /// <summary>No answer within the timeout: <c>error</c>.</summary>
    public const string Timeout = "timeout";
    /// <summary>An answer that cannot be taken into the workflow (e.g. too large): <c>error</c>.</summary>
    public const string Unreadable = "unreadable";
}
