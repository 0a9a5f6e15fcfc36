using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>
/// Merges branches. WaitAll continues once every inbound connection has arrived; WaitAny continues
/// on the first and withdraws what the other inbound branches still wait for.
/// </summary>
[Activity("Elsa", "Branching", "Merges parallel branches: WaitAll waits for every inbound branch, WaitAny for the first.")]
public sealed class FlowJoin : Activity
{
    private const string ArrivalsKey = "arrivals";

    [Input(Description = "WaitAll or WaitAny.", Options = ["WaitAll", "WaitAny"])]
    public Input<string> Mode { get; set; } = new("WaitAll");

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var inbound = context.Flowchart.Inbound(context.ActivityId).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var arrived = (context.GetProperty<string[]>(ArrivalsKey) ?? []).ToHashSet(StringComparer.Ordinal);
        if (context.IncomingConnectionKey is { } key)
            arrived.Add(key);

        if (string.Equals(context.Get(Mode), "WaitAny", StringComparison.OrdinalIgnoreCase))
        {
            if (arrived.Count > 1)
            {
                // Already continued for the first branch; a later arrival is absorbed.
                context.SetProperty(ArrivalsKey, arrived.ToArray());
                context.CompleteWithoutOutcome();
                return ValueTask.CompletedTask;
            }
            context.SetProperty(ArrivalsKey, arrived.ToArray());
            context.WithdrawBookmarksOf(context.Flowchart.Ancestors(context.ActivityId));
            context.Complete();
            return ValueTask.CompletedTask;
        }

        if (inbound.IsSubsetOf(arrived))
        {
            context.SetProperty(ArrivalsKey, Array.Empty<string>());
            context.Complete();
        }
        else
        {
            context.SetProperty(ArrivalsKey, arrived.ToArray());
        }
        return ValueTask.CompletedTask;
    }
}
