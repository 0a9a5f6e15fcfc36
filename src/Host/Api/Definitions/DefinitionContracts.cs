using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Host.Api.Definitions;

/// <summary>
/// One version of a definition without its flowchart: Elsa's <c>WorkflowDefinitionSummary</c> with its links, and
/// who created and published it.
/// </summary>
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
    string? PublishedBy,
    string MaterializerName,
    bool IsMaterializerAvailable,
    IReadOnlyList<Link> Links)
{
    /// <summary>Elsa's name for definitions stored as JSON.</summary>
    public const string JsonMaterializer = "Json";

    public static DefinitionSummary From(WorkflowDefinitionRecord r) =>
        new(r.Id, r.DefinitionId, r.Name, r.Description, r.Version, r.IsLatest, r.IsPublished, r.CreatedAt, r.CreatedBy, r.PublishedAt, r.PublishedBy,
            JsonMaterializer, IsMaterializerAvailable: true, DefinitionLinks.For(r.DefinitionId));
}

/// <summary>
/// The links Elsa puts on a definition. Elsa Studio opens a definition for editing only when it carries a
/// <c>publish</c> link; every staff member may edit and publish here, so every definition carries them.
/// </summary>
internal static class DefinitionLinks
{
    public static IReadOnlyList<Link> For(string definitionId)
    {
        var path = $"{ElsaApi.Prefix}/workflow-definitions/{Uri.EscapeDataString(definitionId)}";
        return
        [
            new Link($"{ElsaApi.Prefix}/workflow-definitions/by-definition-id/{Uri.EscapeDataString(definitionId)}", "self", "GET"),
            new Link($"{path}/publish", "publish", "POST"),
            new Link($"{path}/retract", "retract", "POST"),
            new Link($"{path}/export", "export", "GET"),
            new Link($"{path}/execute", "execute", "POST"),
        ];
    }

    /// <summary>The list's links: bulk publishing and retracting are offered (Elsa Studio's list is read-only without them).</summary>
    public static IReadOnlyList<Link> ForList() =>
    [
        new Link($"{ElsaApi.Prefix}/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST"),
        new Link($"{ElsaApi.Prefix}/bulk-actions/retract/workflow-definitions/by-definition-ids", "bulk-retract", "POST"),
    ];

    /// <summary>A stored version as Elsa's <c>WorkflowDefinition</c>: the export JSON with its links and materializer.</summary>
    public static JsonObject Linked(WorkflowDefinitionRecord record, string exportJson)
    {
        var doc = (JsonObject)JsonNode.Parse(exportJson)!;
        doc["materializerName"] = DefinitionSummary.JsonMaterializer;
        doc["createdBy"] = record.CreatedBy;
        doc["publishedAt"] = record.PublishedAt;
        doc["publishedBy"] = record.PublishedBy;
        doc["links"] = new JsonArray([.. For(record.DefinitionId).Select(l => (JsonNode)new JsonObject { ["href"] = l.Href, ["rel"] = l.Rel, ["method"] = l.Method })]);
        return doc;
    }
}

/// <summary>
/// Elsa's <c>SaveWorkflowDefinitionResponse</c>: the stored version (summary fields, and the definition itself under
/// <c>workflowDefinition</c>), whether it was already published, and this host's own report: whether the content
/// changed and what stands between the draft and publishing.
/// </summary>
internal sealed record DefinitionSaved(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount, bool Changed, bool IsValid, IReadOnlyList<ValidationErrorDto> Errors);

internal sealed record ValidationReport(bool IsValid, IReadOnlyList<ValidationErrorDto> Errors);

/// <summary>Starting an instance: Elsa's <c>ExecuteWorkflowDefinitionRequest</c> (<c>versionOptions</c>) or a plain <c>version</c>.</summary>
internal sealed record ExecuteRequest(int? Version, string? VersionOptions, string? CorrelationId, JsonNode? Input);

/// <summary>A started instance and the link tokens for tasks addressed to no one (returned once; people get theirs by e-mail).</summary>
internal sealed record StartedInstance(Guid InstanceId, string Status, string SubStatus, IReadOnlyList<Elsa.Kundportal.Workflows.Runtime.IssuedToken> IssuedTokens);

/// <summary>Elsa's bulk publish/retract request.</summary>
internal sealed record BulkDefinitionsRequest(IReadOnlyList<string>? DefinitionIds);

internal sealed record BulkPublishResponse(IReadOnlyList<string> Published, IReadOnlyList<string> AlreadyPublished, IReadOnlyList<string> NotFound, IReadOnlyList<string> UpdatedConsumers);

internal sealed record BulkRetractResponse(IReadOnlyList<string> Retracted, IReadOnlyList<string> AlreadyRetracted, IReadOnlyList<string> NotFound);
