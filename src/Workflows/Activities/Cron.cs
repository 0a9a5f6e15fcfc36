using Cronos;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>
/// Waits for the next occurrence of a cron expression (UTC): a durable timer, kept in the database as a bookmark with
/// its resume time, so a restart loses nothing and the occurrence fires once. Occurrences that passed while nothing
/// ran are not made up: the next wait starts from the time the workflow gets there.
/// </summary>
[Activity("Elsa", "Scheduling", "Waits until the next time the cron expression matches (UTC; durable: survives restarts).")]
public sealed class Cron : Activity
{
    [Input(Description = "The cron expression: minute hour day month weekday (*/15 * * * *), or with seconds first as Elsa writes it (0 0 * * * *).", Required = true)]
    public Input<string>? CronExpression { get; set; }

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        if (CronExpression is not null && CronExpression.TryGetLiteral(out var text) && text is not null && Parse(text) is null)
            yield return ("cronExpression", $"'{text}' is not a cron expression (five fields, or six with seconds first).");
    }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var text = context.Get(CronExpression) ?? "";
        var expression = Parse(text) ?? throw new FormatException($"'{text}' is not a cron expression.");
        var next = expression.GetNextOccurrence(context.Now, TimeZoneInfo.Utc)
            ?? throw new InvalidOperationException($"The cron expression '{text}' has no next occurrence.");
        context.CreateBookmark(new BookmarkOptions { ResumeAt = next });
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }

    private static CronExpression? Parse(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        return Cronos.CronExpression.TryParse(text.Trim(), format, out var expression) ? expression : null;
    }
}
