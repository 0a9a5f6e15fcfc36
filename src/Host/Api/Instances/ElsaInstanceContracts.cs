using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Host.Api.Instances;

/// <summary>Elsa's <c>ListWorkflowInstancesRequest</c> (the body of <c>POST /workflow-instances</c>).</summary>
internal sealed record ListInstancesRequest(
    int? Page,
    int? PageSize,
    string? SearchTerm,
    string? DefinitionId,
    IReadOnlyList<string>? DefinitionIds,
    string? CorrelationId,
    int? Version,
    bool? HasIncidents,
    bool? IsSystem,
    string? Status,
    IReadOnlyList<string>? Statuses,
    string? SubStatus,
    IReadOnlyList<string>? SubStatuses,
    string? OrderBy,
    string? OrderDirection);

/// <summary>Elsa's <c>WorkflowInstance</c>: the summary fields and the workflow state.</summary>
internal sealed record ElsaWorkflowInstance(
    Guid Id, string DefinitionId, string DefinitionVersionId, int Version, ElsaWorkflowState WorkflowState, string Status, string SubStatus,
    string? CorrelationId, string? Name, int IncidentCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

/// <summary>Elsa's <c>WorkflowState</c> as far as this engine has it: bookmarks, incidents, input and output; no execution contexts.</summary>
internal sealed record ElsaWorkflowState(
    Guid Id, string DefinitionId, int DefinitionVersion, string? CorrelationId, string Status, string SubStatus,
    IReadOnlyList<ElsaBookmark> Bookmarks, IReadOnlyList<ElsaIncident> Incidents, ElsaFault? Fault,
    IReadOnlyList<JsonObject> CompletionCallbacks, IReadOnlyList<JsonObject> ActivityExecutionContexts,
    JsonObject Input, JsonObject Output, JsonObject Properties, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt)
{
    public static ElsaWorkflowState From(WorkflowInstanceRecord i, ExecutionState state, IReadOnlyList<BookmarkRecord> bookmarks, IReadOnlyList<IncidentRecord> incidents)
    {
        var open = incidents.Where(x => x.ResolvedAt is null).OrderBy(x => x.Timestamp).LastOrDefault();
        return new(i.Id, i.DefinitionId, i.Version, i.CorrelationId, i.Status, i.SubStatus,
            [.. bookmarks.Where(b => b.Status == BookmarkStatus.Active).Select(ElsaBookmark.From)],
            [.. incidents.OrderBy(x => x.Timestamp).Select(ElsaIncident.From)],
            open is null ? null : new ElsaFault(new ElsaException(open.ExceptionType, open.Message, null), open.Message, open.ActivityId),
            [], [],
            state.Input is JsonObject input ? (JsonObject)input.DeepClone() : [],
            [], [], i.CreatedAt, i.UpdatedAt, i.FinishedAt);
    }
}

/// <summary>A bookmark as Elsa shows it; never the link token or its hash (the hash here is the stimulus hash).</summary>
internal sealed record ElsaBookmark(Guid Id, string Name, string Hash, JsonNode? Payload, string ActivityNodeId, string ActivityInstanceId, bool AutoBurn, DateTimeOffset CreatedAt)
{
    public static ElsaBookmark From(BookmarkRecord b) =>
        new(b.Id, b.Name, b.StimulusHash, b.Payload is null ? null : JsonNode.Parse(b.Payload), b.ActivityId, b.ActivityId, AutoBurn: true, b.CreatedAt);
}

internal sealed record ElsaIncident(string ActivityId, string ActivityNodeId, string ActivityType, string Message, ElsaException Exception, DateTimeOffset Timestamp, DateTimeOffset? ResolvedAt)
{
    public static ElsaIncident From(IncidentRecord i) =>
        new(i.ActivityId, i.ActivityId, i.ActivityType, i.Message, new ElsaException(i.ExceptionType, i.Message, i.StackTrace), i.Timestamp, i.ResolvedAt);
}

internal sealed record ElsaException(string Type, string Message, string? StackTrace);

internal sealed record ElsaFault(ElsaException Exception, string Message, string? FaultedActivityId);

/// <summary>
/// Elsa's <c>WorkflowExecutionLogRecord</c> for one journal entry, with the journal's own fields (<c>kind</c>,
/// <c>outcome</c>, <c>actor</c>, <c>data</c>): who did what, when, with which outcome.
/// </summary>
internal sealed record ElsaLogRecord(
    string Id, string ActivityInstanceId, string? ParentActivityInstanceId, string ActivityId, string ActivityType, int ActivityTypeVersion,
    string? ActivityName, string NodeId, DateTimeOffset Timestamp, long Sequence, string? EventName, string? Message, string? Source,
    JsonObject? ActivityState, JsonNode? Payload, string Kind, string? Outcome, string? Actor, JsonNode? Data)
{
    public static ElsaLogRecord From(JournalEntryRecord e, string workflowActivityId)
    {
        var activityId = e.ActivityId ?? workflowActivityId;
        var data = e.Data is null ? null : JsonNode.Parse(e.Data);
        return new(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), InstanceOf(e.InstanceId, activityId), null, activityId,
            e.ActivityType ?? "Elsa.Flowchart", 1, activityId, activityId, e.Timestamp, e.Sequence, EventNameOf(e.Kind), e.Message, e.Actor,
            null, data?.DeepClone(), e.Kind, e.Outcome, e.Actor, data);
    }

    /// <summary>One activity's executions share an id in this engine's journal (an activity runs once per step).</summary>
    public static string InstanceOf(Guid instanceId, string activityId) => $"{instanceId:N}:{activityId}";

    /// <summary>Elsa's event names for the journal's kinds.</summary>
    public static string EventNameOf(string kind) => kind switch
    {
        JournalKinds.ActivityStarted => "Started",
        JournalKinds.ActivityCompleted => "Completed",
        JournalKinds.IncidentRecorded => "Faulted",
        JournalKinds.BookmarkCreated => "Suspended",
        JournalKinds.BookmarkResumed => "Resumed",
        JournalKinds.InstanceCancelled => "Cancelled",
        _ => kind,
    };
}

internal sealed record ResolvedVariable(string Id, string Name, JsonNode? Value);

internal sealed record ExecutionStateResponse(string Status, string WorkflowSubStatus, DateTimeOffset UpdatedAt);

/// <summary>Elsa's journal filter (<c>POST /workflow-instances/{id}/journal</c>).</summary>
internal sealed record JournalFilterRequest(JournalFilter? Filter);

internal sealed record JournalFilter(IReadOnlyList<string>? ActivityIds, IReadOnlyList<string>? ActivityNodeIds, IReadOnlyList<string>? ExcludedActivityTypes, IReadOnlyList<string>? EventNames);
