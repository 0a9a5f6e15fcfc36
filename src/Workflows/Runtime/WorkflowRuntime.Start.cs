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

/// <summary>Starting instances, once per key.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Starts an instance and runs it to its first wait. If an activity refuses the start input
    /// (<see cref="ActivityExecutionContext.RejectInput"/>), nothing is stored and the
    /// <see cref="InputRejectedException"/> reaches the caller. A start with the key of an instance that exists
    /// (<see cref="StartWorkflowRequest.IdempotencyKey"/>, <see cref="StartWorkflowRequest.UniqueWhileRunning"/>)
    /// returns that instance instead (<see cref="StepResult.Replayed"/>).
    /// </summary>
    public Task<StepResult> StartAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default) =>
        TransientAsync(() => StartCoreAsync(request, cancellationToken));

    private async Task<StepResult> StartCoreAsync(StartWorkflowRequest request, CancellationToken cancellationToken)
    {
        using var span = WorkflowTelemetry.Source.StartActivity("workflow.start");
        span?.SetTag("workflow.definition_id", request.DefinitionId);
        var definition = await definitions.GetRunnableAsync(request.DefinitionId, request.Version, cancellationToken);
        var start = (request.TriggerActivityId is { } trigger ? definition.Root.Find(trigger) : definition.Root.FindStart())
            ?? throw new WorkflowDefinitionInvalidException([new ValidationError("$.root.activities", "The flowchart has no start.")]);
        var keys = StartKeys.Of(request, definition);
        for (var attempt = 1; ; attempt++)
        {
            if (keys.Any && await FindStartedAsync(definition.DefinitionId, keys, cancellationToken) is { } started
                && await ReplayAsync(started.Id, started.ByIdempotencyKey, request, cancellationToken) is { } replayed)
            {
                span?.SetTag("workflow.instance_id", replayed.InstanceId);
                return replayed;
            }
            if (await TryStartAsync(definition, start.Id, request, keys, cancellationToken) is { } step)
                return Started(step, definition, span);
            // Another start with the same key committed first (and, rarely, that instance let go of the key since).
            if (attempt == 3)
                throw new InvalidOperationException($"A start of '{definition.DefinitionId}' kept meeting other starts with the same key; try again.");
        }
    }

    /// <summary>Runs the first step of a new instance; null when another start with the same key committed first.</summary>
    private async Task<StepResult?> TryStartAsync(WorkflowDefinitionModel definition, string startActivityId, StartWorkflowRequest request,
        StartKeys keys, CancellationToken cancellationToken)
    {
        var now = Now();
        var id = Guid.CreateVersion7(now);
        StepFault fault;
        IReadOnlyList<WorkItem> stepItems;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var (instance, state) = NewInstance(id, definition, request, keys, now);
            await using var transaction = await BeginStepAsync(db, cancellationToken);
            db.Instances.Add(instance);
            var execution = StartExecution(instance, state, definition, request, scope.ServiceProvider, now, cancellationToken);
            execution.Schedule(new WorkItem(startActivityId, Input: request.TriggerInput?.DeepClone(), Actor: request.Actor));
            await execution.RunAsync(null);
            if (execution.Fault is null)
                return await CommitStartAsync(db, transaction, instance, state, execution, scope.ServiceProvider, cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            (fault, stepItems) = (execution.Fault, execution.StepItems);
        }

        // The step rolled back whole; the instance is stored with the incident alone, in a transaction of its own.
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var (instance, state) = NewInstance(id, definition, request, keys, now);
            await using var transaction = await BeginStepAsync(db, cancellationToken);
            db.Instances.Add(instance);
            var execution = StartExecution(instance, state, definition, request, scope.ServiceProvider, now, cancellationToken);
            execution.RecordIncident(fault, stepItems);
            return await CommitStartAsync(db, transaction, instance, state, execution, scope.ServiceProvider, cancellationToken);
        }
    }

    private async Task<StepResult?> CommitStartAsync(WorkflowsDbContext db, IDbContextTransaction transaction, WorkflowInstanceRecord instance,
        ExecutionState state, WorkflowExecution execution, IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            return await CommitAsync(db, transaction, instance, state, execution, services, cancellationToken);
        }
        catch (DbUpdateException e) when ((instance.IdempotencyKey is not null || instance.RunningKey is not null) && StartKeys.IsConflict(e))
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
    }

    private async Task<(Guid Id, bool ByIdempotencyKey)?> FindStartedAsync(string definitionId, StartKeys keys, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var found = await db.Instances.AsNoTracking()
            .Where(i => i.DefinitionId == definitionId
                && ((keys.Idempotency != null && i.IdempotencyKey == keys.Idempotency) || (keys.Running != null && i.RunningKey == keys.Running)))
            .Select(i => new { i.Id, i.IdempotencyKey }).ToListAsync(cancellationToken);
        var match = found.FirstOrDefault(i => keys.Idempotency is not null && i.IdempotencyKey == keys.Idempotency) ?? found.FirstOrDefault();
        return match is null ? null : (match.Id, keys.Idempotency is not null && match.IdempotencyKey == keys.Idempotency);
    }

    /// <summary>
    /// Answers a repeated start with the instance it started. The caller that used the idempotency key gets new links for
    /// the tasks addressed to no one, since the earlier answer (the only copy of the old ones) may never have arrived;
    /// the old links stop working. Anyone else gets the instance without links. Null when the instance is gone.
    /// </summary>
    private async Task<StepResult?> ReplayAsync(Guid instanceId, bool reissueLinks, StartWorkflowRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        await using var transaction = await BeginStepAsync(db, cancellationToken);
        var instance = await LockInstanceAsync(db, instanceId, cancellationToken);
        if (instance is null)
            return null;
        var links = reissueLinks
            ? await db.Bookmarks.AsNoTracking()
                .Where(b => b.InstanceId == instanceId && b.Status == BookmarkStatus.Active && b.TokenHash != null && b.Recipient == null)
                .OrderBy(b => b.CreatedAt).ToListAsync(cancellationToken)
            : [];
        if (links.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new StepResult(instance.Id, instance.Status, instance.SubStatus, []) { Replayed = true };
        }
        var definition = await definitions.GetByVersionIdAsync(instance.DefinitionVersionId, cancellationToken);
        var state = ExecutionState.Deserialise(instance.State);
        var execution = NewExecution(instance, state, definition, scope.ServiceProvider, Now(), cancellationToken);
        execution.Actor = request.Actor;
        foreach (var link in links)
            await execution.ReissueAsync(link, request.Actor, "The start was sent again with the same idempotency key; only the links in the newest answer work.");
        var step = await CommitAsync(db, transaction, instance, state, execution, scope.ServiceProvider, cancellationToken);
        return step with { Replayed = true };
    }

    private static (WorkflowInstanceRecord Instance, ExecutionState State) NewInstance(Guid id, WorkflowDefinitionModel definition,
        StartWorkflowRequest request, StartKeys keys, DateTimeOffset now)
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
            IdempotencyKey = keys.Idempotency,
            RunningKey = keys.Running,
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
}
