using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>A container that runs its body (an activity or a flowchart) and continues with <c>Done</c> when the body has finished.</summary>
[Activity("Elsa", "Flow", "Runs its body (an activity or a nested flowchart), then continues.")]
public sealed class FlowNode : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.HasBody)
            context.RunBody();
        else
            context.Complete();
        return ValueTask.CompletedTask;
    }
}
