using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>An application waiting for the signed-in Inera handläggare.</summary>
public sealed record WaitingApplication(Guid BookmarkId, string OrganisationName, string OrganisationNumber, DateTimeOffset SubmittedAt, DateTimeOffset? ExpiresAt);

/// <summary>
/// Inera's approval queue: the applications waiting at "Godkänn kundansökan" for the signed-in handläggare. Each opens
/// as the person's own task (<see cref="TaskAddress.Own"/>): the same page as the e-mailed link, which keeps working,
/// and no e-mail is sent.
/// </summary>
public sealed class ApprovalQueue(WorkflowsDbContext workflows, KundportalDbContextFactory dbs)
{
    public async Task<IReadOnlyList<WaitingApplication>> ListAsync(string email, CancellationToken cancellationToken)
    {
        var waiting = await workflows.Bookmarks.AsNoTracking()
            .Where(b => b.Status == BookmarkStatus.Active && b.ActivityType == TaskKinds.ApproveApplication && b.Recipient == email && b.TokenHash != null)
            .Select(b => new { b.Id, b.InstanceId, b.ExpiresAt, b.CreatedAt })
            .ToListAsync(cancellationToken);
        var instances = waiting.Select(w => (Guid?)w.InstanceId).ToList();
        await using var db = dbs.CreateDbContext();
        var applications = await db.Applications.AsNoTracking().Where(a => instances.Contains(a.WorkflowInstanceId)).ToListAsync(cancellationToken);
        return [.. waiting
            .Join(applications, w => (Guid?)w.InstanceId, a => a.WorkflowInstanceId, (w, a) => new WaitingApplication(w.Id, a.OrganisationName, a.OrganisationNumber, a.SubmittedAt, w.ExpiresAt))
            .OrderBy(a => a.SubmittedAt)];
    }
}
