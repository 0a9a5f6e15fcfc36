using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>Raises a fault on purpose: the instance records an incident and waits for an operator.</summary>
[Activity("Elsa", "Primitives", "Faults the workflow with a message; an incident is recorded.")]
[FlowNode]
public sealed class Fault : Activity
{
    [Input(Description = "Why the workflow faults.", Required = true)]
    public Input<string>? Message { get; set; }

    [Input(Description = "An optional error code.")]
    public Input<string>? Code { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var code = context.Get(Code);
        throw new WorkflowFaultException(code is null ? context.Get(Message) ?? "Fault" : $"{code}: {context.Get(Message)}");
    }
}

public sealed class WorkflowFaultException(string message) : Exception(message);
