using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>One case of a switch: its port name and the condition that selects it.</summary>
public sealed record SwitchCase(string Label, Expression? Condition);

[Activity("Elsa", "Branching", "Follows the port of the first (or every) case whose condition holds, else Default.")]
[FlowNode("Default")]
public sealed class FlowSwitch : Activity
{
    [Input(Description = "The cases; each becomes a port.", UIHint = InputUIHints.FlowSwitchEditor)]
    public List<SwitchCase>? Cases { get; set; }

    [Input(Description = "MatchFirst follows the first matching case; MatchAny follows all of them.", Options = ["MatchFirst", "MatchAny"])]
    public Input<string> Mode { get; set; } = new("MatchFirst");

    public override IReadOnlyList<string>? GetDynamicOutcomes() => [.. (Cases ?? []).Select(c => c.Label), "Default"];

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        var labels = (Cases ?? []).Select(c => c.Label).ToList();
        if (labels.Any(string.IsNullOrWhiteSpace))
            yield return ("cases", "every case needs a label.");
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
            yield return ("cases", "case labels must be unique.");
    }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var matchAny = string.Equals(context.Get(Mode), "MatchAny", StringComparison.OrdinalIgnoreCase);
        var matched = new List<string>();
        foreach (var @case in Cases ?? [])
        {
            if (@case.Condition is null || !Expressions.ValueConverter.Convert<bool>(context.Evaluate(@case.Condition)))
                continue;
            matched.Add(@case.Label);
            if (!matchAny)
                break;
        }
        context.Complete(matched.Count > 0 ? [.. matched] : ["Default"]);
        return ValueTask.CompletedTask;
    }
}
