using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Runtime.Flow;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>
/// Merges branches, as Elsa's FlowJoin: WaitAny (Elsa's default) continues on the first branch to arrive and cancels
/// what still runs upstream; WaitAll waits for every inbound branch (one never taken blocks it); WaitAllActive waits
/// for the branches that were taken. The flowchart does the waiting; the join itself just completes.
/// </summary>
[Activity("Elsa", "Branching", "Merges branches: WaitAny continues on the first (and cancels the others), WaitAll waits for every branch, WaitAllActive for every branch that was taken.")]
public sealed class FlowJoin : Activity, IMergingActivity
{
    public const string WaitAny = nameof(WaitAny);
    public const string WaitAll = nameof(WaitAll);
    public const string WaitAllActive = nameof(WaitAllActive);

    [Input(Description = "WaitAny (the default), WaitAll or WaitAllActive.", Options = [WaitAny, WaitAll, WaitAllActive])]
    public Input<string> Mode { get; set; } = new(WaitAny);

    public MergeMode GetMergeMode(ActivityExecutionContext context) => context.Get(Mode)?.Trim() switch
    {
        var m when string.Equals(m, WaitAll, StringComparison.OrdinalIgnoreCase) => MergeMode.Converge,
        var m when string.Equals(m, WaitAllActive, StringComparison.OrdinalIgnoreCase) => MergeMode.WaitAllActive,
        _ => MergeMode.Race,
    };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
