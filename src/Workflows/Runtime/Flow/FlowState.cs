using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Elsa.Kundportal.Workflows.Runtime.Flow;

/// <summary>
/// A token on a connection, as in Elsa's flowchart: emitted when <see cref="From"/> completes with the connection's
/// port, live until <see cref="To"/> completes (then it is consumed and dropped).
/// </summary>
public sealed class FlowToken
{
    public required string From { get; init; }
    public required string To { get; init; }
    public required string Port { get; init; }
    /// <summary>The body scope the connection runs in; null for the root flowchart.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Scope { get; init; }
}

/// <summary>An activity of a flowchart (in a scope) whose merge is waiting for branches still running.</summary>
public sealed record FlowTarget(string ActivityId, string? Scope);

/// <summary>One run of a container's body (a ForEach iteration, a ParallelForEach branch, a FlowNode's body).</summary>
public sealed class BodyScope
{
    public required string Id { get; init; }
    /// <summary>The scope the container runs in; null for the root flowchart.</summary>
    public string? Parent { get; init; }
    /// <summary>The container activity that runs the body.</summary>
    public required string Owner { get; init; }
    /// <summary>Variables local to this run (e.g. <c>CurrentValue</c>, <c>CurrentIndex</c>), seen before the workflow's.</summary>
    public JsonObject Locals { get; set; } = [];
}

/// <summary>
/// Where an instance's flowcharts stand between steps: the tokens on connections, the merges waiting, and the open
/// bodies. Kept in the instance's execution state, so it is written in the step's transaction and survives restarts.
/// </summary>
public sealed class FlowState
{
    public List<FlowToken> Tokens { get; set; } = [];
    public List<FlowTarget> Waiting { get; set; } = [];
    public List<BodyScope> Scopes { get; set; } = [];
    /// <summary>The number of body scopes opened so far (their ids are unique within the instance).</summary>
    public int OpenedScopes { get; set; }

    public void Clear()
    {
        Tokens.Clear();
        Waiting.Clear();
        Scopes.Clear();
    }
}
