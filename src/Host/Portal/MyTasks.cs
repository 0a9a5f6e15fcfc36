using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Portal;

/// <summary>An open task of the signed-in person: the step by its name, what it is about, and its own address.</summary>
public sealed record MyTask(Guid BookmarkId, string Step, string About, DateTimeOffset ReceivedAt, DateTimeOffset? ExpiresAt);

/// <summary>
/// "Mina uppgifter": every step waiting for the signed-in person, oldest first, whichever the organisation. Each opens
/// at <c>/uppgifter/{id}</c> behind the login, so nobody needs the e-mail; the e-mailed link keeps working too.
/// </summary>
public sealed class MyTasks(WorkflowsDbContext workflows, KundportalDbContextFactory dbs, ActivityRegistry registry)
{
    public async Task<IReadOnlyList<MyTask>> ListAsync(string email, CancellationToken cancellationToken)
    {
        var waiting = await workflows.Bookmarks.AsNoTracking()
            .Where(b => b.Status == BookmarkStatus.Active && b.Recipient == email && b.TokenHash != null)
            .Select(b => new { b.Id, b.InstanceId, b.ActivityType, b.CreatedAt, b.ExpiresAt, b.CorrelationId })
            .ToListAsync(cancellationToken);
        if (waiting.Count == 0)
            return [];
        var instances = waiting.Select(w => (Guid?)w.InstanceId).Distinct().ToList();
        await using var db = dbs.CreateDbContext();
        var orders = await db.Orders.AsNoTracking().Where(o => instances.Contains(o.WorkflowInstanceId))
            .Join(db.Organisations, o => o.CustomerOrganisationId, c => c.Id, (o, c) => new { o.WorkflowInstanceId, o.CaseNumber, Customer = c.Name })
            .ToListAsync(cancellationToken);
        var applications = await db.Applications.AsNoTracking().Where(a => instances.Contains(a.WorkflowInstanceId))
            .Select(a => new { a.WorkflowInstanceId, a.OrganisationName }).ToListAsync(cancellationToken);
        var correlations = waiting.Select(w => w.CorrelationId).Where(c => c != null).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => correlations.Contains(o.OrganisationNumber))
            .ToDictionaryAsync(o => o.OrganisationNumber, o => o.Name, cancellationToken);

        string About(Guid instance, string? correlation) =>
            orders.FirstOrDefault(o => o.WorkflowInstanceId == instance) is { } order ? $"Beställning {order.CaseNumber} för {order.Customer}"
            : applications.FirstOrDefault(a => a.WorkflowInstanceId == instance) is { } application ? $"Kundansökan från {application.OrganisationName}"
            : correlation is not null && organisations.TryGetValue(correlation, out var name) ? name
            : "";

        return [.. waiting
            .Select(w => new MyTask(w.Id, registry.Find(w.ActivityType)?.DisplayName ?? w.ActivityType, About(w.InstanceId, w.CorrelationId), w.CreatedAt, w.ExpiresAt))
            .OrderBy(t => t.ReceivedAt)];
    }
}
