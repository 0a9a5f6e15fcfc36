using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Elsa.Kundportal.Workflows.Runtime.Flow;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>An activity scheduled to run: reached through a connection, or resumed from a bookmark.</summary>
public sealed record WorkItem(string ActivityId, string? ConnectionKey = null, Guid? BookmarkId = null, JsonNode? Input = null, string? Actor = null)
{
    /// <summary>The body scope the activity runs in; null for the root flowchart.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Scope { get; init; }

    /// <summary>Set when the item tells a container that one run of its body (this scope) has finished.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CompletedBody { get; init; }
}

/// <summary>A bookmark the instance holds, kept beside the state so a step needs no query to know them.</summary>
public sealed record BookmarkRef(Guid Id, string ActivityId, string Name)
{
    /// <summary>The body scope of the activity that holds it; null for the root flowchart.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Scope { get; init; }
}

/// <summary>The persisted execution state of an instance (stored as JSON with the instance).</summary>
public sealed class ExecutionState
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Dictionary<string, JsonNode?> Variables { get; set; } = new(StringComparer.Ordinal);
    public JsonNode? Input { get; set; }
    /// <summary>Per-activity properties that survive between steps (e.g. reminders sent).</summary>
    public Dictionary<string, JsonObject> ActivityState { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Per-activity outputs.</summary>
    public Dictionary<string, JsonObject> Outputs { get; set; } = new(StringComparer.Ordinal);
    public List<BookmarkRef> Bookmarks { get; set; } = [];
    /// <summary>Work not yet done: the item that faulted first, then anything queued behind it.</summary>
    public List<WorkItem> Pending { get; set; } = [];
    public Guid? OpenIncidentId { get; set; }
    /// <summary>Tokens on connections, waiting merges and open bodies; null in state written before flowcharts kept them.</summary>
    public FlowState? Flow { get; set; }

    public string Serialise() => JsonSerializer.Serialize(this, Options);

    public static ExecutionState Deserialise(string json) => JsonSerializer.Deserialize<ExecutionState>(json, Options) ?? new ExecutionState();
}
