using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

[Activity("Elsa", "Branching", "Follows True or False depending on a condition.")]
[FlowNode("True", "False")]
public sealed class FlowDecision : Activity
{
    [Input(Description = "The condition to evaluate.", Required = true, UIHint = InputUIHints.Code)]
    public Input<bool>? Condition { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete(context.Get(Condition) ? "True" : "False");
        return ValueTask.CompletedTask;
    }
}
