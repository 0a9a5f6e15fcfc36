using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Host.Tests.Contracts;

/// <summary>
/// Exact JSON the API answers, pinned in <c>Contracts/Snapshots/{name}.json</c> (as Hangfire pins its state JSON): any
/// change to a shape Elsa Studio reads is a visible decision in the diff. Values that differ per run (ids, times) are
/// replaced by placeholders before comparing. <c>KUNDPORTAL_UPDATE_SNAPSHOTS=1</c> rewrites the files instead.
/// </summary>
public static class JsonSnapshot
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Keys whose values change from run to run.</summary>
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
    {
        "id", "createdAt", "updatedAt", "publishedAt", "finishedAt", "timestamp", "definitionVersionId", "instanceId", "traceId",
    };

    public static void Matches(string name, JsonNode actual, [CallerFilePath] string callerPath = "")
    {
        var normalised = Normalise(actual.DeepClone());
        var text = normalised.ToJsonString(Indented) + "\n";
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots", name + ".json");
        if (Environment.GetEnvironmentVariable("KUNDPORTAL_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, text);
            return;
        }
        Assert.True(File.Exists(path), $"No snapshot {path}: run the test with KUNDPORTAL_UPDATE_SNAPSHOTS=1 to write it, then review it.");
        var expected = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.True(JsonNode.DeepEquals(expected, normalised), $"The answer differs from {path}. Actual:\n{text}");
    }

    /// <summary>A GUID or the store's 16 hex digits; activity ids (<c>start</c>, <c>review</c>) are the definition's own and stay.</summary>
    private static bool IsGeneratedId(string value) =>
        Guid.TryParse(value, out _) || (value.Length == 16 && value.All(char.IsAsciiHexDigitLower));

    private static JsonNode Normalise(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is null)
                        continue;
                    if (Volatile.Contains(key) && value is JsonValue && (key != "id" || IsGeneratedId(value.ToString())))
                        o[key] = $"<{key}>";
                    else
                        o[key] = Normalise(value.DeepClone());
                }
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } item)
                        a[i] = Normalise(item.DeepClone());
                }
                return a;
            default:
                return node;
        }
    }
}
