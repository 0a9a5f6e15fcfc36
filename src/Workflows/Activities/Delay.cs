using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>Waits for a duration. The wait is a bookmark with a resume time, kept in the database, so a restart loses nothing.</summary>
[Activity("Elsa", "Scheduling", "Waits for the given duration (durable: survives restarts).", Kind = "Action")]
public sealed class Delay : Activity
{
    [Input(Description = "How long to wait (e.g. 00:05:00 or P3D).", Required = true)]
    public Input<TimeSpan>? TimeSpan { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.CreateBookmark(new BookmarkOptions { ResumeAt = context.Now + context.Get(TimeSpan) });
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
