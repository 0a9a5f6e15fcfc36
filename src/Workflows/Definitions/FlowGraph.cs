namespace Elsa.Kundportal.Workflows.Definitions;

/// <summary>
/// A flowchart's connections split the way Elsa splits them: walking breadth-first from the start, a connection goes
/// forward unless its target can already reach its source (then it loops back). Merges wait only for forward
/// connections; a connection back is how a loop comes round again. Computed once per flowchart; immutable.
/// </summary>
public sealed class FlowGraph
{
    private readonly HashSet<Connection> _forward;
    private readonly ILookup<string, Connection> _forwardInbound;
    private readonly Dictionary<string, HashSet<string>> _ancestors = new(StringComparer.Ordinal);

    public FlowGraph(FlowchartModel flowchart)
    {
        Start = flowchart.FindStart() ?? (flowchart.Activities.Count > 0 ? flowchart.Activities[0] : null);
        _forward = Start is null ? [] : ForwardConnections(flowchart, Start.Id);
        _forwardInbound = _forward.ToLookup(c => c.Target.Activity, StringComparer.Ordinal);
        foreach (var activity in flowchart.Activities)
            _ancestors[activity.Id] = Upstream(activity.Id);
    }

    /// <summary>Where the flowchart starts (for a body without an obvious start, its first activity, as in Elsa).</summary>
    public ActivityNode? Start { get; }

    public bool IsForward(Connection connection) => _forward.Contains(connection);

    /// <summary>The forward connections into an activity: the branches a merge waits for.</summary>
    public IEnumerable<Connection> ForwardInbound(string activityId) => _forwardInbound[activityId];

    /// <summary>Every activity from which <paramref name="activityId"/> can be reached along forward connections.</summary>
    public IReadOnlySet<string> ForwardAncestors(string activityId) =>
        _ancestors.TryGetValue(activityId, out var ancestors) ? ancestors : new HashSet<string>();

    private HashSet<string> Upstream(string activityId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([activityId]);
        while (stack.Count > 0)
        {
            foreach (var c in _forwardInbound[stack.Pop()])
            {
                if (seen.Add(c.Source.Activity))
                    stack.Push(c.Source.Activity);
            }
        }
        return seen;
    }

    private static HashSet<Connection> ForwardConnections(FlowchartModel flowchart, string start)
    {
        var forward = new HashSet<Connection>();
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var source = queue.Dequeue();
            foreach (var connection in flowchart.Outbound(source))
            {
                var target = connection.Target.Activity;
                var known = edges.TryGetValue(source, out var targets) && targets.Contains(target);
                if (!known && (target == source || Reaches(edges, target, source)))
                    continue;
                forward.Add(connection);
                if (!known)
                {
                    if (targets is null)
                        edges[source] = targets = new HashSet<string>(StringComparer.Ordinal);
                    targets.Add(target);
                }
                if (visited.Add(target))
                    queue.Enqueue(target);
            }
        }
        return forward;
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> edges, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([from]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current == to)
                return true;
            if (!seen.Add(current) || !edges.TryGetValue(current, out var next))
                continue;
            foreach (var n in next)
                stack.Push(n);
        }
        return false;
    }
}
