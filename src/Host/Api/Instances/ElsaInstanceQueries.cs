using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Api.Instances;

/// <summary>Instances on Elsa 3.8's routes and in its shapes: the list Elsa Studio asks for, one instance, journal, variables, execution state.</summary>
internal static class ElsaInstanceQueries
{
    public static async Task<Results<Ok<PagedResponse<InstanceSummary>>, ProblemHttpResult>> ListAsync(
        ListInstancesRequest? request, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        request ??= new ListInstancesRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        var statuses = Merge(request.Status, request.Statuses);
        var subStatuses = Merge(request.SubStatus, request.SubStatuses);
        if (statuses.FirstOrDefault(s => !WorkflowInstancesApi.Statuses.Contains(s, StringComparer.Ordinal)) is { } status)
            return ApiProblems.Invalid("$.statuses", $"'{status}' is not one of: {string.Join(", ", WorkflowInstancesApi.Statuses)}.");
        if (subStatuses.FirstOrDefault(s => !WorkflowInstancesApi.SubStatuses.Contains(s, StringComparer.Ordinal)) is { } subStatus)
            return ApiProblems.Invalid("$.subStatuses", $"'{subStatus}' is not one of: {string.Join(", ", WorkflowInstancesApi.SubStatuses)}.");
        var page = request.Page ?? 0;
        var pageSize = request.PageSize ?? 25;
        if (page < 0)
            return ApiProblems.Invalid("$.page", "The page counts from 0.");
        if (pageSize is < 1 or > WorkflowInstancesApi.MaxPageSize)
            return ApiProblems.Invalid("$.pageSize", $"The page size is between 1 and {WorkflowInstancesApi.MaxPageSize}.");

        var query = db.Instances.AsNoTracking();
        var definitionIds = Merge(request.DefinitionId, request.DefinitionIds);
        if (definitionIds.Count > 0)
            query = query.Where(i => definitionIds.Contains(i.DefinitionId));
        if (request.CorrelationId is { } correlationId)
            query = query.Where(i => i.CorrelationId == correlationId);
        if (request.Version is { } version)
            query = query.Where(i => i.Version == version);
        if (statuses.Count > 0)
            query = query.Where(i => statuses.Contains(i.Status));
        if (subStatuses.Count > 0)
            query = query.Where(i => subStatuses.Contains(i.SubStatus));
        if (request.HasIncidents is { } hasIncidents)
            query = hasIncidents ? query.Where(i => i.IncidentCount > 0) : query.Where(i => i.IncidentCount == 0);
        if (request.IsSystem == true)
            query = query.Where(i => false);
        if (!string.IsNullOrWhiteSpace(request.SearchTerm))
        {
            var term = request.SearchTerm.Trim();
            query = query.Where(i => i.CorrelationId == term || i.DefinitionId == term || i.Name == term || i.Id.ToString() == term);
        }
        var descending = !string.Equals(request.OrderDirection, "Ascending", StringComparison.OrdinalIgnoreCase);
        // Ids are version 7 GUIDs, so the primary key orders by creation time.
        query = (request.OrderBy, descending) switch
        {
            ("LastExecuted", true) => query.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
            ("LastExecuted", false) => query.OrderBy(i => i.UpdatedAt).ThenBy(i => i.Id),
            ("Finished", true) => query.OrderByDescending(i => i.FinishedAt).ThenByDescending(i => i.Id),
            ("Finished", false) => query.OrderBy(i => i.FinishedAt).ThenBy(i => i.Id),
            ("Name", true) => query.OrderByDescending(i => i.Name).ThenByDescending(i => i.Id),
            ("Name", false) => query.OrderBy(i => i.Name).ThenBy(i => i.Id),
            (_, false) => query.OrderBy(i => i.Id),
            _ => query.OrderByDescending(i => i.Id),
        };
        var total = await query.CountAsync(cancellationToken);
        var items = await query.Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResponse<InstanceSummary>([.. items.Select(InstanceSummary.From)], total, page, pageSize));
    }

    public static async Task<Results<Ok<ElsaWorkflowInstance>, ProblemHttpResult>> GetAsync(Guid id, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var i = await db.Instances.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (i is null)
            return WorkflowInstancesApi.NoSuchInstance(id);
        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).OrderBy(b => b.CreatedAt).ToListAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking().Where(x => x.InstanceId == id).ToListAsync(cancellationToken);
        var state = ElsaWorkflowState.From(i, ExecutionState.Deserialise(i.State), bookmarks, incidents);
        return TypedResults.Ok(new ElsaWorkflowInstance(i.Id, i.DefinitionId, i.DefinitionVersionId, i.Version, state, i.Status, i.SubStatus,
            i.CorrelationId, i.Name, i.IncidentCount, i.CreatedAt, i.UpdatedAt, i.FinishedAt));
    }

    public static Task<Results<Ok<PagedResponse<ElsaLogRecord>>, ProblemHttpResult>> JournalAsync(
        Guid id, WorkflowsDbContext db, CancellationToken cancellationToken, int? skip = null, int? take = null) =>
        Journal(id, db, null, skip, take, cancellationToken);

    public static Task<Results<Ok<PagedResponse<ElsaLogRecord>>, ProblemHttpResult>> FilteredJournalAsync(
        Guid id, JournalFilterRequest? request, WorkflowsDbContext db, CancellationToken cancellationToken, int? skip = null, int? take = null) =>
        Journal(id, db, request?.Filter, skip, take, cancellationToken);

    public static async Task<Results<Ok<ExecutionStateResponse>, ProblemHttpResult>> ExecutionStateAsync(Guid id, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var i = await db.Instances.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.Status, x.SubStatus, x.UpdatedAt }).FirstOrDefaultAsync(cancellationToken);
        return i is null ? WorkflowInstancesApi.NoSuchInstance(id) : TypedResults.Ok(new ExecutionStateResponse(i.Status, i.SubStatus, i.UpdatedAt));
    }

    public static async Task<Results<Ok<ListResponse<ResolvedVariable>>, ProblemHttpResult>> VariablesAsync(
        Guid id, WorkflowsDbContext db, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var i = await db.Instances.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (i is null)
            return WorkflowInstancesApi.NoSuchInstance(id);
        var values = ExecutionState.Deserialise(i.State).Variables;
        var declared = (await definitions.GetByVersionIdAsync(i.DefinitionVersionId, cancellationToken)).Variables;
        var variables = declared.Select(v => new ResolvedVariable(v.Id, v.Name, values.GetValueOrDefault(v.Name)?.DeepClone()))
            .Concat(values.Where(v => declared.All(d => d.Name != v.Key)).Select(v => new ResolvedVariable(v.Key, v.Key, v.Value?.DeepClone())))
            .ToList();
        return TypedResults.Ok(new ListResponse<ResolvedVariable>(variables, variables.Count));
    }

    private static async Task<Results<Ok<PagedResponse<ElsaLogRecord>>, ProblemHttpResult>> Journal(
        Guid id, WorkflowsDbContext db, JournalFilter? filter, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (skip is < 0)
            return ApiProblems.Invalid("skip", "skip is 0 or more.");
        if (take is < 1)
            return ApiProblems.Invalid("take", "take is 1 or more.");
        if (!await db.Instances.AnyAsync(i => i.Id == id, cancellationToken))
            return WorkflowInstancesApi.NoSuchInstance(id);
        var entries = await db.Journal.AsNoTracking().Where(e => e.InstanceId == id).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var records = entries.Select(e => ElsaLogRecord.From(e, "flowchart")).Where(r => Matches(r, filter)).ToList();
        var page = records.Skip(skip ?? 0).Take(take ?? int.MaxValue).ToList();
        return TypedResults.Ok(new PagedResponse<ElsaLogRecord>(page, records.Count, take is null ? 0 : (skip ?? 0) / take.Value, take ?? records.Count));
    }

    private static bool Matches(ElsaLogRecord r, JournalFilter? filter) =>
        filter is null
        || ((filter.ActivityIds is not { Count: > 0 } || filter.ActivityIds.Contains(r.ActivityId))
            && (filter.ActivityNodeIds is not { Count: > 0 } || filter.ActivityNodeIds.Any(n => NodeIds.ActivityId(n) == r.ActivityId))
            && (filter.ExcludedActivityTypes is not { Count: > 0 } || !filter.ExcludedActivityTypes.Contains(r.ActivityType))
            && (filter.EventNames is not { Count: > 0 } || (r.EventName is not null && filter.EventNames.Contains(r.EventName))));

    private static List<string> Merge(string? one, IReadOnlyList<string>? many) =>
        [.. (many ?? []).Concat(one is null ? [] : [one]).Distinct(StringComparer.Ordinal)];
}

/// <summary>Elsa addresses an activity by its node id, the path of activity ids from the root (<c>Workflow1:flowchart:review</c>).</summary>
internal static class NodeIds
{
    public static string ActivityId(string nodeId) => nodeId[(nodeId.LastIndexOf(':') + 1)..];
}
