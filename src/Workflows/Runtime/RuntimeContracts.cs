using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Runtime;

public sealed record StartWorkflowRequest(string DefinitionId)
{
    /// <summary>A specific published version; when null the newest published version starts.</summary>
    public int? Version { get; init; }
    public string? CorrelationId { get; init; }
    public JsonNode? Input { get; init; }
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }
    public string Actor { get; init; } = Actors.System;
    /// <summary>Start at this activity instead of the flowchart's start (a trigger, e.g. an HTTP endpoint).</summary>
    public string? TriggerActivityId { get; init; }
    /// <summary>What the trigger received (e.g. the HTTP request); the trigger activity reads it as <see cref="ActivityExecutionContext.TriggerInput"/>.</summary>
    public JsonNode? TriggerInput { get; init; }
    /// <summary>
    /// Names this start. A start with a key the same caller (<see cref="Actor"/>) already used for this definition
    /// returns the instance that key started (<see cref="StepResult.Replayed"/>), with new link tokens for its tasks
    /// addressed to no one; a unique index enforces it across nodes and crashes.
    /// </summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>
    /// At most one running instance of the definition holds this key: a start with the key of a running instance returns
    /// that instance (without tokens). Taken from the correlation id when the definition's Elsa activation strategy is
    /// <c>CorrelatedSingletonStrategy</c>.
    /// </summary>
    public string? UniqueWhileRunning { get; init; }
}

public sealed record ResumeRequest(string Actor)
{
    public JsonNode? Input { get; init; }
    /// <summary>Refuse when the bookmark names another recipient. Machines and the scheduler resume without a recipient check.</summary>
    public bool EnforceRecipient { get; init; } = true;
}

/// <summary>How a bookmark is addressed: by its link token, or by its id.</summary>
public sealed record BookmarkAddress
{
    private BookmarkAddress() { }
    public string? Token { get; private init; }
    public Guid? Id { get; private init; }
    public static BookmarkAddress ByToken(string token) => new() { Token = token };
    public static BookmarkAddress ById(Guid id) => new() { Id = id };
}

public enum ResumeOutcome
{
    Resumed,
    NotFound,
    AlreadyHandled,
    Expired,
    WrongRecipient,
    InstanceNotRunning,
    /// <summary>The activity refused the input; nothing changed and the bookmark is still active.</summary>
    InputRejected,
}

public sealed class InputRejectedException(string message, IReadOnlyDictionary<string, string> fieldErrors) : Exception(message)
{
    public IReadOnlyDictionary<string, string> FieldErrors { get; } = fieldErrors;
    public string? ActivityId { get; init; }
}

/// <summary>A link token issued during a step; returned once to the caller and never stored.</summary>
public sealed record IssuedToken(string ActivityId, Guid BookmarkId, string Token, string? Recipient);

public sealed record StepResult(Guid InstanceId, string Status, string SubStatus, IReadOnlyList<IssuedToken> IssuedTokens)
{
    /// <summary>What an activity handed back to whoever caused the step (<see cref="ActivityExecutionContext.Respond"/>); never stored.</summary>
    public JsonNode? Reply { get; init; }
    /// <summary>True when a start found the instance an earlier start with the same key made, and started nothing.</summary>
    public bool Replayed { get; init; }
}

/// <summary>
/// An activity failed in a way that repeating the same resume cannot mend (e.g. an outgoing call that failed):
/// retrying the incident runs the activity again from the start instead.
/// </summary>
public sealed class ActivityRerunException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The answer to a resume. <see cref="HandledAt"/>, <see cref="HandledBy"/> and <see cref="HandledHow"/>
/// say who burned the bookmark and when, for the "already handled" answer.
/// </summary>
public sealed record ResumeResult(ResumeOutcome Outcome, Guid? InstanceId = null, Guid? BookmarkId = null)
{
    public StepResult? Step { get; init; }
    public DateTimeOffset? HandledAt { get; init; }
    public string? HandledBy { get; init; }
    public string? HandledHow { get; init; }
    public string? Message { get; init; }
    public IReadOnlyDictionary<string, string>? FieldErrors { get; init; }
    public bool Succeeded => Outcome == ResumeOutcome.Resumed;
}

public enum InstanceCommandOutcome
{
    Done,
    NotFound,
    NotAllowed,
}

public sealed record InstanceCommandResult(InstanceCommandOutcome Outcome, string? Message = null, StepResult? Step = null);

public static class Actors
{
    public const string System = "system";
    public const string Timer = "system:timer";
}

/// <summary>Points inside a step's transaction where an interceptor is called (tracing, metrics, fault injection).</summary>
public enum StepPhase
{
    BookmarkBurned,
    InstanceSaved,
    BeforeCommit,
}

public interface IWorkflowStepInterceptor
{
    ValueTask OnPhaseAsync(StepPhase phase, Guid instanceId, CancellationToken cancellationToken);
}

/// <summary>Told after a step commits, so due work can be scheduled for precision (the sweep catches anything missed).</summary>
public interface IWorkScheduler
{
    void OnCommitted(IReadOnlyList<(Guid BookmarkId, DateTimeOffset ResumeAt)> timers, bool hasMessages);
}

internal sealed class NoWorkScheduler : IWorkScheduler
{
    public void OnCommitted(IReadOnlyList<(Guid BookmarkId, DateTimeOffset ResumeAt)> timers, bool hasMessages) { }
}

public sealed record ReissueResult(InstanceCommandOutcome Outcome, string? Message = null, StepResult? Step = null)
{
    /// <summary>The new link token; the only copy.</summary>
    public IssuedToken? Token { get; init; }
}

public sealed class InstanceNotFoundException(Guid instanceId) : Exception($"No workflow instance {instanceId}.")
{
    public Guid InstanceId { get; } = instanceId;
}
