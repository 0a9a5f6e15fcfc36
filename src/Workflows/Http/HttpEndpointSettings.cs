using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>
/// What an <see cref="HttpEndpoint"/> accepts: its route template, methods and who may call it. Kept with its
/// bookmarks (not hashed) so the host can check a request before resuming anything.
/// </summary>
/// <param name="Path">The route template, normalised (<see cref="HttpEndpointStimulus.NormalisePath"/>).</param>
/// <param name="Methods">Upper-case HTTP methods.</param>
/// <param name="Authorize">Whether the caller must be authenticated. Only an explicit <c>false</c> in the definition allows anonymous callers.</param>
/// <param name="Policy">An authorisation policy the caller must satisfy, when set (it implies authentication).</param>
/// <param name="RequestSizeLimit">The largest request body accepted, in bytes; null: the host's default.</param>
public sealed record HttpEndpointSettings(string Path, IReadOnlyList<string> Methods, bool Authorize, string? Policy, long? RequestSizeLimit)
{
    public JsonObject ToJson() => new()
    {
        ["path"] = Path,
        ["methods"] = new JsonArray([.. Methods.Select(m => (JsonNode)m)]),
        ["authorize"] = Authorize,
        ["policy"] = Policy,
        ["requestSizeLimit"] = RequestSizeLimit,
    };

    public static HttpEndpointSettings? FromJson(JsonNode? json) => json is not JsonObject o ? null : new(
        o["path"]?.GetValue<string>() ?? "",
        o["methods"] is JsonArray methods ? [.. methods.Select(m => m!.GetValue<string>())] : [],
        o["authorize"]?.GetValue<bool>() ?? true,
        o["policy"]?.GetValue<string>(),
        o["requestSizeLimit"]?.GetValue<long>());
}
