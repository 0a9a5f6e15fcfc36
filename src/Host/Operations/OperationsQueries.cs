using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>
/// The dashboard's questions. Each one is a few indexed queries: the funnel groups running instances by
/// the steps they wait at (a partial index covers it), the list pages by keyset on (created_at, id) and
/// never counts everything, the attention counts each use their own index.
/// </summary>
internal sealed partial class OperationsQueries(IServiceScopeFactory scopes, KundportalDbContextFactory domain, StepNames steps, TimeProvider clock)
{
    public const int ThroughputDays = 30;
    public const int MaxPageSize = 200;
    /// <summary>Mail older than this in the outbox and still unsent needs attention.</summary>
    public static readonly TimeSpan MailTooOld = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ExpiringWithin = TimeSpan.FromDays(3);
    public static readonly TimeSpan ExpiredWithin = TimeSpan.FromDays(7);

    private static readonly string[] Negative = ["Rejected", "Declined", "Cancelled"];

    public async Task<OperationsOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        // The three parts are independent reads: each runs on its own connection, at the same time.
        var funnel = TimedAsync(db => FunnelAsync(db, now, cancellationToken));
        var attention = TimedAsync(db => AttentionAsync(db, now, cancellationToken));
        var throughput = TimedAsync(db => ThroughputAsync(db, now, cancellationToken));
        await Task.WhenAll(funnel, attention, throughput);
        return new OperationsOverview(now, (await funnel).Value, (await attention).Value, (await throughput).Value, Stopwatch.GetElapsedTime(started))
        {
            Parts = new Dictionary<string, TimeSpan>
            {
                ["funnel"] = (await funnel).Elapsed,
                ["attention"] = (await attention).Elapsed,
                ["throughput"] = (await throughput).Elapsed,
            },
        };
    }

    private async Task<(T Value, TimeSpan Elapsed)> TimedAsync<T>(Func<WorkflowsDbContext, Task<T>> part)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var value = await part(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
        return (value, Stopwatch.GetElapsedTime(started));
    }

    // ---- funnel ----------------------------------------------------------------------------------

    private sealed record WaitGroup(string DefinitionId, int Version, string Step, int Count, DateTimeOffset Oldest, DateTimeOffset Median);

    private async Task<IReadOnlyList<FunnelVersion>> FunnelAsync(WorkflowsDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var groups = db is PostgresWorkflowsDbContext
            ? await PostgresWaitGroupsAsync(db, cancellationToken)
            : await InMemoryWaitGroupsAsync(db, cancellationToken);
        var faulted = (await db.Instances.AsNoTracking()
                .Where(i => i.Status == WorkflowStatus.Running && i.SubStatus == WorkflowSubStatus.Faulted && i.WaitingAt != null)
                .GroupBy(i => new { i.DefinitionId, i.Version, i.WaitingAt })
                .Select(g => new { g.Key.DefinitionId, g.Key.Version, g.Key.WaitingAt, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .SelectMany(g => Split(g.WaitingAt).Select(step => (g.DefinitionId, g.Version, Step: step, g.Count)))
            .GroupBy(g => (g.DefinitionId, g.Version, g.Step)).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));

        var published = await steps.PublishedAsync(cancellationToken);
        var versions = published.Select(p => (p.DefinitionId, p.Version, p.Name))
            .Concat(groups.Select(g => (g.DefinitionId, g.Version, Name: g.DefinitionId)))
            .DistinctBy(v => (v.DefinitionId, v.Version)).ToList();
        var result = new List<FunnelVersion>();
        foreach (var (definitionId, version, name) in versions.OrderBy(v => v.DefinitionId, StringComparer.Ordinal).ThenByDescending(v => v.Version))
        {
            var known = await steps.StepsAsync(definitionId, version, cancellationToken);
            var waits = groups.Where(g => g.DefinitionId == definitionId && g.Version == version).ToDictionary(g => g.Step);
            var rows = known.Where(s => s.ActivityType.StartsWith("Kundportal.", StringComparison.Ordinal) || waits.ContainsKey(s.ActivityId))
                .Select(s => Row(s.ActivityId, s.DisplayName, s.Order))
                .Concat(waits.Keys.Where(k => known.All(s => s.ActivityId != k)).Select(k => Row(k, k, int.MaxValue)))
                .OrderBy(r => r.Order).ToList();
            result.Add(new FunnelVersion(definitionId, name, version, rows.Sum(r => r.Count), rows));

            FunnelStep Row(string activityId, string stepName, int order)
            {
                var wait = waits.GetValueOrDefault(activityId);
                return new FunnelStep(activityId, stepName, order, wait?.Count ?? 0, faulted.GetValueOrDefault((definitionId, version, activityId)),
                    wait is null ? TimeSpan.Zero : now - wait.Oldest, wait is null ? TimeSpan.Zero : now - wait.Median);
            }
        }
        return result;
    }

    private static async Task<List<WaitGroup>> PostgresWaitGroupsAsync(WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        // Grouped by the waiting_at text, the partial index of running instances is read in its own order:
        // no sort of all running instances, only each group's own for its median.
        const string sql = """
            SELECT definition_id, version, waiting_at, count(*)::int, min(updated_at),
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY updated_at)
            FROM workflow_instances
            WHERE status = 'Running' AND waiting_at IS NOT NULL
            GROUP BY definition_id, version, waiting_at
            """;
        var groups = new List<WaitGroup>();
        await foreach (var r in ReadAsync(db, sql, [], cancellationToken))
            groups.Add(new WaitGroup(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetInt32(3), r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5)));

        // An instance waiting at two steps (parallel branches) counts at both. A step found in one group keeps
        // that group's figures; a step found in several (e.g. "agentReview" and "agentReview,customerAttestation")
        // gets its median from those groups' instances together.
        var result = new List<WaitGroup>();
        foreach (var step in groups.SelectMany(g => Split(g.Step).Select(s => (g.DefinitionId, g.Version, Step: s))).Distinct())
        {
            var containing = groups.Where(g => g.DefinitionId == step.DefinitionId && g.Version == step.Version && Split(g.Step).Contains(step.Step)).ToList();
            if (containing.Count == 1)
            {
                result.Add(containing[0] with { Step = step.Step });
                continue;
            }
            const string merged = """
                SELECT count(*)::int, min(updated_at), percentile_disc(0.5) WITHIN GROUP (ORDER BY updated_at)
                FROM workflow_instances
                WHERE status = 'Running' AND definition_id = @definitionId AND version = @version AND waiting_at = ANY(@waitingAt)
                """;
            await foreach (var r in ReadAsync(db, merged, [("definitionId", step.DefinitionId), ("version", step.Version), ("waitingAt", containing.Select(g => g.Step).ToArray())], cancellationToken))
                result.Add(new WaitGroup(step.DefinitionId, step.Version, step.Step, r.GetInt32(0), r.GetFieldValue<DateTimeOffset>(1), r.GetFieldValue<DateTimeOffset>(2)));
        }
        return result;
    }

    private static async Task<List<WaitGroup>> InMemoryWaitGroupsAsync(WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        // The embedded database holds what one small installation runs: grouping in memory is enough there.
        var running = await db.Instances.AsNoTracking().Where(i => i.Status == WorkflowStatus.Running && i.WaitingAt != null)
            .Select(i => new { i.DefinitionId, i.Version, i.WaitingAt, i.UpdatedAt }).ToListAsync(cancellationToken);
        return [.. running.SelectMany(i => Split(i.WaitingAt).Select(step => (i.DefinitionId, i.Version, Step: step, i.UpdatedAt)))
            .GroupBy(x => (x.DefinitionId, x.Version, x.Step))
            .Select(g =>
            {
                var times = g.Select(x => x.UpdatedAt).Order().ToList();
                return new WaitGroup(g.Key.DefinitionId, g.Key.Version, g.Key.Step, times.Count, times[0], times[(times.Count - 1) / 2]);
            })];
    }

    // ---- attention -------------------------------------------------------------------------------

    private static async Task<IReadOnlyList<AttentionItem>> AttentionAsync(WorkflowsDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var faulted = await Faulted(db.Instances).CountAsync(cancellationToken);
        var reminded = await Reminded(db).CountAsync(cancellationToken);
        var expiring = await Expiring(db, now).CountAsync(cancellationToken);
        var expired = await RecentlyExpired(db, now).CountAsync(cancellationToken);
        var mailFailed = await FailedMail(db).CountAsync(cancellationToken);
        var mailWaiting = await WaitingMail(db, now).CountAsync(cancellationToken);
        var smsFailed = await FailedSms(db).CountAsync(cancellationToken);
        var stepUpFailed = await RecentStepUpFailures(db, now).Select(j => j.InstanceId).Distinct().CountAsync(cancellationToken);
        return
        [
            new(AttentionKeys.Faulted, "Fel med öppen incident", faulted, Link(AttentionKeys.Faulted), "Ett steg kastade ett fel; ärendet står still tills incidenten försöks igen."),
            new(AttentionKeys.Reminded, "Påminnelse skickad, inget svar", reminded, Link(AttentionKeys.Reminded), "Minst en påminnelse har gått ut och steget väntar fortfarande."),
            new(AttentionKeys.Expiring, "Går ut inom 3 dagar", expiring, Link(AttentionKeys.Expiring), "En personlig länk slutar gälla snart och ärendet avslutas då som utgånget."),
            new(AttentionKeys.Expired, "Utgångna senaste 7 dagarna", expired, Link(AttentionKeys.Expired), "Ingen agerade i tid; ärendet avslutades som utgånget."),
            new(AttentionKeys.MailFailed, "E-post som inte gick att skicka", mailFailed, Link(AttentionKeys.MailFailed), "Leveransen gav upp efter upprepade försök."),
            new(AttentionKeys.MailWaiting, "E-post som väntat över 15 minuter", mailWaiting, Link(AttentionKeys.MailWaiting), "Ligger kvar i utkorgen; SMTP kan vara nere."),
            new(AttentionKeys.SmsFailed, "SMS (engångskod) som inte gick att skicka", smsFailed, Link(AttentionKeys.SmsFailed), "Attest med engångskod kan inte slutföras utan SMS."),
            new(AttentionKeys.StepUpFailed, "Misslyckad BankID eller engångskod senaste 7 dagarna", stepUpFailed, Link(AttentionKeys.StepUpFailed), "Någon avbröt BankID, lät ordern gå ut eller angav fel kod; ärenden där det hänt."),
        ];

        static string Link(string key) => $"/drift/instanser?attention={key}";
    }

    /// <summary>Instances where a reminder went out and the step it belongs to still waits (its expiry timer is active).</summary>
    private static IQueryable<Guid> Reminded(WorkflowsDbContext db) =>
        // Reminders and expiries are timers (they have a resume time), which is what the timer index covers.
        db.Bookmarks.Where(b => b.ResumeAt != null && b.Name == WaitingActivity.ReminderBookmark && b.Status == BookmarkStatus.Resumed
                && db.Bookmarks.Any(e => e.ResumeAt != null && e.InstanceId == b.InstanceId && e.ActivityId == b.ActivityId && e.Name == WaitingActivity.ExpiryBookmark && e.Status == BookmarkStatus.Active))
            .Select(b => b.InstanceId).Distinct();

    private static IQueryable<Guid> Expiring(WorkflowsDbContext db, DateTimeOffset now)
    {
        var before = now + ExpiringWithin;
        return db.Bookmarks.Where(b => b.Status == BookmarkStatus.Active && b.ResumeAt != null && b.ResumeAt < before && b.Name == WaitingActivity.ExpiryBookmark)
            .Select(b => b.InstanceId).Distinct();
    }

    // Each kind of trouble is defined once: the overview counts it and the instance list filters by it.

    private static IQueryable<WorkflowInstanceRecord> Faulted(IQueryable<WorkflowInstanceRecord> instances) =>
        instances.Where(i => i.Status == WorkflowStatus.Running && i.SubStatus == WorkflowSubStatus.Faulted);

    private static IQueryable<JournalEntryRecord> RecentlyExpired(WorkflowsDbContext db, DateTimeOffset now)
    {
        var since = now - ExpiredWithin;
        return db.Journal.Where(j => j.Kind == KundportalJournalKinds.Expired && j.Timestamp >= since);
    }

    private static IQueryable<JournalEntryRecord> RecentStepUpFailures(WorkflowsDbContext db, DateTimeOffset now)
    {
        var since = now - ExpiredWithin;
        return db.Journal.Where(j => j.Kind == JournalKinds.StepUpFailed && j.Timestamp >= since);
    }

    private static IQueryable<OutboxMessageRecord> FailedMail(WorkflowsDbContext db) =>
        db.Outbox.Where(m => m.Status == OutboxStatus.Failed && m.Channel == OutboxChannels.Email);

    private static IQueryable<OutboxMessageRecord> WaitingMail(WorkflowsDbContext db, DateTimeOffset now)
    {
        var tooOld = now - MailTooOld;
        return db.Outbox.Where(m => m.Status == OutboxStatus.Pending && m.Channel == OutboxChannels.Email && m.CreatedAt < tooOld);
    }

    private static IQueryable<OutboxMessageRecord> FailedSms(WorkflowsDbContext db) =>
        db.Outbox.Where(m => m.Status == OutboxStatus.Failed && m.Channel == OutboxChannels.Sms);

    private static IQueryable<Guid> InstancesOf(IQueryable<OutboxMessageRecord> messages) =>
        messages.Where(m => m.InstanceId != null).Select(m => m.InstanceId!.Value);

    // ---- throughput ------------------------------------------------------------------------------

    private static async Task<IReadOnlyList<DailyCount>> ThroughputAsync(WorkflowsDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = today.AddDays(-(ThroughputDays - 1));
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var counts = new Dictionary<(string Series, DateOnly Day), int>();
        if (db is PostgresWorkflowsDbContext)
        {
            const string sql = """
                SELECT 'started', (created_at AT TIME ZONE 'UTC')::date, count(*)::int FROM workflow_instances WHERE created_at >= @from GROUP BY 2
                UNION ALL
                SELECT 'finished', (finished_at AT TIME ZONE 'UTC')::date, count(*)::int FROM workflow_instances WHERE finished_at >= @from GROUP BY 2
                UNION ALL
                SELECT 'rejected', ("timestamp" AT TIME ZONE 'UTC')::date, count(*)::int FROM workflow_journal
                  WHERE kind = 'Decision' AND outcome IN ('Rejected', 'Declined', 'Cancelled') AND "timestamp" >= @from GROUP BY 2
                UNION ALL
                SELECT 'expired', ("timestamp" AT TIME ZONE 'UTC')::date, count(*)::int FROM workflow_journal
                  WHERE kind = 'Expired' AND "timestamp" >= @from GROUP BY 2
                """;
            await foreach (var r in ReadAsync(db, sql, [("from", from)], cancellationToken))
                counts[(r.GetString(0), r.GetFieldValue<DateOnly>(1))] = r.GetInt32(2);
        }
        else
        {
            void Add(string series, IEnumerable<DateTimeOffset> times)
            {
                foreach (var day in times.Select(t => DateOnly.FromDateTime(t.UtcDateTime)))
                    counts[(series, day)] = counts.GetValueOrDefault((series, day)) + 1;
            }
            Add("started", await db.Instances.Where(i => i.CreatedAt >= from).Select(i => i.CreatedAt).ToListAsync(cancellationToken));
            Add("finished", await db.Instances.Where(i => i.FinishedAt >= from).Select(i => i.FinishedAt!.Value).ToListAsync(cancellationToken));
            Add("rejected", await db.Journal.Where(j => j.Kind == KundportalJournalKinds.Decision && Negative.Contains(j.Outcome!) && j.Timestamp >= from)
                .Select(j => j.Timestamp).ToListAsync(cancellationToken));
            Add("expired", await db.Journal.Where(j => j.Kind == KundportalJournalKinds.Expired && j.Timestamp >= from)
                .Select(j => j.Timestamp).ToListAsync(cancellationToken));
        }
        return [.. Enumerable.Range(0, ThroughputDays).Select(first.AddDays).Select(day => new DailyCount(day,
            counts.GetValueOrDefault(("started", day)), counts.GetValueOrDefault(("finished", day)),
            counts.GetValueOrDefault(("rejected", day)), counts.GetValueOrDefault(("expired", day))))];
    }
}
