using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

[Activity("Elsa", "Primitives", "Sets the workflow's correlation id (e.g. an order or organisation number).")]
public sealed class Correlate : CodeActivity
{
    [Input(Description = "The correlation id.", Required = true)]
    public Input<string>? CorrelationId { get; set; }

    protected override void Execute(ActivityExecutionContext context) => context.CorrelationId = context.Get(CorrelationId);
}
