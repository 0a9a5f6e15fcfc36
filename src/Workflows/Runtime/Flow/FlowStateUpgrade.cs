using Elsa.Kundportal.Workflows.Definitions;

namespace Elsa.Kundportal.Workflows.Runtime.Flow;

/// <summary>
/// Gives an instance started before flowcharts kept tokens a flow state of its own. Its joins kept the branches that
/// had arrived as <c>arrivals</c> (connection keys) in the join's properties: a WaitAll join still waiting gets them as
/// tokens, so it continues when the last branch arrives, exactly as it would have. A WaitAny join had already continued.
/// </summary>
internal static class FlowStateUpgrade
{
    private const string ArrivalsKey = "arrivals";

    public static FlowState FromEarlierState(ExecutionState state, WorkflowDefinitionModel definition)
    {
        var flow = new FlowState();
        foreach (var (activityId, properties) in state.ActivityState.Where(p => p.Value.ContainsKey(ArrivalsKey)).ToList())
        {
            var join = definition.Root.Find(activityId);
            var mode = join?.Json["mode"]?["expression"]?["value"]?.ToString();
            if (join is not null && !string.Equals(mode, "WaitAny", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var key in properties[ArrivalsKey]?.AsArray().Select(k => k?.ToString()) ?? [])
                {
                    if (definition.Root.Inbound(activityId).FirstOrDefault(c => c.Key == key) is { } connection)
                        flow.Tokens.Add(new FlowToken { From = connection.Source.Activity, To = activityId, Port = connection.Source.Port ?? "Done" });
                }
            }
            properties.Remove(ArrivalsKey);
        }
        return flow;
    }
}
