using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Elsa.Kundportal.Workflows.Descriptors;

/// <summary>What the designer needs to know about an activity type.</summary>
public sealed record ActivityDescriptor(
    string TypeName,
    string Namespace,
    string Name,
    string DisplayName,
    string Category,
    string Description,
    int Version,
    string Kind,
    IReadOnlyList<InputDescriptor> Inputs,
    IReadOnlyList<OutputDescriptor> Outputs,
    IReadOnlyList<string> Outcomes,
    bool HasDynamicOutcomes)
{
    [JsonIgnore]
    public Type ClrType { get; init; } = typeof(object);

    [JsonIgnore]
    internal IReadOnlyList<InputBinding> Bindings { get; init; } = [];

    [JsonIgnore]
    internal IReadOnlyList<OutputBinding> OutputBindings { get; init; } = [];
}

public sealed record InputDescriptor(
    string Name,
    string TypeName,
    string DisplayName,
    string? Description,
    string UIHint,
    JsonNode? DefaultValue,
    bool IsRequired,
    IReadOnlyList<string>? Options,
    string? Category,
    int Order,
    bool IsWrapped);

public sealed record OutputDescriptor(string Name, string TypeName, string DisplayName, string? Description);

/// <summary>Activity kinds as the designer groups them.</summary>
public static class ActivityKinds
{
    public const string Action = "Action";
    public const string Blocking = "Blocking";
    public const string Flow = "Flow";
}
