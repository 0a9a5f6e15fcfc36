namespace Elsa.Kundportal.Workflows.Model;

/// <summary>
/// Describes an activity for the registry and the designer. The type name is
/// <c>{Namespace}.{ClassName}</c> unless <see cref="Type"/> is set, as in Elsa.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string category, string description) : Attribute
{
    public string Namespace { get; } = @namespace;
    public string Category { get; } = category;
    public string Description { get; } = description;
    public string? Type { get; init; }
    public string? DisplayName { get; init; }
    public int Version { get; init; } = 1;
}

/// <summary>The static outcome ports of a flow activity. Without it an activity has one port, <c>Done</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FlowNodeAttribute(params string[] outcomes) : Attribute
{
    public IReadOnlyList<string> Outcomes { get; } = outcomes;
}

/// <summary>Marks an activity property as an input shown in the designer.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public string? UIHint { get; init; }
    public string[]? Options { get; init; }
    public bool Required { get; init; }
    public string? Category { get; init; }
    public int Order { get; init; }
    /// <summary>JSON text of the default value shown in the designer.</summary>
    public string? DefaultValue { get; init; }
}

/// <summary>Marks an activity property as an output.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
}

/// <summary>Input UI hints the designer understands.</summary>
public static class InputUIHints
{
    public const string SingleLine = "single-line";
    public const string MultiLine = "multi-line";
    public const string Checkbox = "checkbox";
    public const string Dropdown = "dropdown";
    public const string Duration = "duration";
    public const string Number = "number";
    public const string Code = "code-editor";
    public const string MultiText = "multi-text";
    public const string VariablePicker = "variable-picker";
    public const string SwitchEditor = "switch-editor";
    public const string RoleRecipients = "role-recipients";
    public const string Json = "json-editor";
}
