using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>Continues after an interval. Like <see cref="Delay"/>, the timer is durable.</summary>
[Activity("Elsa", "Scheduling", "Continues when the interval has passed (durable: survives restarts).", Kind = "Trigger")]
public sealed class Timer : Activity
{
    [Input(Description = "The interval (e.g. 00:01:00).", Required = true)]
    public Input<TimeSpan>? Interval { get; set; }

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        if (Interval is not null && Interval.TryGetLiteral(out var interval) && interval <= System.TimeSpan.Zero)
            yield return ("interval", "the interval must be positive.");
    }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.CreateBookmark(new BookmarkOptions { ResumeAt = context.Now + context.Get(Interval) });
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
