using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>
/// The hash that addresses a bookmark: SHA-256 of one canonical serialisation of name and payload
/// (object keys sorted, no whitespace), so the hash computed when resuming always equals the stored one.
/// </summary>
public static class Stimulus
{
    public static string Hash(string name, JsonNode? payload)
    {
        var canonical = new JsonObject { ["name"] = name, ["payload"] = Canonicalise(payload) };
        return Sha256(canonical.ToJsonString());
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static JsonNode? Canonicalise(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonicalise(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonicalise).ToArray()),
        JsonValue v => JsonNode.Parse(v.ToJsonString()),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    public static string CanonicalJson(JsonNode? node) => Canonicalise(node)?.ToJsonString() ?? "null";
}

/// <summary>Link tokens: 256 random bits, URL-safe; only the SHA-256 is stored.</summary>
public static class BookmarkToken
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => Stimulus.Sha256(token);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal static class JsonText
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Stored JSON keeps Swedish letters as they are, so the journal reads as written.</summary>
    public static string? Of(JsonNode? node) => node?.ToJsonString(Readable);

    public static JsonNode? Parse(string? text) => text is null ? null : JsonNode.Parse(text);

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
