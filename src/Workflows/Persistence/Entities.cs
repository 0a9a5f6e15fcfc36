namespace Elsa.Kundportal.Workflows.Persistence;

/// <summary>One version of a workflow definition. Published versions are immutable.</summary>
public sealed class WorkflowDefinitionRecord
{
    /// <summary>The version's id (Elsa's <c>id</c>).</summary>
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int Version { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    /// <summary>SHA-256 of the definition's canonical content, without the fields the store owns.</summary>
    public required string ContentHash { get; set; }
    /// <summary>The definition as Elsa 3 export JSON.</summary>
    public required string Json { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    public int Revision { get; set; }
}

public static class WorkflowStatus
{
    public const string Running = "Running";
    public const string Finished = "Finished";
}

public static class WorkflowSubStatus
{
    public const string Pending = "Pending";
    public const string Executing = "Executing";
    public const string Suspended = "Suspended";
    public const string Finished = "Finished";
    public const string Cancelled = "Cancelled";
    public const string Faulted = "Faulted";
}

/// <summary>A running or finished workflow, pinned to one definition version.</summary>
public sealed class WorkflowInstanceRecord
{
    public Guid Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }
    public int Version { get; set; }
    public string? Name { get; set; }
    public string Status { get; set; } = WorkflowStatus.Running;
    public string SubStatus { get; set; } = WorkflowSubStatus.Pending;
    public string? CorrelationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Variables, activity state, join bookkeeping and pending work as JSON.</summary>
    public required string State { get; set; }
    /// <summary>Comma-separated ids of the activities the instance waits at, for lists and dashboards.</summary>
    public string? WaitingAt { get; set; }
    public int IncidentCount { get; set; }
    public int JournalSequence { get; set; }
    /// <summary>When personal data in this instance's state, journal, bookmarks and outbox was erased (retention).</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }
    /// <summary>Optimistic concurrency token; every step increments it.</summary>
    public int Revision { get; set; }
    /// <summary>SHA-256 of the caller and the idempotency key the instance was started with; unique per definition.</summary>
    public string? IdempotencyKey { get; set; }
    /// <summary>SHA-256 of the key only one running instance of the definition may hold (unique); cleared when it finishes.</summary>
    public string? RunningKey { get; set; }
}

public static class BookmarkStatus
{
    public const string Active = "Active";
    public const string Resumed = "Resumed";
    public const string Withdrawn = "Withdrawn";
}

/// <summary>What a suspended instance waits for. Burned (no longer Active) on resume.</summary>
public sealed class BookmarkRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }
    /// <summary>The stimulus name (e.g. <c>Elsa.Event</c>).</summary>
    public required string Name { get; set; }
    /// <summary>SHA-256 of the canonical JSON of name and payload.</summary>
    public required string StimulusHash { get; set; }
    public string? Payload { get; set; }
    public string? CorrelationId { get; set; }
    /// <summary>SHA-256 of the link token, when the bookmark is resumed by token. The token itself is never stored.</summary>
    public string? TokenHash { get; set; }
    public string? Recipient { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>When set, due work: the bookmark is resumed by the scheduler at this time.</summary>
    public DateTimeOffset? ResumeAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Status { get; set; } = BookmarkStatus.Active;
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    /// <summary>Application data (e.g. which reminder this is); not part of the hash.</summary>
    public string? Metadata { get; set; }
}

/// <summary>An append-only record of what happened to an instance: the audit trail.</summary>
public sealed class JournalEntryRecord
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Sequence { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public required string Kind { get; set; }
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }
    public string? Outcome { get; set; }
    public string? Actor { get; set; }
    public string? Message { get; set; }
    public string? Data { get; set; }
}

public static class JournalKinds
{
    public const string InstanceStarted = "InstanceStarted";
    public const string ActivityStarted = "ActivityStarted";
    public const string ActivityCompleted = "ActivityCompleted";
    public const string BookmarkCreated = "BookmarkCreated";
    public const string BookmarkResumed = "BookmarkResumed";
    public const string BookmarkWithdrawn = "BookmarkWithdrawn";
    public const string IncidentRecorded = "IncidentRecorded";
    public const string IncidentRetried = "IncidentRetried";
    public const string BookmarkReissued = "BookmarkReissued";
    public const string InstanceMigrated = "InstanceMigrated";
    public const string InstanceFinished = "InstanceFinished";
    public const string InstanceCancelled = "InstanceCancelled";
    public const string Note = "Note";
    /// <summary>A person's step-up (BankID, one-time code) failed; the step still waits.</summary>
    public const string StepUpFailed = "StepUpFailed";
}

/// <summary>An activity that threw. The instance is Faulted until the incident is retried.</summary>
public sealed class IncidentRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }
    public required string ExceptionType { get; set; }
    public required string Message { get; set; }
    public string? StackTrace { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}

public static class OutboxStatus
{
    public const string Pending = "Pending";
    public const string Sent = "Sent";
    public const string Failed = "Failed";
}

public static class OutboxChannels
{
    public const string Email = "email";
    public const string Sms = "sms";
}

/// <summary>A message written in the step's transaction and delivered later by the dispatcher.</summary>
public sealed class OutboxMessageRecord
{
    public Guid Id { get; set; }
    public Guid? InstanceId { get; set; }
    public string Channel { get; set; } = OutboxChannels.Email;
    public required string Recipient { get; set; }
    public string? RecipientName { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public string? HtmlBody { get; set; }
    /// <summary>The stable Message-ID sent on every attempt, so a retried delivery can be recognised.</summary>
    public required string MessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}
