using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Host.Api.Instances;

internal sealed record InstanceSummary(
    Guid Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    string? Name,
    string Status,
    string SubStatus,
    string? CorrelationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<string> WaitingAt,
    int IncidentCount)
{
    public static InstanceSummary From(WorkflowInstanceRecord i) =>
        new(i.Id, i.DefinitionId, i.DefinitionVersionId, i.Version, i.Name, i.Status, i.SubStatus, i.CorrelationId, i.CreatedAt, i.UpdatedAt,
            i.FinishedAt, string.IsNullOrEmpty(i.WaitingAt) ? [] : i.WaitingAt.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            i.IncidentCount);
}

/// <summary>An instance with its variables, bookmarks (active and burned: who resumed them and when) and incidents.</summary>
internal sealed record InstanceDetails(
    InstanceSummary Instance,
    IReadOnlyDictionary<string, JsonNode?> Variables,
    IReadOnlyList<BookmarkSummary> Bookmarks,
    IReadOnlyList<IncidentSummary> Incidents);

/// <summary>A bookmark as staff may see it: never its token or the token's hash.</summary>
internal sealed record BookmarkSummary(
    Guid Id,
    string ActivityId,
    string ActivityType,
    string Name,
    string Status,
    string? Recipient,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? ResumeAt,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy)
{
    public static BookmarkSummary From(BookmarkRecord b) =>
        new(b.Id, b.ActivityId, b.ActivityType, b.Name, b.Status, b.Recipient, b.CreatedAt, b.ExpiresAt, b.ResumeAt, b.ResolvedAt, b.ResolvedBy);
}

internal sealed record IncidentSummary(
    Guid Id, string ActivityId, string ActivityType, string ExceptionType, string Message, DateTimeOffset Timestamp, DateTimeOffset? ResolvedAt, string? ResolvedBy)
{
    public static IncidentSummary From(IncidentRecord i) =>
        new(i.Id, i.ActivityId, i.ActivityType, i.ExceptionType, i.Message, i.Timestamp, i.ResolvedAt, i.ResolvedBy);
}

internal sealed record CancelInstanceRequest(string? Reason);

/// <summary>Where an instance stands after a command or a resume.</summary>
internal sealed record InstanceStep(Guid InstanceId, string Status, string SubStatus)
{
    public static InstanceStep From(StepResult step) => new(step.InstanceId, step.Status, step.SubStatus);
}
