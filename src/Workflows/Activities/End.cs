using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>Ends the flowchart: the instance finishes and any other branch's bookmarks are withdrawn.</summary>
[Activity("Elsa", "Flow", "Ends the workflow; other branches still waiting are withdrawn.")]
[FlowNode]
public sealed class End : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.CompleteWorkflow();
        return ValueTask.CompletedTask;
    }
}
