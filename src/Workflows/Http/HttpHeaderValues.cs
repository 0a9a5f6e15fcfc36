using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>Headers as definitions write them: an object whose values are a string or a list of strings.</summary>
public static class HttpHeaderValues
{
    /// <summary>The headers as <c>{ name: [values] }</c>; anything that is not an object gives none.</summary>
    public static JsonObject Normalise(JsonNode? headers)
    {
        var result = new JsonObject();
        if (headers is not JsonObject o)
            return result;
        foreach (var (name, value) in o)
        {
            var values = value switch
            {
                null => [],
                JsonArray a => a.Where(v => v is not null).Select(v => Text(v!)).ToArray(),
                _ => [Text(value)],
            };
            result[name] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }
        return result;
    }

    public static IEnumerable<(string Name, string[] Values)> Read(JsonNode? headers) =>
        Normalise(headers).Select(p => (p.Key, p.Value!.AsArray().Select(v => v!.GetValue<string>()).ToArray()));

    private static string Text(JsonNode value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
}
