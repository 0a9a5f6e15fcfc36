using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>
/// The keys that make a start idempotent, as they are stored: SHA-256 hashes, so neither a caller's key nor a
/// correlation id is kept in the clear. An idempotency key belongs to the caller that sent it; the running key is
/// held by one running instance of a definition at a time.
/// </summary>
internal sealed record StartKeys(string? Idempotency, string? Running)
{
    public const string IdempotencyIndex = "ix_workflow_instances_idempotency_key";
    public const string RunningIndex = "ix_workflow_instances_running_key";

    public bool Any => Idempotency is not null || Running is not null;

    public static StartKeys Of(StartWorkflowRequest request, WorkflowDefinitionModel definition)
    {
        var running = Present(request.UniqueWhileRunning) ?? (definition.IsCorrelatedSingleton ? Present(request.CorrelationId) : null);
        return new StartKeys(
            Present(request.IdempotencyKey) is { } key ? Stimulus.Sha256($"{request.Actor}\n{key}") : null,
            running is null ? null : Stimulus.Sha256(running));
    }

    /// <summary>True when another start with one of these keys committed first.</summary>
    public static bool IsConflict(Exception exception) =>
        DatabaseErrors.IsUniqueViolation(exception, IdempotencyIndex, "workflow_instances.definition_id, workflow_instances.idempotency_key")
        || DatabaseErrors.IsUniqueViolation(exception, RunningIndex, "workflow_instances.definition_id, workflow_instances.running_key");

    private static string? Present(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
