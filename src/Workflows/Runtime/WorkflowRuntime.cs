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

/// <summary>
/// Starts, resumes, cancels and retries instances. Every call is one database transaction that
/// locks the instance, burns the bookmark, runs until the next wait and writes the instance,
/// bookmarks, journal and outbox together: all of it commits, or none of it does.
/// </summary>
public sealed partial class WorkflowRuntime(
    IServiceScopeFactory scopes,
    WorkflowDefinitionService definitions,
    ActivityRegistry registry,
    TimeProvider clock,
    IOptions<WorkflowsOptions> options,
    IWorkScheduler scheduler,
    ILogger<WorkflowRuntime> logger)
{
    private readonly JavaScriptEvaluator _javaScript = new(options.Value.JavaScript);

    public Task<InstanceCommandResult> CancelAsync(Guid instanceId, string reason, string actor, CancellationToken cancellationToken = default) =>
        CommandAsync(instanceId, (instance, state, execution) =>
        {
            if (instance.Status == WorkflowStatus.Finished)
                return $"The instance is already {instance.SubStatus}.";
            execution.Actor = actor;
            execution.ResolveIncident = state.OpenIncidentId;
            execution.Finish(WorkflowSubStatus.Cancelled, actor, reason);
            return null;
        }, cancellationToken);

    /// <summary>Re-runs the activity that faulted (with the same input) and whatever was queued behind it.</summary>
    public Task<InstanceCommandResult> RetryAsync(Guid instanceId, string actor, CancellationToken cancellationToken = default) =>
        RetryAsync(instanceId, actor, reason: null, cancellationToken);

    /// <summary>As <see cref="RetryAsync(Guid, string, CancellationToken)"/>, with the operator's reason in the journal.</summary>
    public Task<InstanceCommandResult> RetryAsync(Guid instanceId, string actor, string? reason, CancellationToken cancellationToken = default) =>
        CommandAsync(instanceId, (instance, state, execution) =>
        {
            if (instance.SubStatus != WorkflowSubStatus.Faulted || state.OpenIncidentId is null)
                return "The instance has no open incident.";
            execution.Actor = actor;
            execution.ResolveIncident = state.OpenIncidentId;
            execution.AddJournal(JournalKinds.IncidentRetried, state.Pending.FirstOrDefault()?.ActivityId, actor: actor, message: reason,
                data: new JsonObject { ["incidentId"] = state.OpenIncidentId });
            foreach (var item in state.Pending)
                execution.Schedule(item);
            state.Pending.Clear();
            state.OpenIncidentId = null;
            instance.SubStatus = WorkflowSubStatus.Executing;
            execution.RunPending = true;
            return null;
        }, cancellationToken);

    /// <summary>
    /// Adds a line to an instance's journal outside any activity (e.g. a failed BankID signing on a task page),
    /// serialised with the instance's steps like any other change.
    /// </summary>
    public Task<InstanceCommandResult> AddJournalEntryAsync(Guid instanceId, string kind, string message, JsonNode? data, string actor, CancellationToken cancellationToken = default) =>
        CommandAsync(instanceId, (_, _, execution) =>
        {
            execution.AddJournal(kind, actor: actor, message: message, data: data);
            return null;
        }, cancellationToken);

    /// <summary>
    /// Replaces an active link bookmark with a new token: the old link stops working at once and the
    /// activity sends the new one to the same recipient. A link addressed to no one is sent to nobody:
    /// the new token in the result is its only copy. Who did it and why go in the journal.
    /// </summary>
    public Task<ReissueResult> ReissueBookmarkAsync(Guid bookmarkId, string actor, string reason, CancellationToken cancellationToken = default) =>
        TransientAsync(() => ReissueBookmarkCoreAsync(bookmarkId, actor, reason, cancellationToken));

    private async Task<ReissueResult> ReissueBookmarkCoreAsync(Guid bookmarkId, string actor, string reason, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        await using var transaction = await BeginStepAsync(db, cancellationToken);
        var instance = await LockInstanceAsync(db, BookmarkAddress.ById(bookmarkId), cancellationToken);
        var bookmark = await FindAsync(db, BookmarkAddress.ById(bookmarkId), cancellationToken);
        if (instance is null || bookmark is null)
            return new ReissueResult(InstanceCommandOutcome.NotFound, "No such bookmark.");
        if (bookmark.Status != BookmarkStatus.Active || bookmark.TokenHash is null || instance.Status != WorkflowStatus.Running)
            return new ReissueResult(InstanceCommandOutcome.NotAllowed, "Only an active link of a running instance can be replaced.");

        var definition = await definitions.GetByVersionIdAsync(instance.DefinitionVersionId, cancellationToken);
        var state = ExecutionState.Deserialise(instance.State);
        var execution = NewExecution(instance, state, definition, scope.ServiceProvider, Now(), cancellationToken);
        execution.Actor = actor;
        await execution.ReissueAsync(bookmark, actor, reason);
        var step = await CommitAsync(db, transaction, instance, state, execution, scope.ServiceProvider, cancellationToken);
        return new ReissueResult(InstanceCommandOutcome.Done, Step: step) { Token = step.IssuedTokens.Single() };
    }

    /// <summary>
    /// Plans (and unless <paramref name="dryRun"/>, performs) moving an instance to another published version
    /// of its definition. Only waiting steps move, by activity id; the plan refuses a target where a waiting
    /// step is missing or changed type, or from which a step this instance already completed would run again.
    /// </summary>
    public Task<MigrationPlan> MigrateAsync(Guid instanceId, int targetVersion, bool dryRun, string actor, string reason, CancellationToken cancellationToken = default) =>
        TransientAsync(() => MigrateCoreAsync(instanceId, targetVersion, dryRun, actor, reason, cancellationToken));

    private async Task<MigrationPlan> MigrateCoreAsync(Guid instanceId, int targetVersion, bool dryRun, string actor, string reason, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        await using var transaction = await BeginStepAsync(db, cancellationToken);
        var instance = await LockInstanceAsync(db, instanceId, cancellationToken)
            ?? throw new InstanceNotFoundException(instanceId);
        var source = await definitions.GetByVersionIdAsync(instance.DefinitionVersionId, cancellationToken);
        var target = await definitions.GetRunnableAsync(instance.DefinitionId, targetVersion, cancellationToken);
        var state = ExecutionState.Deserialise(instance.State);
        var completed = await db.Journal.AsNoTracking()
            .Where(j => j.InstanceId == instanceId && j.Kind == JournalKinds.ActivityCompleted && j.ActivityId != null)
            .Select(j => j.ActivityId!).Distinct().ToListAsync(cancellationToken);
        var plan = MigrationPlanner.Plan(instance, state, source, target, completed);
        if (dryRun || !plan.Allowed)
            return plan;

        var execution = NewExecution(instance, state, source, scope.ServiceProvider, Now(), cancellationToken);
        instance.DefinitionVersionId = target.Id;
        instance.Version = target.Version;
        execution.AddJournal(JournalKinds.InstanceMigrated, actor: actor, message: reason,
            data: new JsonObject { ["fromVersion"] = source.Version, ["toVersion"] = target.Version });
        await CommitAsync(db, transaction, instance, state, execution, scope.ServiceProvider, cancellationToken);
        return plan with { Applied = true };
    }

    private Task<InstanceCommandResult> CommandAsync(Guid instanceId,
        Func<WorkflowInstanceRecord, ExecutionState, WorkflowExecution, string?> command, CancellationToken cancellationToken) =>
        TransientAsync(() => CommandCoreAsync(instanceId, command, cancellationToken));

    private async Task<InstanceCommandResult> CommandCoreAsync(Guid instanceId,
        Func<WorkflowInstanceRecord, ExecutionState, WorkflowExecution, string?> command, CancellationToken cancellationToken)
    {
        StepFault fault;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await using var transaction = await BeginStepAsync(db, cancellationToken);
            var (instance, state, execution, refusal) = await OpenCommandAsync(db, instanceId, command, scope.ServiceProvider, cancellationToken);
            if (refusal is not null)
                return refusal;
            if (execution!.RunPending)
            {
                var first = execution.FirstScheduledBookmarkId is { } bookmarkId
                    ? await db.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookmarkId, cancellationToken)
                    : null;
                await execution.RunAsync(first);
            }
            if (execution.Fault is null)
                return new InstanceCommandResult(InstanceCommandOutcome.Done, Step: await CommitAsync(db, transaction, instance!, state!, execution, scope.ServiceProvider, cancellationToken));
            await transaction.RollbackAsync(cancellationToken);
            fault = execution.Fault;
        }

        // The work the command ran failed and rolled back whole: the command is applied again with the incident instead.
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await using var transaction = await BeginStepAsync(db, cancellationToken);
            var (instance, state, execution, refusal) = await OpenCommandAsync(db, instanceId, command, scope.ServiceProvider, cancellationToken);
            if (refusal is not null)
                return refusal;
            execution!.RecordIncident(fault, execution.StepItems);
            return new InstanceCommandResult(InstanceCommandOutcome.Done, Step: await CommitAsync(db, transaction, instance!, state!, execution, scope.ServiceProvider, cancellationToken));
        }
    }

    private async Task<(WorkflowInstanceRecord? Instance, ExecutionState? State, WorkflowExecution? Execution, InstanceCommandResult? Refusal)> OpenCommandAsync(
        WorkflowsDbContext db, Guid instanceId, Func<WorkflowInstanceRecord, ExecutionState, WorkflowExecution, string?> command,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        var instance = await LockInstanceAsync(db, instanceId, cancellationToken);
        if (instance is null)
            return (null, null, null, new InstanceCommandResult(InstanceCommandOutcome.NotFound, $"No instance {instanceId}."));
        var definition = await definitions.GetByVersionIdAsync(instance.DefinitionVersionId, cancellationToken);
        var state = ExecutionState.Deserialise(instance.State);
        var execution = NewExecution(instance, state, definition, services, Now(), cancellationToken);
        return command(instance, state, execution) is { } refusal
            ? (instance, state, execution, new InstanceCommandResult(InstanceCommandOutcome.NotAllowed, refusal))
            : (instance, state, execution, null);
    }

    private WorkflowExecution NewExecution(WorkflowInstanceRecord instance, ExecutionState state, WorkflowDefinitionModel definition,
        IServiceProvider services, DateTimeOffset now, CancellationToken cancellationToken) =>
        new(instance, state, definition, registry, _javaScript, services, now, options.Value.MessageIdDomain, options.Value.MaxActivitiesPerStep, cancellationToken);

    private async Task<StepResult> CommitAsync(WorkflowsDbContext db, IDbContextTransaction transaction, WorkflowInstanceRecord instance,
        ExecutionState state, WorkflowExecution execution, IServiceProvider services, CancellationToken cancellationToken)
    {
        var now = execution.Now;
        if (execution.WithdrawnBookmarks.Count > 0)
        {
            var withdrawn = execution.WithdrawnBookmarks;
            await db.Bookmarks
                .Where(b => withdrawn.Contains(b.Id) && b.Status == BookmarkStatus.Active)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.Status, BookmarkStatus.Withdrawn)
                    .SetProperty(b => b.ResolvedAt, now)
                    .SetProperty(b => b.ResolvedBy, execution.Actor ?? Actors.System), cancellationToken);
        }
        if (execution.ResolveIncident is { } resolved)
        {
            var actor = execution.Actor;
            await db.Incidents.Where(i => i.Id == resolved && i.ResolvedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolvedAt, now).SetProperty(i => i.ResolvedBy, actor), cancellationToken);
        }

        db.Bookmarks.AddRange(execution.NewBookmarks);
        foreach (var entry in execution.Journal)
        {
            entry.Sequence = ++instance.JournalSequence;
            db.Journal.Add(entry);
        }
        db.Outbox.AddRange(execution.Messages);
        if (execution.Incident is not null)
            db.Incidents.Add(execution.Incident);
        instance.State = state.Serialise();
        instance.UpdatedAt = now;
        instance.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        await InterceptAsync(services, StepPhase.InstanceSaved, instance.Id, cancellationToken);
        await InterceptAsync(services, StepPhase.BeforeCommit, instance.Id, cancellationToken);
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseErrors.IsTransient(e))
        {
            throw new DatabaseUnavailableException(outcomeUnknown: true, e);
        }

        if (instance.Status == WorkflowStatus.Finished && instance.FinishedAt == now)
            WorkflowTelemetry.InstancesFinished.Add(1, new KeyValuePair<string, object?>("sub_status", instance.SubStatus));
        if (execution.Incident is not null)
        {
            WorkflowTelemetry.InstancesFaulted.Add(1);
            logger.LogWarning("Instance {InstanceId} faulted at activity {ActivityId}: incident {IncidentId}", instance.Id, execution.Incident.ActivityId, execution.Incident.Id);
        }
        var timers = execution.NewBookmarks.Where(b => b.ResumeAt is not null).Select(b => (b.Id, b.ResumeAt!.Value)).ToList();
        if (timers.Count > 0 || execution.Messages.Count > 0)
            scheduler.OnCommitted(timers, execution.Messages.Count > 0);
        return new StepResult(instance.Id, instance.Status, instance.SubStatus, execution.IssuedTokens) { Reply = execution.Reply };
    }

    /// <summary>The step's time, at the microsecond precision PostgreSQL keeps, so what is stored is what was answered.</summary>
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>One transaction per step; the step saves once, so EF's automatic savepoint would only cost a round trip.</summary>
    private static Task<IDbContextTransaction> BeginStepAsync(WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        db.Database.AutoSavepointsEnabled = false;
        return db.Database.BeginTransactionAsync(cancellationToken);
    }

    private static async Task InterceptAsync(IServiceProvider services, StepPhase phase, Guid instanceId, CancellationToken cancellationToken)
    {
        foreach (var interceptor in services.GetServices<IWorkflowStepInterceptor>())
            await interceptor.OnPhaseAsync(phase, instanceId, cancellationToken);
    }

    private static async Task<WorkflowInstanceRecord?> LockInstanceAsync(WorkflowsDbContext db, Guid instanceId, CancellationToken cancellationToken)
    {
        var lockClause = db.SupportsRowLocks ? "FOR UPDATE" : "";
        var locked = await db.Instances.FromSqlRaw($"SELECT * FROM workflow_instances WHERE id = {{0}} {lockClause}", db.ToProvider(instanceId)).ToListAsync(cancellationToken);
        return locked.SingleOrDefault();
    }

    private static async Task<WorkflowInstanceRecord?> LockInstanceAsync(WorkflowsDbContext db, BookmarkAddress address, CancellationToken cancellationToken)
    {
        var lockClause = db.SupportsRowLocks ? "FOR UPDATE" : "";
        var (column, value) = Key(address);
        var locked = await db.Instances
            .FromSqlRaw($"SELECT * FROM workflow_instances WHERE id = (SELECT instance_id FROM workflow_bookmarks WHERE {column} = {{0}}) {lockClause}", db.ToProvider(value))
            .ToListAsync(cancellationToken);
        return locked.SingleOrDefault();
    }
}
