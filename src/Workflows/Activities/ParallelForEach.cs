using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>
/// Runs its body once per item, all at once (each run in a scope of its own, with its own <c>CurrentValue</c> and
/// <c>CurrentIndex</c>), and continues with <c>Done</c> once every run has finished.
/// </summary>
[Activity("Elsa", "Looping", "Runs its body for every item at the same time; continues when all have finished.")]
public sealed class ParallelForEach : Activity
{
    private const string RemainingKey = "remaining";

    [Input(Description = "The items to iterate (a JSON array, or a script returning one).", UIHint = InputUIHints.Json)]
    public Input<JsonNode>? Items { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var items = Collection.Of(context.Get(Items));
        if (items.Count == 0 || !context.HasBody)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }
        context.SetProperty(RemainingKey, items.Count);
        for (var i = 0; i < items.Count; i++)
            context.RunBody(Collection.Locals(items[i], i));
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnBodyCompletedAsync(ActivityExecutionContext context)
    {
        var remaining = context.GetProperty<int>(RemainingKey) - 1;
        context.SetProperty(RemainingKey, remaining);
        if (remaining <= 0)
            context.Complete();
        return ValueTask.CompletedTask;
    }
}
