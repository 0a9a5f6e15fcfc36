using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Host.Api.Definitions;

/// <summary>One version of a definition, without its flowchart.</summary>
internal sealed record DefinitionSummary(
    string Id,
    string DefinitionId,
    string Name,
    string? Description,
    int Version,
    bool IsLatest,
    bool IsPublished,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset? PublishedAt,
    string? PublishedBy)
{
    public static DefinitionSummary From(WorkflowDefinitionRecord r) =>
        new(r.Id, r.DefinitionId, r.Name, r.Description, r.Version, r.IsLatest, r.IsPublished, r.CreatedAt, r.CreatedBy, r.PublishedAt, r.PublishedBy);
}

/// <summary>The answer to saving a draft or importing: what is stored now, and what stands between it and publishing.</summary>
internal sealed record DefinitionSaved(DefinitionSummary Definition, bool Changed, bool IsValid, IReadOnlyList<ValidationErrorDto> Errors);

internal sealed record ValidationReport(bool IsValid, IReadOnlyList<ValidationErrorDto> Errors);

internal sealed record ExecuteRequest(int? Version, string? CorrelationId, JsonNode? Input);

/// <summary>A started instance and the link tokens for tasks addressed to no one (returned once; people get theirs by e-mail).</summary>
internal sealed record StartedInstance(Guid InstanceId, string Status, string SubStatus, IReadOnlyList<Elsa.Kundportal.Workflows.Runtime.IssuedToken> IssuedTokens);
