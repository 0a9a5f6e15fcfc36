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
public sealed class WorkflowRuntime(
    IServiceScopeFactory scopes,
    WorkflowDefinitionService definitions,
    ActivityRegistry registry,
    TimeProvider clock,
    IOptions<WorkflowsOptions> options,
    IWorkScheduler scheduler,
    ILogger<WorkflowRuntime> logger)
{
    private readonly JavaScriptEvaluator _javaScript = new(options.Value.JavaScript);

    /// <summary>
    /// Starts an instance and runs it to its first wait. If an activity refuses the start input
    /// (<see cref="ActivityExecutionContext.RejectInput"/>), nothing is stored and the
    /// <see cref="InputRejectedException"/> reaches the caller.
    /// </summary>
    public async Task<StepResult> StartAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default)
    {
        using var span = WorkflowTelemetry.Source.StartActivity("workflow.start");
        span?.SetTag("workflow.definition_id", request.DefinitionId);
        var definition = await definitions.GetRunnableAsync(request.DefinitionId, request.Version, cancellationToken);
        var start = (request.TriggerActivityId is { } trigger ? definition.Root.Find(trigger) : definition.Root.FindStart())
            ?? throw new WorkflowDefinitionInvalidException([new ValidationError("$.root.activities", "The flowchart has no start.")]);

        var now = Now();
        var id = Guid.CreateVersion7(now);
        StepFault fault;
        IReadOnlyList<WorkItem> stepItems;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var (instance, state) = NewInstance(id, definition, request, now);
            await using var transaction = await BeginStepAsync(db, cancellationToken);
            db.Instances.Add(instance);
            var execution = StartExecution(instance, state, definition, request, scope.ServiceProvider, now, cancellationToken);
            execution.Schedule(new WorkItem(start.Id, Input: request.TriggerInput?.DeepClone(), Actor: request.Actor));
            await execution.RunAsync(null);
            if (execution.Fault is null)
                return Started(await CommitAsync(db, transaction, instance, state, execution, scope.ServiceProvider, cancellationToken), definition, span);
            await transaction.RollbackAsync(cancellationToken);
            (fault, stepItems) = (execution.Fault, execution.StepItems);
        }

        // The step rolled back whole; the instance is stored with the incident alone, in a transaction of its own.
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var (instance, state) = NewInstance(id, definition, request, now);
            await using var transaction = await BeginStepAsync(db, cancellationToken);
            db.Instances.Add(instance);
            var execution = StartExecution(instance, state, definition, request, scope.ServiceProvider, now, cancellationToken);
            execution.RecordIncident(fault, stepItems);
            return Started(await CommitAsync(db, transaction, instance, state, execution, scope.ServiceProvider, cancellationToken), definition, span);
        }
    }

    private static (WorkflowInstanceRecord Instance, ExecutionState State) NewInstance(Guid id, WorkflowDefinitionModel definition, StartWorkflowRequest request, DateTimeOffset now)
    {
        var instance = new WorkflowInstanceRecord
        {
            Id = id,
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            Version = definition.Version,
            Name = definition.Name,
            Status = WorkflowStatus.Running,
            SubStatus = WorkflowSubStatus.Executing,
            CorrelationId = request.CorrelationId,
            CreatedAt = now,
            UpdatedAt = now,
            State = "{}",
        };
        var state = new ExecutionState { Input = request.Input?.DeepClone() };
        foreach (var variable in definition.Variables)
            state.Variables[variable.Name] = variable.Value?.DeepClone();
        foreach (var (name, value) in request.Variables ?? new Dictionary<string, object?>())
            state.Variables[name] = ValueConverter.ToJson(value);
        return (instance, state);
    }

    private WorkflowExecution StartExecution(WorkflowInstanceRecord instance, ExecutionState state, WorkflowDefinitionModel definition,
        StartWorkflowRequest request, IServiceProvider services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var execution = NewExecution(instance, state, definition, services, now, cancellationToken);
        execution.Actor = request.Actor;
        execution.AddJournal(JournalKinds.InstanceStarted, actor: request.Actor,
            data: new JsonObject { ["definitionId"] = definition.DefinitionId, ["version"] = definition.Version, ["correlationId"] = request.CorrelationId });
        return execution;
    }

    private static StepResult Started(StepResult step, WorkflowDefinitionModel definition, System.Diagnostics.Activity? span)
    {
        WorkflowTelemetry.InstancesStarted.Add(1, new KeyValuePair<string, object?>("definition_id", definition.DefinitionId));
        span?.SetTag("workflow.instance_id", step.InstanceId);
        return step;
    }

    public async Task<ResumeResult> ResumeAsync(BookmarkAddress address, ResumeRequest request, CancellationToken cancellationToken = default)
    {
        using var span = WorkflowTelemetry.Source.StartActivity("workflow.resume");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await ResumeCoreAsync(address, request, cancellationToken);
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
            execution.Schedule(new WorkItem(bookmark!.ActivityId, BookmarkId: bookmark.Id, Input: request.Input?.DeepClone(), Actor: request.Actor));
            try
            {
                await execution.RunAsync(bookmark);
            }
            catch (InputRejectedException rejected)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new ResumeResult(ResumeOutcome.InputRejected, instance.Id, bookmark.Id) { Message = rejected.Message, FieldErrors = rejected.FieldErrors };
            }
            if (execution.Fault is null)
            {
                var step = await CommitAsync(db, transaction, instance, state, execution, scope.ServiceProvider, cancellationToken);
                return new ResumeResult(ResumeOutcome.Resumed, instance.Id, bookmark.Id) { Step = step, HandledAt = now, HandledBy = request.Actor };
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
        state.Bookmarks.RemoveAll(b => b.Id == bookmark.Id);
        var execution = NewExecution(instance, state, definition, services, now, cancellationToken);
        execution.Actor = request.Actor;
        execution.AddJournal(JournalKinds.BookmarkResumed, bookmark.ActivityId, bookmark.ActivityType, actor: request.Actor,
            data: new JsonObject { ["bookmarkId"] = bookmark.Id, ["name"] = bookmark.Name });
        return (state, execution);
    }

    /// <summary>Resumes every active bookmark with this stimulus (name and payload), optionally only for one correlation id.</summary>
    public async Task<IReadOnlyList<ResumeResult>> ResumeByStimulusAsync(string name, JsonNode? payload, string? correlationId, ResumeRequest request, CancellationToken cancellationToken = default)
    {
        var hash = Stimulus.Hash(name, payload);
        List<Guid> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var query = db.Bookmarks.AsNoTracking().Where(b => b.StimulusHash == hash && b.Status == BookmarkStatus.Active);
            if (correlationId is not null)
                query = query.Where(b => b.CorrelationId == correlationId);
            ids = await query.OrderBy(b => b.CreatedAt).Select(b => b.Id).ToListAsync(cancellationToken);
        }
        var results = new List<ResumeResult>(ids.Count);
        foreach (var id in ids)
            results.Add(await ResumeAsync(BookmarkAddress.ById(id), request, cancellationToken));
        return results;
    }

    /// <summary>Raises a named event (Elsa.Event) for the instances with this correlation id.</summary>
    public Task<IReadOnlyList<ResumeResult>> PublishEventAsync(string eventName, string? correlationId, JsonNode? payload, string actor, CancellationToken cancellationToken = default) =>
        ResumeByStimulusAsync(Activities.Event.StimulusName, Activities.Event.PayloadFor(eventName), correlationId,
            new ResumeRequest(actor) { Input = payload, EnforceRecipient = false }, cancellationToken);

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
    /// activity sends the new one to the same recipient. Who did it and why go in the journal.
    /// </summary>
    public async Task<ReissueResult> ReissueBookmarkAsync(Guid bookmarkId, string actor, string reason, CancellationToken cancellationToken = default)
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
    public async Task<MigrationPlan> MigrateAsync(Guid instanceId, int targetVersion, bool dryRun, string actor, string reason, CancellationToken cancellationToken = default)
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

    private async Task<InstanceCommandResult> CommandAsync(Guid instanceId,
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
        await transaction.CommitAsync(cancellationToken);

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
