using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>Turns an activity's content input into the body text for a content type.</summary>
internal static class OutgoingContent
{
    public static string? Write(JsonNode? content, string contentType)
    {
        if (content is null)
            return null;
        if (content is JsonValue value && value.TryGetValue<string>(out var text))
            return text;
        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) && content is JsonObject fields)
        {
            return string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(
                f.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : f.Value?.ToJsonString() ?? "")}"));
        }
        return content.ToJsonString();
    }
}
