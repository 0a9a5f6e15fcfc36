using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Workflows.Retention;

public sealed class RetentionOptions
{
    /// <summary>How long personal data of finished instances is kept.</summary>
    public TimeSpan KeepFinishedFor { get; set; } = TimeSpan.FromDays(730);

    /// <summary>
    /// How long messages that belong to no instance (password links, codes sent outside a task) keep their recipient and text.
    /// What they carry works for minutes or hours; the rows stay for the figures.
    /// </summary>
    public TimeSpan KeepMessagesWithoutInstanceFor { get; set; } = TimeSpan.FromDays(30);
    public int BatchSize { get; set; } = 500;
}

/// <summary>Erases personal data kept outside the engine's tables (domain records) for the instances being erased.</summary>
public interface IPersonalDataEraser
{
    Task EraseAsync(IServiceProvider services, IReadOnlyList<Guid> instanceIds, CancellationToken cancellationToken);
}

public sealed record RetentionPreview(DateTimeOffset Cutoff, int Instances, int JournalEntries, int OutboxMessages, IReadOnlyList<Guid> Sample);

/// <summary>
/// Erases personal data of instances finished before the retention period: variables and input,
/// who acted and free text in the journal, recipients and bodies of messages, bookmark recipients.
/// What happened, when, and with which outcome stays, so the journal and the figures remain.
/// </summary>
public sealed class RetentionService(IServiceScopeFactory scopes, TimeProvider clock, IOptions<RetentionOptions> options, IEnumerable<IPersonalDataEraser> erasers)
{
    public const string Erased = "(raderad)";

    public async Task<RetentionPreview> PreviewAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - options.Value.KeepFinishedFor;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var due = Due(db, cutoff);
        var count = await due.CountAsync(cancellationToken);
        var journal = await db.Journal.CountAsync(j => due.Select(i => i.Id).Contains(j.InstanceId), cancellationToken);
        var outbox = await db.Outbox.CountAsync(m => m.InstanceId != null && due.Select(i => i.Id).Contains(m.InstanceId.Value), cancellationToken);
        var sample = await due.OrderBy(i => i.FinishedAt).Select(i => i.Id).Take(20).ToListAsync(cancellationToken);
        return new RetentionPreview(cutoff, count, journal, outbox, sample);
    }

    /// <summary>Erases one batch; returns how many instances were erased (call until it returns 0).</summary>
    public async Task<int> EraseBatchAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.KeepFinishedFor;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await Due(db, cutoff).OrderBy(i => i.FinishedAt).Select(i => i.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
        if (ids.Count == 0)
            return 0;

        var emptyState = new ExecutionState().Serialise();
        await db.Instances.Where(i => ids.Contains(i.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.State, emptyState)
            .SetProperty(i => i.PersonalDataErasedAt, now), cancellationToken);
        await db.Journal.Where(j => ids.Contains(j.InstanceId)).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Actor, j => j.Actor == null ? null : Erased)
            .SetProperty(j => j.Message, j => j.Message == null ? null : Erased)
            .SetProperty(j => j.Data, (string?)null), cancellationToken);
        await db.Outbox.Where(m => m.InstanceId != null && ids.Contains(m.InstanceId.Value)).ExecuteUpdateAsync(EraseMessage, cancellationToken);
        await db.Bookmarks.Where(b => ids.Contains(b.InstanceId)).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Recipient, b => b.Recipient == null ? null : Erased)
            .SetProperty(b => b.ResolvedBy, b => b.ResolvedBy == null ? null : Erased)
            .SetProperty(b => b.Payload, (string?)null)
            .SetProperty(b => b.Metadata, (string?)null), cancellationToken);
        foreach (var eraser in erasers)
            await eraser.EraseAsync(scope.ServiceProvider, ids, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// Erases recipient and text of messages that belong to no instance once they are older than
    /// <see cref="RetentionOptions.KeepMessagesWithoutInstanceFor"/>; one still unsent by then is given up (Failed).
    /// </summary>
    public async Task<int> EraseMessagesWithoutInstanceAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - options.Value.KeepMessagesWithoutInstanceFor;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.Outbox
            .Where(m => m.InstanceId == null && m.CreatedAt < cutoff && m.Recipient != Erased)
            .ExecuteUpdateAsync(s =>
            {
                EraseMessage(s);
                s.SetProperty(m => m.Status, m => m.Status == OutboxStatus.Pending ? OutboxStatus.Failed : m.Status)
                    .SetProperty(m => m.LastError, m => m.LastError == null ? null : Erased);
            }, cancellationToken);
    }

    /// <summary>The personal data of a message: who it went to and what it said.</summary>
    private static void EraseMessage(UpdateSettersBuilder<OutboxMessageRecord> s) => s
        .SetProperty(m => m.Recipient, Erased)
        .SetProperty(m => m.RecipientName, (string?)null)
        .SetProperty(m => m.Subject, Erased)
        .SetProperty(m => m.Body, Erased)
        .SetProperty(m => m.HtmlBody, (string?)null);

    private static IQueryable<WorkflowInstanceRecord> Due(WorkflowsDbContext db, DateTimeOffset cutoff) =>
        db.Instances.Where(i => i.Status == WorkflowStatus.Finished && i.PersonalDataErasedAt == null && i.FinishedAt != null && i.FinishedAt < cutoff);
}
