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

    public string? ValueAsString => Value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Value.ToJsonString(),
    };
}
