using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>A reference to a workflow variable, as Elsa writes it (<c>{ "id": ..., "name": ... }</c>).</summary>
public sealed record VariableReference(string? Id, string? Name);

[Activity("Elsa", "Primitives", "Assigns a value to a workflow variable.")]
public sealed class SetVariable : CodeActivity
{
    [Input(Description = "The variable to assign.", Required = true, UIHint = InputUIHints.VariablePicker)]
    public VariableReference? Variable { get; set; }

    [Input(Description = "The value to assign.")]
    public Input<object>? Value { get; set; }

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        if (Variable is null || (Variable.Id is null && Variable.Name is null))
            yield return ("variable", "choose the variable to assign.");
    }

    protected override void Execute(ActivityExecutionContext context)
    {
        var variable = context.Definition.FindVariable(Variable?.Id ?? Variable?.Name ?? "");
        var name = variable?.Name ?? Variable?.Name
            ?? throw new InvalidOperationException($"The variable '{Variable?.Id}' is not declared in this workflow.");
        context.SetVariable(name, Value is null ? null : context.Evaluate(Value.Expression));
    }
}
