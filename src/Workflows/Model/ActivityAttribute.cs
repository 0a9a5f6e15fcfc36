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

    /// <summary>Elsa's activity kind (<c>Action</c>, <c>Trigger</c>, <c>Job</c>, <c>Task</c>). Without it: <c>Task</c> for
    /// an activity that waits to be resumed, otherwise <c>Action</c>.</summary>
    public string? Kind { get; init; }
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

/// <summary>Input UI hints in Elsa's spelling, so Elsa Studio picks its own editor for each.</summary>
public static class InputUIHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Checkbox = "checkbox";
    public const string Dropdown = "dropdown";
    /// <summary>Several of the <see cref="InputAttribute.Options"/> may be chosen.</summary>
    public const string CheckList = "checklist";
    public const string Code = "code-editor";
    public const string MultiText = "multitext";
    public const string VariablePicker = "variable-picker";
    /// <summary>The names in a string list become ports (a fork's branches, a task's answers).</summary>
    public const string DynamicOutcomes = "dynamic-outcomes";
    public const string FlowSwitchEditor = "flow-switch-editor";
    public const string Json = "json-editor";
}
