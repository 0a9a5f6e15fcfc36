using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Diagnostics;
using Elsa.Kundportal.Workflows.Expressions;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>Resuming bookmarks: by link token, by id, by stimulus and by event.</summary>
public sealed partial class WorkflowRuntime
{
    public async Task<ResumeResult> ResumeAsync(BookmarkAddress address, ResumeRequest request, CancellationToken cancellationToken = default)
    {
        using var span = WorkflowTelemetry.Source.StartActivity("workflow.resume");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await TransientAsync(() => ResumeCoreAsync(address, request, cancellationToken));
        var outcome = new KeyValuePair<string, object?>("outcome", result.Outcome.ToString());
        WorkflowTelemetry.Resumes.Add(1, outcome);
        if (result.Succeeded)
            WorkflowTelemetry.ResumeDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        span?.SetTag("workflow.instance_id", result.InstanceId);
        span?.SetTag("workflow.resume_outcome", result.Outcome.ToString());
        return result;
    }

    private async Task<ResumeResult> ResumeCoreAsync(BookmarkAddress address, ResumeRequest request, CancellationToken cancellationToken)
    {
        var now = Now();
        StepFault fault;
        IReadOnlyList<WorkItem> stepItems;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await using var transaction = await BeginStepAsync(db, cancellationToken);
            var (instance, bookmark, refusal) = await OpenResumeAsync(db, transaction, address, request, now, cancellationToken);
            if (refusal is not null)
                return refusal;
            await InterceptAsync(scope.ServiceProvider, StepPhase.BookmarkBurned, instance!.Id, cancellationToken);
            var (state, execution) = await ResumeExecutionAsync(instance, bookmark!, request, scope.ServiceProvider, now, cancellationToken);
            execution.ScheduleResume(bookmark!, request.Input?.DeepClone(), request.Actor);
            try
            {
                await execution.RunAsync(bookmark);
            }
            catch (InputRejectedException rejected)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new ResumeResult(ResumeOutcome.InputRejected, instance.Id, bookmark!.Id) { Message = rejected.Message, FieldErrors = rejected.FieldErrors };
            }
            if (execution.Fault is null)
            {
                var step = await CommitAsync(db, transaction, instance, state, execution, scope.ServiceProvider, cancellationToken);
                return new ResumeResult(ResumeOutcome.Resumed, instance.Id, bookmark!.Id) { Step = step, HandledAt = now, HandledBy = request.Actor };
            }
            await transaction.RollbackAsync(cancellationToken);
            (fault, stepItems) = (execution.Fault, execution.StepItems);
        }

        // The step rolled back whole. The bookmark is burned again and the incident recorded, in a transaction of their own;
        // if someone else resumed the bookmark in between, theirs was the step and this caller is told so.
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await using var transaction = await BeginStepAsync(db, cancellationToken);
            var (instance, bookmark, refusal) = await OpenResumeAsync(db, transaction, address, request, now, cancellationToken);
            if (refusal is not null)
                return refusal;
            var (state, execution) = await ResumeExecutionAsync(instance!, bookmark!, request, scope.ServiceProvider, now, cancellationToken);
            state.Bookmarks.RemoveAll(b => b.Id == bookmark!.Id);
            execution.RecordIncident(fault, stepItems);
            var step = await CommitAsync(db, transaction, instance!, state, execution, scope.ServiceProvider, cancellationToken);
            return new ResumeResult(ResumeOutcome.Resumed, instance!.Id, bookmark!.Id) { Step = step, HandledAt = now, HandledBy = request.Actor };
        }
    }

    /// <summary>
    /// Locks the instance (every step of an instance takes this lock, so steps are serialised across nodes), then burns
    /// the bookmark only if it is still active, unexpired and addressed to this actor. Anything else rolls back and is
    /// explained from a fresh read.
    /// </summary>
    private async Task<(WorkflowInstanceRecord? Instance, BookmarkRecord? Bookmark, ResumeResult? Refusal)> OpenResumeAsync(WorkflowsDbContext db,
        IDbContextTransaction transaction, BookmarkAddress address, ResumeRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var instance = await LockInstanceAsync(db, address, cancellationToken);
        var bookmark = instance is null || instance.Status != WorkflowStatus.Running || instance.SubStatus == WorkflowSubStatus.Faulted
            ? null
            : await BurnAsync(db, address, request, now, cancellationToken);
        if (bookmark is not null)
            return (instance, bookmark, null);
        await transaction.RollbackAsync(cancellationToken);
        return (instance, null, await ExplainAsync(db, address, request, instance, cancellationToken));
    }

    private async Task<(ExecutionState State, WorkflowExecution Execution)> ResumeExecutionAsync(WorkflowInstanceRecord instance, BookmarkRecord bookmark,
        ResumeRequest request, IServiceProvider services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var definition = await definitions.GetByVersionIdAsync(instance.DefinitionVersionId, cancellationToken);
        var state = ExecutionState.Deserialise(instance.State);
        var execution = NewExecution(instance, state, definition, services, now, cancellationToken);
        execution.Actor = request.Actor;
        execution.AddJournal(JournalKinds.BookmarkResumed, bookmark.ActivityId, bookmark.ActivityType, actor: request.Actor,
            data: new JsonObject { ["bookmarkId"] = bookmark.Id, ["name"] = bookmark.Name });
        return (state, execution);
    }

    /// <summary>Resumes every active bookmark with this stimulus (name and payload), optionally only for one correlation id.</summary>
    public Task<IReadOnlyList<ResumeResult>> ResumeByStimulusAsync(string name, JsonNode? payload, string? correlationId, ResumeRequest request, CancellationToken cancellationToken = default) =>
        ResumeByStimulusAsync(name, payload, correlationId, instanceId: null, request, cancellationToken);

    /// <summary>Resumes every active bookmark with this stimulus (name and payload), optionally only for one correlation id or one instance.</summary>
    public async Task<IReadOnlyList<ResumeResult>> ResumeByStimulusAsync(string name, JsonNode? payload, string? correlationId, Guid? instanceId, ResumeRequest request,
        CancellationToken cancellationToken = default)
    {
        var hash = Stimulus.Hash(name, payload);
        var ids = await TransientAsync(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var query = db.Bookmarks.AsNoTracking().Where(b => b.StimulusHash == hash && b.Status == BookmarkStatus.Active);
            if (correlationId is not null)
                query = query.Where(b => b.CorrelationId == correlationId);
            if (instanceId is { } only)
                query = query.Where(b => b.InstanceId == only);
            return await query.OrderBy(b => b.CreatedAt).Select(b => b.Id).ToListAsync(cancellationToken);
        });
        var results = new List<ResumeResult>(ids.Count);
        foreach (var id in ids)
            results.Add(await ResumeAsync(BookmarkAddress.ById(id), request, cancellationToken));
        return results;
    }

    /// <summary>Raises a named event (Elsa.Event) for the instances with this correlation id (every waiting instance when null).</summary>
    public Task<IReadOnlyList<ResumeResult>> PublishEventAsync(string eventName, string? correlationId, JsonNode? payload, string actor, CancellationToken cancellationToken = default) =>
        PublishEventAsync(eventName, correlationId, instanceId: null, payload, actor, cancellationToken);

    /// <summary>Raises a named event (Elsa.Event), optionally only for a correlation id and/or one instance.</summary>
    public Task<IReadOnlyList<ResumeResult>> PublishEventAsync(string eventName, string? correlationId, Guid? instanceId, JsonNode? payload, string actor,
        CancellationToken cancellationToken = default) =>
        ResumeByStimulusAsync(Activities.Event.StimulusName, Activities.Event.PayloadFor(eventName), correlationId, instanceId,
            new ResumeRequest(actor) { Input = payload, EnforceRecipient = false }, cancellationToken);

    /// <summary>Marks the bookmark resumed and returns it, or null when it may not be resumed (already burned, expired, someone else's).</summary>
    private static async Task<BookmarkRecord?> BurnAsync(WorkflowsDbContext db, BookmarkAddress address, ResumeRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (column, value) = Key(address);
        var recipientCheck = request.EnforceRecipient ? "AND (recipient IS NULL OR lower(recipient) = lower({2}))" : "";
        var burned = await db.Bookmarks.FromSqlRaw(
            $$"""
            UPDATE workflow_bookmarks SET status = 'Resumed', resolved_at = {1}, resolved_by = {2}
            WHERE {{column}} = {0} AND status = 'Active' AND (expires_at IS NULL OR expires_at > {1}) {{recipientCheck}}
            RETURNING *
            """, db.ToProvider(value), db.ToProvider(now), request.Actor).AsNoTracking().ToListAsync(cancellationToken);
        return burned.SingleOrDefault();
    }

    private static (string Column, object Value) Key(BookmarkAddress address) =>
        address.Token is { } token ? ("token_hash", BookmarkToken.HashOf(token)) : ("id", address.Id!.Value);

    private async Task<ResumeResult> ExplainAsync(WorkflowsDbContext db, BookmarkAddress address, ResumeRequest request, WorkflowInstanceRecord? instance, CancellationToken cancellationToken)
    {
        var bookmark = await FindAsync(db, address, cancellationToken);
        if (Check(bookmark, request) is { } refusal)
            return refusal;
        return new ResumeResult(ResumeOutcome.InstanceNotRunning, instance?.Id, bookmark?.Id)
        {
            Message = instance?.SubStatus == WorkflowSubStatus.Faulted ? "The instance has an open incident; retry it first." : $"The instance is {instance?.SubStatus}.",
        };
    }

    private static Task<BookmarkRecord?> FindAsync(WorkflowsDbContext db, BookmarkAddress address, CancellationToken cancellationToken)
    {
        var query = db.Bookmarks.AsNoTracking();
        if (address.Token is { } token)
        {
            var hash = BookmarkToken.HashOf(token);
            return query.FirstOrDefaultAsync(b => b.TokenHash == hash, cancellationToken);
        }
        var id = address.Id!.Value;
        return query.FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
    }

    private ResumeResult? Check(BookmarkRecord? bookmark, ResumeRequest request)
    {
        if (bookmark is null)
            return new ResumeResult(ResumeOutcome.NotFound) { Message = "No such bookmark." };
        if (bookmark.Status != BookmarkStatus.Active)
        {
            return new ResumeResult(ResumeOutcome.AlreadyHandled, bookmark.InstanceId, bookmark.Id)
            {
                HandledAt = bookmark.ResolvedAt,
                HandledBy = bookmark.ResolvedBy,
                HandledHow = bookmark.Status,
                Message = $"Already {bookmark.Status.ToLowerInvariant()} at {bookmark.ResolvedAt:u} by {bookmark.ResolvedBy}.",
            };
        }
        if (bookmark.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            return new ResumeResult(ResumeOutcome.Expired, bookmark.InstanceId, bookmark.Id) { HandledAt = expires, Message = $"Expired at {expires:u}." };
        if (request.EnforceRecipient && bookmark.Recipient is not null && !string.Equals(bookmark.Recipient, request.Actor, StringComparison.OrdinalIgnoreCase))
            return new ResumeResult(ResumeOutcome.WrongRecipient, bookmark.InstanceId, bookmark.Id) { Message = "This task is addressed to someone else." };
        return null;
    }
}
