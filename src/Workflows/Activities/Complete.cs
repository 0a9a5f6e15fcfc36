using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>Completes the workflow with named outcomes, withdrawing whatever other branches wait for.</summary>
[Activity("Elsa", "Flow", "Completes the workflow with the given outcomes; other branches still waiting are withdrawn.")]
[FlowNode]
public sealed class Complete : Activity
{
    [Input(Description = "The workflow's outcomes, recorded in the journal.")]
    public Input<string[]>? Outcomes { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var outcomes = context.Get(Outcomes) ?? [];
        if (outcomes.Length > 0)
            context.Journal("Workflow completed", new JsonObject { ["outcomes"] = new JsonArray([.. outcomes.Select(o => JsonValue.Create(o))]) }, outcome: string.Join(',', outcomes));
        context.CompleteWorkflow();
        return ValueTask.CompletedTask;
    }
}
