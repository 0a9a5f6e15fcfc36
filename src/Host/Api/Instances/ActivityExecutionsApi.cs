using System.Globalization;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Api.Instances;

/// <summary>
/// Elsa's activity executions, read from the instance's journal: each time an activity started is one execution,
/// completed when the journal has its completion, faulted when it recorded an incident, running while it waits on a
/// bookmark. Elsa Studio's instance viewer lists them per activity and colours the canvas from the report.
/// </summary>
internal static class ActivityExecutionsApi
{
    public static IEndpointRouteBuilder MapActivityExecutionsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/activity-executions/list", ListAsync).WithTags("Workflow instances")
            .WithSummary("The executions of one activity (activityNodeId) of an instance (workflowInstanceId), in order.");
        api.MapGet("/activity-execution-summaries/list", ListAsync).WithTags("Workflow instances")
            .WithSummary("The same executions without their details.");
        api.MapGet("/activity-executions/by-id", ByIdAsync).WithTags("Workflow instances")
            .WithSummary("One execution by its id.");
        api.MapPost("/activity-executions/report", ReportAsync).WithTags("Workflow instances")
            .WithSummary("Per activity: how often it started and completed, whether it waits or faulted.");
        return api;
    }

    private static async Task<Ok<ListResponse<ActivityExecution>>> ListAsync(
        WorkflowsDbContext db, CancellationToken cancellationToken, Guid? workflowInstanceId = null, string? activityNodeId = null)
    {
        if (workflowInstanceId is not { } instanceId)
            return TypedResults.Ok(new ListResponse<ActivityExecution>([], 0));
        var executions = await ExecutionsAsync(db, instanceId, cancellationToken);
        var activityId = activityNodeId is null ? null : NodeIds.ActivityId(activityNodeId);
        var items = executions.Where(e => activityId is null || e.ActivityId == activityId).ToList();
        return TypedResults.Ok(new ListResponse<ActivityExecution>(items, items.Count));
    }

    private static async Task<Results<Ok<ActivityExecution>, ProblemHttpResult>> ByIdAsync(string id, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var separator = id.LastIndexOf('-');
        if (separator < 0 || !Guid.TryParseExact(id[..separator], "N", out var instanceId))
            return ApiProblems.NotFound($"There is no activity execution '{id}'.");
        var execution = (await ExecutionsAsync(db, instanceId, cancellationToken)).FirstOrDefault(e => e.Id == id);
        return execution is null ? ApiProblems.NotFound($"There is no activity execution '{id}'.") : TypedResults.Ok(execution);
    }

    private static async Task<Ok<ExecutionReport>> ReportAsync(ReportRequest request, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var executions = Guid.TryParse(request.WorkflowInstanceId, out var instanceId) ? await ExecutionsAsync(db, instanceId, cancellationToken) : [];
        var stats = (request.ActivityNodeIds ?? []).Select(nodeId =>
        {
            var mine = executions.Where(e => e.ActivityId == NodeIds.ActivityId(nodeId)).ToList();
            var completed = mine.Count(e => e.Status == "Completed");
            return new ExecutionStats(NodeIds.ActivityId(nodeId), nodeId, mine.Count, completed, mine.Count - completed,
                mine.Any(e => e.HasBookmarks && e.Status == "Running"), mine.Any(e => e.Status == "Faulted"));
        }).ToList();
        return TypedResults.Ok(new ExecutionReport(stats));
    }

    private static async Task<List<ActivityExecution>> ExecutionsAsync(WorkflowsDbContext db, Guid instanceId, CancellationToken cancellationToken)
    {
        var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == instanceId && e.ActivityId != null)
            .OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var executions = new List<ActivityExecution>();
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in journal)
        {
            var activityId = entry.ActivityId!;
            if (entry.Kind == JournalKinds.ActivityStarted)
            {
                open[activityId] = executions.Count;
                executions.Add(new ActivityExecution($"{instanceId:N}-{entry.Sequence.ToString(CultureInfo.InvariantCulture)}", instanceId.ToString(), activityId,
                    $"Workflow1:flowchart:{activityId}", entry.ActivityType ?? "", 1, activityId, entry.Timestamp, HasBookmarks: false, "Running", null, null, new Dictionary<string, JsonNode?>(), new Dictionary<string, JsonNode?>()));
                continue;
            }
            if (!open.TryGetValue(activityId, out var index))
                continue;
            var execution = executions[index];
            executions[index] = entry.Kind switch
            {
                JournalKinds.ActivityCompleted => execution with { Status = "Completed", CompletedAt = entry.Timestamp, Outcome = entry.Outcome },
                JournalKinds.IncidentRecorded => execution with { Status = "Faulted", Exception = new ElsaException(entry.Outcome ?? "Exception", entry.Message ?? "", null) },
                JournalKinds.BookmarkCreated => execution with { HasBookmarks = true },
                _ => execution,
            };
            if (entry.Kind == JournalKinds.ActivityCompleted)
                open.Remove(activityId);
        }
        return executions;
    }
}

/// <summary>Elsa's <c>ActivityExecutionRecord</c> as far as the journal tells it (no activity state or outputs).</summary>
internal sealed record ActivityExecution(
    string Id, string WorkflowInstanceId, string ActivityId, string ActivityNodeId, string ActivityType, int ActivityTypeVersion, string? ActivityName,
    DateTimeOffset StartedAt, bool HasBookmarks, string Status, DateTimeOffset? CompletedAt, ElsaException? Exception,
    IReadOnlyDictionary<string, JsonNode?> Properties, IReadOnlyDictionary<string, JsonNode?> Metadata)
{
    /// <summary>The outcome the journal recorded when the activity completed.</summary>
    public string? Outcome { get; init; }
}

internal sealed record ReportRequest(string? WorkflowInstanceId, IReadOnlyList<string>? ActivityNodeIds);

internal sealed record ExecutionReport(IReadOnlyList<ExecutionStats> Stats);

internal sealed record ExecutionStats(string ActivityId, string ActivityNodeId, long StartedCount, long CompletedCount, long UncompletedCount, bool IsBlocked, bool IsFaulted);
