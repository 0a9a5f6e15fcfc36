using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Elsa.Kundportal.Workflows.Descriptors;

/// <summary>
/// An activity type as Elsa 3.8's <c>GET /descriptors/activities</c> describes it, so Elsa Studio and Elsa.Api.Client
/// read it as they read Elsa's own: <see cref="Kind"/> is one of <see cref="ActivityKinds"/>, outcomes are flow
/// <see cref="Ports"/>, and an activity without ports ends the flow (<see cref="IsTerminal"/>).
/// </summary>
public sealed record ActivityDescriptor(
    string TypeName,
    string Namespace,
    string Name,
    int Version,
    string Category,
    string DisplayName,
    string Description,
    IReadOnlyList<InputDescriptor> Inputs,
    IReadOnlyList<OutputDescriptor> Outputs,
    string Kind,
    IReadOnlyList<PortDescriptor> Ports,
    IReadOnlyDictionary<string, JsonNode?> CustomProperties,
    IReadOnlyDictionary<string, JsonNode?> ConstructionProperties,
    bool IsContainer,
    bool IsBrowsable,
    bool IsStart,
    bool IsTerminal)
{
    /// <summary>The static outcome names (the ports' names).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Outcomes => [.. Ports.Select(p => p.Name)];

    /// <summary>Whether the ports also depend on the activity's inputs (a fork's branches, a switch's cases).</summary>
    [JsonIgnore]
    public bool HasDynamicOutcomes { get; init; }

    /// <summary>Whether the activity waits (creates bookmarks) before it completes.</summary>
    [JsonIgnore]
    public bool Waits { get; init; }

    [JsonIgnore]
    public Type ClrType { get; init; } = typeof(object);

    [JsonIgnore]
    internal IReadOnlyList<InputBinding> Bindings { get; init; } = [];

    [JsonIgnore]
    internal IReadOnlyList<OutputBinding> OutputBindings { get; init; } = [];
}

/// <summary>
/// An input as Elsa describes it. <see cref="UISpecifications"/> carries the editor's settings in Elsa's keys
/// (<c>dropdown.selectList.items</c>); <see cref="IsRequired"/> is this engine's own addition, which Elsa's clients ignore.
/// </summary>
public sealed record InputDescriptor(
    string Name,
    string TypeName,
    string DisplayName,
    string? Description,
    float Order,
    bool IsBrowsable,
    bool IsSynthetic,
    string UIHint,
    string? Category,
    JsonNode? DefaultValue,
    string DefaultSyntax,
    bool IsReadOnly,
    bool IsSensitive,
    bool IsWrapped,
    string? StorageDriverType,
    IReadOnlyDictionary<string, JsonNode?>? UISpecifications,
    bool IsRequired)
{
    /// <summary>The values a dropdown offers, read from <see cref="UISpecifications"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<string>? Options { get; init; }
}

public sealed record OutputDescriptor(string Name, string TypeName, string DisplayName, string? Description, float Order, bool IsBrowsable, bool IsSynthetic);

/// <summary>An outbound port. Flowchart activities have flow ports only.</summary>
public sealed record PortDescriptor(string Name, string DisplayName, string Type, bool IsBrowsable)
{
    public const string Flow = "Flow";

    public static PortDescriptor ForOutcome(string outcome) => new(outcome, outcome, Flow, true);
}

/// <summary>Elsa's activity kinds (its <c>ActivityKind</c> enum, written by name).</summary>
public static class ActivityKinds
{
    /// <summary>Does its work and completes; most activities.</summary>
    public const string Action = "Action";

    /// <summary>Starts or resumes a workflow on an outside stimulus (a timer, an event).</summary>
    public const string Trigger = "Trigger";

    /// <summary>Runs in the background.</summary>
    public const string Job = "Job";

    /// <summary>A task someone outside the engine performs (here: a person answering through a link).</summary>
    public const string Task = "Task";
}
