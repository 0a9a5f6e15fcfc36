using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>The instance list (filters, keyset pages, bulk selection) and one instance's view.</summary>
internal sealed partial class OperationsQueries
{
    public async Task<InstancePage> ListAsync(InstanceFilter filter, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var query = await FilteredAsync(db, filter, now, cancellationToken);
        if (query is null)
            return new InstancePage([], null, Stopwatch.GetElapsedTime(started));
        var rows = await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => new { i.Id, i.DefinitionId, i.Version, i.Status, i.SubStatus, i.CorrelationId, i.WaitingAt, i.CreatedAt, i.UpdatedAt, i.FinishedAt, i.IncidentCount })
            .Take(pageSize + 1).ToListAsync(cancellationToken);
        var more = rows.Count > pageSize;
        if (more)
            rows.RemoveAt(rows.Count - 1);

        var ids = rows.Select(r => r.Id).ToList();
        var numbers = rows.Where(r => r.CorrelationId is not null).Select(r => r.CorrelationId!).Distinct().ToList();
        await using var kundportal = domain.CreateDbContext();
        var orders = await kundportal.Orders.AsNoTracking().Where(o => o.WorkflowInstanceId != null && ids.Contains(o.WorkflowInstanceId.Value))
            .Select(o => new { o.WorkflowInstanceId, o.CaseNumber, o.Status }).ToListAsync(cancellationToken);
        var organisations = await kundportal.Organisations.AsNoTracking().Where(o => numbers.Contains(o.OrganisationNumber))
            .Select(o => new { o.OrganisationNumber, o.Name }).ToListAsync(cancellationToken);
        var items = new List<InstanceRow>(rows.Count);
        foreach (var r in rows)
        {
            var waiting = Split(r.WaitingAt);
            var names = new List<string>(waiting.Length);
            foreach (var step in waiting)
                names.Add(await steps.NameAsync(r.DefinitionId, r.Version, step, cancellationToken));
            var order = orders.FirstOrDefault(o => o.WorkflowInstanceId == r.Id);
            items.Add(new InstanceRow(r.Id, r.DefinitionId, r.Version, r.Status, r.SubStatus, r.CorrelationId,
                organisations.FirstOrDefault(o => o.OrganisationNumber == r.CorrelationId)?.Name, order?.CaseNumber, order?.Status,
                waiting, names, r.CreatedAt, r.UpdatedAt, r.FinishedAt, r.IncidentCount));
        }
        var next = more ? Cursor(rows[^1].CreatedAt, rows[^1].Id) : null;
        return new InstancePage(items, next, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The ids of every instance the filter selects (newest first, at most <paramref name="limit"/>), for bulk actions.</summary>
    public async Task<IReadOnlyList<Guid>> SelectIdsAsync(InstanceFilter filter, int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var query = await FilteredAsync(db, filter with { After = null }, clock.GetUtcNow(), cancellationToken);
        return query is null ? [] : await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Select(i => i.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The filtered query, or null when the filter can match nothing (an organisation name nobody has).</summary>
    private async Task<IQueryable<WorkflowInstanceRecord>?> FilteredAsync(WorkflowsDbContext db, InstanceFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IQueryable<WorkflowInstanceRecord> query;
        if (ParseCursor(filter.After) is { } cursor)
        {
            // Keyset paging: the row value comparison walks the (created_at, id) index from where the last page ended.
            query = db.Instances.FromSqlRaw("SELECT * FROM workflow_instances WHERE (created_at, id) < ({0}, {1})",
                db.ToProvider(cursor.CreatedAt), db.ToProvider(cursor.Id));
        }
        else
            query = db.Instances;
        query = query.AsNoTracking();

        if (filter.DefinitionId is { Length: > 0 } definitionId)
            query = query.Where(i => i.DefinitionId == definitionId);
        if (filter.Version is { } version)
            query = query.Where(i => i.Version == version);
        query = filter.Status switch
        {
            InstanceStatusFilter.Running => query.Where(i => i.Status == WorkflowStatus.Running),
            InstanceStatusFilter.Suspended => query.Where(i => i.Status == WorkflowStatus.Running && i.SubStatus == WorkflowSubStatus.Suspended),
            InstanceStatusFilter.Faulted => query.Where(i => i.SubStatus == WorkflowSubStatus.Faulted),
            InstanceStatusFilter.Finished => query.Where(i => i.Status == WorkflowStatus.Finished && i.SubStatus == WorkflowSubStatus.Finished),
            InstanceStatusFilter.Cancelled => query.Where(i => i.SubStatus == WorkflowSubStatus.Cancelled),
            _ => query,
        };
        if (filter.Step is { Length: > 0 } step)
        {
            var exact = step;
            var pattern = "," + step + ",";
            query = query.Where(i => i.WaitingAt == exact || ("," + i.WaitingAt + ",").Contains(pattern));
        }
        if (filter.CorrelationId is { Length: > 0 } correlationId)
            query = query.Where(i => i.CorrelationId == correlationId);
        if (filter.Organisation is { Length: > 0 } organisation)
        {
            var numbers = await OrganisationNumbersAsync(organisation.Trim(), cancellationToken);
            if (numbers.Count == 0)
                return null;
            query = numbers.Count == 1 ? query.Where(i => i.CorrelationId == numbers[0]) : query.Where(i => numbers.Contains(i.CorrelationId!));
        }
        if (filter.WaitingDays is { } days)
        {
            var before = now - TimeSpan.FromDays(days);
            query = query.Where(i => i.Status == WorkflowStatus.Running && i.UpdatedAt < before);
        }
        if (filter.StartedFrom is { } fromDay)
        {
            var from = new DateTimeOffset(fromDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(i => i.CreatedAt >= from);
        }
        if (filter.StartedTo is { } toDay)
        {
            var to = new DateTimeOffset(toDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(i => i.CreatedAt < to);
        }
        if (filter.Attention == AttentionKeys.Faulted)
            query = Faulted(query);
        else if (AttentionIds(db, filter.Attention, now) is { } ids)
            query = query.Where(i => ids.Contains(i.Id));
        return query;
    }

    /// <summary>The instances a kind of trouble (other than faulted) concerns, as a subquery.</summary>
    private static IQueryable<Guid>? AttentionIds(WorkflowsDbContext db, string? key, DateTimeOffset now) => key switch
    {
        AttentionKeys.Reminded => Reminded(db),
        AttentionKeys.Expiring => Expiring(db, now),
        AttentionKeys.Expired => RecentlyExpired(db, now).Select(j => j.InstanceId),
        AttentionKeys.MailFailed => InstancesOf(FailedMail(db)),
        AttentionKeys.MailWaiting => InstancesOf(WaitingMail(db, now)),
        AttentionKeys.SmsFailed => InstancesOf(FailedSms(db)),
        AttentionKeys.StepUpFailed => RecentStepUpFailures(db, now).Select(j => j.InstanceId),
        _ => null,
    };

    /// <summary>An organisationsnummer as written (with or without hyphen) or the numbers of organisations whose name contains the text.</summary>
    private async Task<List<string>> OrganisationNumbersAsync(string text, CancellationToken cancellationToken)
    {
        if (OrganisationNumber.TryParse(text, out var number, out _))
            return [number.Digits];
        var lower = text.ToLowerInvariant();
        await using var db = domain.CreateDbContext();
#pragma warning disable CA1862 // Translated to SQL: lower(name) LIKE, which both databases evaluate.
        return await db.Organisations.AsNoTracking().Where(o => o.Name.ToLower().Contains(lower))
#pragma warning restore CA1862
            .OrderBy(o => o.Name).Select(o => o.OrganisationNumber).Take(100).ToListAsync(cancellationToken);
    }

    public static string Cursor(DateTimeOffset createdAt, Guid id) =>
        $"{createdAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}_{id:N}";

    private static (DateTimeOffset CreatedAt, Guid Id)? ParseCursor(string? cursor)
    {
        if (cursor is null)
            return null;
        var parts = cursor.Split('_');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks > 0 && ticks < DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id)
            ? (new DateTimeOffset(ticks, TimeSpan.Zero), id)
            : null;
    }

    // ---- one instance ----------------------------------------------------------------------------

    public const string SmsBodyHidden = "(engångskod, visas inte)";

    public async Task<InstanceView?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instance is null)
            return null;
        var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Sequence).ToListAsync(cancellationToken);
        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).ToListAsync(cancellationToken);
        var messages = await db.Outbox.AsNoTracking().Where(m => m.InstanceId == id).ToListAsync(cancellationToken);
        // An SMS carries a one-time code: operations see that it was sent, and how it went, not the code. An e-mail
        // carries a personal link: operations read the text without a link that works (a new one is sent by "resend").
        foreach (var message in messages)
            message.Body = message.Channel == OutboxChannels.Sms ? SmsBodyHidden : LinkMasking.Mask(message.Body);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.InstanceId == id).ToListAsync(cancellationToken);
        var definitionName = await db.Definitions.AsNoTracking().Where(d => d.Id == instance.DefinitionVersionId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken)
            ?? instance.DefinitionId;
        var versions = await db.Definitions.AsNoTracking().Where(d => d.DefinitionId == instance.DefinitionId && d.IsPublished)
            .OrderBy(d => d.Version).Select(d => d.Version).ToListAsync(cancellationToken);
        var names = (await steps.StepsAsync(instance.DefinitionId, instance.Version, cancellationToken)).ToDictionary(s => s.ActivityId, s => s.DisplayName);

        await using var kundportal = domain.CreateDbContext();
        var order = await kundportal.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.WorkflowInstanceId == id, cancellationToken);
        var customer = instance.CorrelationId is { } number
            ? await kundportal.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == number, cancellationToken)
            : null;
        var agent = order is null ? null : await kundportal.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == order.AgentOrganisationId, cancellationToken);
        return new InstanceView(instance, definitionName, names, customer, agent, order, journal,
            [.. bookmarks.OrderBy(b => b.CreatedAt)], [.. messages.OrderBy(m => m.CreatedAt)], [.. incidents.OrderBy(i => i.Timestamp)], versions);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static string[] Split(string? waitingAt) =>
        string.IsNullOrEmpty(waitingAt) ? [] : waitingAt.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async IAsyncEnumerable<DbDataReader> ReadAsync(WorkflowsDbContext db, string sql, (string Name, object Value)[] parameters,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL; values go in parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                yield return reader;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
