using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

[Activity("Elsa", "Branching", "Starts parallel branches, one port per branch.")]
[FlowNode]
public sealed class FlowFork : Activity
{
    [Input(Description = "The branch names; each becomes a port.", Required = true, UIHint = InputUIHints.DynamicOutcomes)]
    public Input<string[]>? Branches { get; set; }

    public override IReadOnlyList<string>? GetDynamicOutcomes() =>
        Branches is not null && Branches.TryGetLiteral(out var branches) ? branches ?? [] : [];

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        var branches = GetDynamicOutcomes() ?? [];
        if (branches.Count == 0)
            yield return ("branches", "a fork needs at least one branch.");
        if (branches.Distinct(StringComparer.Ordinal).Count() != branches.Count)
            yield return ("branches", "branch names must be unique.");
    }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete(context.Get(Branches) ?? []);
        return ValueTask.CompletedTask;
    }
}
