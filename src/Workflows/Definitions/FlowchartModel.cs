using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Definitions;

/// <summary>One activity of a flowchart as written in the definition JSON.</summary>
public sealed class ActivityNode
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public int Version { get; init; } = 1;
    public string? Name { get; init; }
    /// <summary>Position in its flowchart's <c>activities</c>.</summary>
    public int Index { get; init; }
    /// <summary>The activity's JSON path (<c>$.root.activities[3]</c>, <c>$.root.activities[2].body.activities[0]</c>), for validation errors.</summary>
    public string Path { get; init; } = "";
    /// <summary>The activity's JSON object, kept whole so nothing is lost on export.</summary>
    public required JsonObject Json { get; init; }

    public string DisplayLabel => Name ?? Id;
}

public sealed record Endpoint(string Activity, string? Port);

public sealed record Connection(Endpoint Source, Endpoint Target, int Index)
{
    /// <summary>A stable key for join bookkeeping.</summary>
    public string Key => $"{Source.Activity}:{Source.Port}->{Target.Activity}";
}

public sealed record VariableDefinition(string Id, string Name, string TypeName, JsonNode? Value);

/// <summary>The root flowchart: activities and the connections between their ports.</summary>
public sealed class FlowchartModel
{
    private readonly Dictionary<string, ActivityNode> _byId;
    private readonly ILookup<string, Connection> _outbound;
    private readonly ILookup<string, Connection> _inbound;

    private FlowGraph? _graph;

    public FlowchartModel(string id, IReadOnlyList<ActivityNode> activities, IReadOnlyList<Connection> connections, string path = "$.root")
    {
        Id = id;
        Path = path;
        Activities = activities;
        Connections = connections;
        _byId = activities.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _outbound = connections.ToLookup(c => c.Source.Activity, StringComparer.Ordinal);
        _inbound = connections.ToLookup(c => c.Target.Activity, StringComparer.Ordinal);
    }

    public string Id { get; }
    /// <summary>The flowchart's JSON path: <c>$.root</c>, or a container's <c>body</c>.</summary>
    public string Path { get; }
    public IReadOnlyList<ActivityNode> Activities { get; }

    /// <summary>Which connections go forward and which loop back, and what lies upstream of an activity.</summary>
    public FlowGraph Graph => _graph ??= new FlowGraph(this);
    public IReadOnlyList<Connection> Connections { get; }

    public ActivityNode? Find(string activityId) => _byId.GetValueOrDefault(activityId);

    public IEnumerable<Connection> Outbound(string activityId) => _outbound[activityId];

    public IEnumerable<Connection> Inbound(string activityId) => _inbound[activityId];

    /// <summary>
    /// Where execution begins, the way Elsa picks it: an <c>Elsa.Start</c>, else an activity marked
    /// <c>canStartWorkflow</c>, else the first activity without inbound connections.
    /// </summary>
    public ActivityNode? FindStart()
    {
        return Activities.FirstOrDefault(a => a.Type == "Elsa.Start")
            ?? Activities.FirstOrDefault(a => a.Json["customProperties"]?["canStartWorkflow"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
            ?? Activities.FirstOrDefault(a => !_inbound[a.Id].Any());
    }

    /// <summary>Every activity from which <paramref name="activityId"/> can be reached.</summary>
    public HashSet<string> Ancestors(string activityId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([activityId]);
        while (stack.Count > 0)
        {
            foreach (var c in _inbound[stack.Pop()])
            {
                if (seen.Add(c.Source.Activity))
                    stack.Push(c.Source.Activity);
            }
        }
        return seen;
    }

    /// <summary>Every activity reachable from <paramref name="activityId"/>, itself included.</summary>
    public HashSet<string> Reachable(string activityId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { activityId };
        var stack = new Stack<string>([activityId]);
        while (stack.Count > 0)
        {
            foreach (var c in _outbound[stack.Pop()])
            {
                if (seen.Add(c.Target.Activity))
                    stack.Push(c.Target.Activity);
            }
        }
        return seen;
    }
}

/// <summary>A parsed Elsa 3 workflow definition. <see cref="Json"/> is the whole document as stored.</summary>
public sealed class WorkflowDefinitionModel
{
    public required JsonObject Json { get; init; }
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public int Version { get; init; }
    public bool IsLatest { get; init; }
    public bool IsPublished { get; init; }
    public required IReadOnlyList<VariableDefinition> Variables { get; init; }
    /// <summary>The names of the workflow's declared inputs (Elsa's <c>inputs</c>).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];
    public required FlowchartModel Root { get; init; }
    /// <summary>The body (a nested flowchart, or one activity wrapped as one) of each container activity, by the container's id.</summary>
    public IReadOnlyDictionary<string, FlowchartModel> Bodies { get; init; } = new Dictionary<string, FlowchartModel>();

    private Dictionary<string, FlowchartModel>? _owners;

    /// <summary>Every flowchart of the definition: the root, then the bodies.</summary>
    public IEnumerable<FlowchartModel> Flowcharts => [Root, .. Bodies.Values];

    /// <summary>
    /// Elsa's <c>CorrelatedSingletonStrategy</c> (<c>options.activationStrategyType</c>, by alias or type name): at most one
    /// running instance per correlation id; a start for a running one's correlation id returns that instance.
    /// </summary>
    public bool IsCorrelatedSingleton =>
        Json["options"]?["activationStrategyType"] is JsonValue value && value.TryGetValue<string>(out var type)
        && type.Split(',')[0].Trim().Split('.')[^1] == "CorrelatedSingletonStrategy";

    public VariableDefinition? FindVariable(string idOrName) =>
        Variables.FirstOrDefault(v => v.Id == idOrName) ?? Variables.FirstOrDefault(v => v.Name == idOrName);

    /// <summary>An activity anywhere in the definition, bodies included (ids are unique across the definition).</summary>
    public ActivityNode? Find(string activityId) => FlowchartOf(activityId)?.Find(activityId);

    /// <summary>The flowchart an activity belongs to.</summary>
    public FlowchartModel? FlowchartOf(string activityId)
    {
        if (Root.Find(activityId) is not null)
            return Root;
        _owners ??= Bodies.Values.SelectMany(b => b.Activities.Select(a => (a.Id, Body: b))).ToDictionary(p => p.Id, p => p.Body, StringComparer.Ordinal);
        return _owners.GetValueOrDefault(activityId);
    }

    public FlowchartModel? BodyOf(string activityId) => Bodies.GetValueOrDefault(activityId);
}
