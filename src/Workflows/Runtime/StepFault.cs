using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>
/// Why a step failed: the activity that threw and what it threw. The step's transaction is rolled back whole and the
/// fault is recorded as an incident in a transaction of its own, so nothing the activities wrote before it remains.
/// A database error is told by the database's code and the names it gives, never by the refused values.
/// </summary>
internal sealed record StepFault(WorkItem Item, string ActivityType, string ExceptionType, string Message, string? StackTrace, bool Rerun)
{
    public static StepFault Of(WorkItem item, string activityType, Exception exception)
    {
        var database = DatabaseErrors.Find(exception);
        var thrown = database ?? exception;
        return new StepFault(item, activityType, thrown.GetType().FullName ?? thrown.GetType().Name,
            DatabaseErrors.Describe(exception) ?? exception.Message, exception.StackTrace, exception is ActivityRerunException);
    }

    /// <summary>The work a retry does: the step's own work again; a rerun starts the failed activity afresh (no bookmark, no input).</summary>
    public List<WorkItem> Retry(IEnumerable<WorkItem> stepItems) =>
        [.. stepItems.Select(i => Rerun && i.ActivityId == Item.ActivityId && i.BookmarkId == Item.BookmarkId ? i with { BookmarkId = null, Input = null } : i)];
}
