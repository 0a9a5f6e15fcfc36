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
public sealed class DueWorkProcessor(IServiceScopeFactory scopes, WorkflowRuntime runtime, TimeProvider clock, IEnumerable<IDueBookmarkHandler> handlers)
{
    private readonly Dictionary<string, IDueBookmarkHandler> _handlers = handlers.ToDictionary(h => h.BookmarkName, StringComparer.Ordinal);

    /// <summary>Resumes every timer due now. Returns how many fired here.</summary>
    public async Task<int> RunDueTimersAsync(int batchSize = 200, CancellationToken cancellationToken = default)
    {
        List<(Guid Id, string Name)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var now = clock.GetUtcNow();
            var rows = await db.Bookmarks.AsNoTracking()
                .Where(b => b.Status == BookmarkStatus.Active && b.ResumeAt != null && b.ResumeAt <= now)
                .OrderBy(b => b.ResumeAt)
                .Select(b => new { b.Id, b.Name })
                .Take(batchSize)
                .ToListAsync(cancellationToken);
            due = rows.Select(b => (b.Id, b.Name)).ToList();
        }
        // Handled bookmarks (outgoing calls) may take a while: they run beside the plain timers, not in front of them.
        var handled = due.Where(b => _handlers.ContainsKey(b.Name)).Select(b => _handlers[b.Name].RunAsync(b.Id, cancellationToken)).ToList();
        var fired = 0;
        foreach (var (id, _) in due.Where(b => !_handlers.ContainsKey(b.Name)))
        {
            if (await FireAsync(id, cancellationToken))
                fired++;
        }
        return fired + (await Task.WhenAll(handled)).Count(resumed => resumed);
    }

    /// <summary>Resumes one timer if it is due and still active; a no-op otherwise.</summary>
    public async Task<bool> RunTimerAsync(Guid bookmarkId, CancellationToken cancellationToken = default)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var due = await db.Bookmarks.AsNoTracking().Where(b => b.Id == bookmarkId && b.Status == BookmarkStatus.Active)
                .Select(b => new { b.ResumeAt, b.Name }).FirstOrDefaultAsync(cancellationToken);
            if (due?.ResumeAt is null || due.ResumeAt > clock.GetUtcNow())
                return false;
            if (_handlers.TryGetValue(due.Name, out var handler))
                return await handler.RunAsync(bookmarkId, cancellationToken);
        }
        return await FireAsync(bookmarkId, cancellationToken);
    }

    private async Task<bool> FireAsync(Guid bookmarkId, CancellationToken cancellationToken)
    {
        var result = await runtime.ResumeAsync(BookmarkAddress.ById(bookmarkId), new ResumeRequest(Actors.Timer) { EnforceRecipient = false }, cancellationToken);
        return result.Succeeded;
    }
}
