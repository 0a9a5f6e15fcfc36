using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Workflows.Scheduling;

/// <summary>
/// Resumes timer bookmarks that are due. The database is the source of truth: a bookmark's
/// <c>ResumeAt</c> is the schedule, and burning the bookmark is what makes a timer fire once,
/// whichever node or job gets there first.
/// </summary>
public sealed class DueWorkProcessor(IServiceScopeFactory scopes, WorkflowRuntime runtime, TimeProvider clock)
{
    /// <summary>Resumes every timer due now. Returns how many fired here.</summary>
    public async Task<int> RunDueTimersAsync(int batchSize = 200, CancellationToken cancellationToken = default)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var now = clock.GetUtcNow();
            due = await db.Bookmarks.AsNoTracking()
                .Where(b => b.Status == BookmarkStatus.Active && b.ResumeAt != null && b.ResumeAt <= now)
                .OrderBy(b => b.ResumeAt)
                .Select(b => b.Id)
                .Take(batchSize)
                .ToListAsync(cancellationToken);
        }
        var fired = 0;
        foreach (var id in due)
        {
            if (await FireAsync(id, cancellationToken))
                fired++;
        }
        return fired;
    }

    /// <summary>Resumes one timer if it is due and still active; a no-op otherwise.</summary>
    public async Task<bool> RunTimerAsync(Guid bookmarkId, CancellationToken cancellationToken = default)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var resumeAt = await db.Bookmarks.AsNoTracking().Where(b => b.Id == bookmarkId && b.Status == BookmarkStatus.Active)
                .Select(b => b.ResumeAt).FirstOrDefaultAsync(cancellationToken);
            if (resumeAt is null || resumeAt > clock.GetUtcNow())
                return false;
        }
        return await FireAsync(bookmarkId, cancellationToken);
    }

    private async Task<bool> FireAsync(Guid bookmarkId, CancellationToken cancellationToken)
    {
        var result = await runtime.ResumeAsync(BookmarkAddress.ById(bookmarkId), new ResumeRequest(Actors.Timer) { EnforceRecipient = false }, cancellationToken);
        return result.Succeeded;
    }
}
