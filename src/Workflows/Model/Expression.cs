using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Model;

/// <summary>An input's expression as Elsa writes it: <c>{ "type": "Literal", "value": ... }</c>.</summary>
public sealed record Expression(string Type, JsonNode? Value)
{
    public const string Literal = "Literal";
    public const string Object = "Object";
    public const string JavaScript = "JavaScript";
    public const string Variable = "Variable";

    public static IReadOnlyList<string> SupportedTypes { get; } = [Literal, Object, JavaScript, Variable];

    public static Expression FromLiteral(object? value) => new(Literal, value is null ? null : JsonValue.Create(value.ToString()));

    /// <summary>
    /// The variable a <c>Variable</c> expression names. Elsa stores the variable itself (<c>{ "id", "name", "typeName", ... }</c>);
    /// a bare name (or id) is read too.
    /// </summary>
    public (string? Id, string? Name) VariableReference => Value switch
    {
        JsonObject o => (Text(o["id"]), Text(o["name"])),
        JsonValue v when v.TryGetValue<string>(out var s) => (s, s),
        _ => (null, null),
    };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    public string? ValueAsString => Value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Value.ToJsonString(),
    };
}
