using System.Security.Claims;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Api.Instances;

/// <summary>Workflow instances: list with filters, details, journal, cancel, retry.</summary>
internal static class WorkflowInstancesApi
{
    public const int MaxPageSize = 100;

    internal static readonly string[] Statuses = [WorkflowStatus.Running, WorkflowStatus.Finished];

    internal static readonly string[] SubStatuses =
    [
        WorkflowSubStatus.Pending, WorkflowSubStatus.Executing, WorkflowSubStatus.Suspended,
        WorkflowSubStatus.Finished, WorkflowSubStatus.Cancelled, WorkflowSubStatus.Faulted,
    ];

    public static IEndpointRouteBuilder MapWorkflowInstancesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workflow-instances").WithTags("Workflow instances");
        group.MapGet("/", ListAsync)
            .WithSummary("Instances, newest first. Filters: definitionId, version, status, subStatus, correlationId; page counts from 0.");
        group.MapPost("/", ElsaInstanceQueries.ListAsync)
            .WithSummary("Instances as Elsa lists them (ListWorkflowInstancesRequest in the body): definitionId(s), correlationId, version, status(es), "
                + "subStatus(es), hasIncidents, searchTerm; orderBy Created, LastExecuted, Finished or Name; page from 0.");
        group.MapGet("/{id:guid}", ElsaInstanceQueries.GetAsync)
            .WithSummary("One instance as Elsa's WorkflowInstance: status, workflow state with active bookmarks (never their tokens), incidents and input.");
        group.MapGet("/{id:guid}/details", GetAsync)
            .WithSummary("One instance with its variables, every bookmark (who resumed it and when) and incidents.");
        group.MapGet("/{id:guid}/journal", ElsaInstanceQueries.JournalAsync)
            .WithSummary("The instance's journal (the audit trail: who did what, when, with which outcome) as Elsa's execution log records, in order; skip and take page it.");
        group.MapPost("/{id:guid}/journal", ElsaInstanceQueries.FilteredJournalAsync)
            .WithSummary("The journal filtered by activity ids, node ids, excluded activity types or event names.");
        group.MapGet("/{id:guid}/execution-state", ElsaInstanceQueries.ExecutionStateAsync)
            .WithSummary("Status, sub-status and when the instance last changed.");
        group.MapGet("/{id:guid}/variables", ElsaInstanceQueries.VariablesAsync)
            .WithSummary("The instance's variables with their current values.");
        group.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithSummary("Cancels a running instance and withdraws its open bookmarks. The reason is journalled.");
        group.MapPost("/{id:guid}/retry", RetryAsync)
            .WithSummary("Re-runs the activity that faulted and resolves the incident.");
        api.MapPost("/cancel/workflow-instances/{id:guid}", ElsaCancelAsync).WithTags("Workflow instances")
            .WithSummary("Elsa's cancel: cancels a running instance; the journal records who cancelled it from Elsa Studio.");
        return api;
    }

    private static async Task<Results<Ok<PagedResponse<InstanceSummary>>, ProblemHttpResult>> ListAsync(
        WorkflowsDbContext db, CancellationToken cancellationToken,
        string? definitionId = null, int? version = null, string? status = null, string? subStatus = null, string? correlationId = null,
        int page = 0, int pageSize = 25)
    {
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
            return ApiProblems.Invalid("status", $"Use one of: {string.Join(", ", Statuses)}.");
        if (subStatus is not null && !SubStatuses.Contains(subStatus, StringComparer.Ordinal))
            return ApiProblems.Invalid("subStatus", $"Use one of: {string.Join(", ", SubStatuses)}.");
        if (page < 0)
            return ApiProblems.Invalid("page", "The page counts from 0.");
        if (pageSize is < 1 or > MaxPageSize)
            return ApiProblems.Invalid("pageSize", $"The page size is between 1 and {MaxPageSize}.");

        var query = db.Instances.AsNoTracking();
        if (definitionId is not null)
            query = query.Where(i => i.DefinitionId == definitionId);
        if (version is not null)
            query = query.Where(i => i.Version == version);
        if (status is not null)
            query = query.Where(i => i.Status == status);
        if (subStatus is not null)
            query = query.Where(i => i.SubStatus == subStatus);
        if (correlationId is not null)
            query = query.Where(i => i.CorrelationId == correlationId);

        var total = await query.CountAsync(cancellationToken);
        // Ids are version 7 GUIDs, so the primary key orders by creation time.
        var items = await query.OrderByDescending(i => i.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResponse<InstanceSummary>([.. items.Select(InstanceSummary.From)], total, page, pageSize));
    }

    private static async Task<Results<Ok<InstanceDetails>, ProblemHttpResult>> GetAsync(Guid id, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instance is null)
            return NoSuchInstance(id);
        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).ToListAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.InstanceId == id).ToListAsync(cancellationToken);
        var state = ExecutionState.Deserialise(instance.State);
        return TypedResults.Ok(new InstanceDetails(
            InstanceSummary.From(instance),
            state.Variables,
            [.. bookmarks.OrderBy(b => b.CreatedAt).Select(BookmarkSummary.From)],
            [.. incidents.OrderBy(i => i.Timestamp).Select(IncidentSummary.From)]));
    }

    private static async Task<Results<Ok<InstanceStep>, ProblemHttpResult>> CancelAsync(
        Guid id, CancelInstanceRequest request, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
            return ApiProblems.Invalid("$.reason", "Say why the instance is cancelled; the reason is journalled.");
        return Answer(id, await runtime.CancelAsync(id, request.Reason.Trim(), user.ActorName(), cancellationToken));
    }

    private static async Task<Results<Ok<InstanceStep>, ProblemHttpResult>> RetryAsync(
        Guid id, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken cancellationToken) =>
        Answer(id, await runtime.RetryAsync(id, user.ActorName(), cancellationToken));

    /// <summary>The reason journalled when an instance is cancelled through Elsa's route, which carries none.</summary>
    public const string StudioCancelReason = "Avbruten i Elsa Studio";

    private static async Task<Results<Ok<InstanceStep>, ProblemHttpResult>> ElsaCancelAsync(
        Guid id, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken cancellationToken) =>
        Answer(id, await runtime.CancelAsync(id, StudioCancelReason, user.ActorName(), cancellationToken));

    private static Results<Ok<InstanceStep>, ProblemHttpResult> Answer(Guid id, InstanceCommandResult result) => result.Outcome switch
    {
        InstanceCommandOutcome.Done => TypedResults.Ok(InstanceStep.From(result.Step!)),
        InstanceCommandOutcome.NotFound => NoSuchInstance(id),
        _ => ApiProblems.Conflict(result.Message ?? "The command is not allowed in the instance's current state."),
    };

    internal static ProblemHttpResult NoSuchInstance(Guid id) => ApiProblems.NotFound($"There is no workflow instance {id}.");
}
