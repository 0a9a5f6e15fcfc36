using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>How many running instances wait at one step, for how long the oldest has waited and the median wait.</summary>
internal sealed record FunnelStep(string ActivityId, string Name, int Order, int Count, int Faulted, TimeSpan OldestWait, TimeSpan MedianWait);

/// <summary>The funnel of one definition version: its steps in flowchart order, with their waiting instances.</summary>
internal sealed record FunnelVersion(string DefinitionId, string DefinitionName, int Version, int Running, IReadOnlyList<FunnelStep> Steps);

/// <summary>A kind of trouble with how many instances (or messages) have it and where the list of them is.</summary>
internal sealed record AttentionItem(string Key, string Label, long Count, string? Link, string Description);

/// <summary>Instances started and finished, and orders rejected and expired, on one day (UTC).</summary>
public sealed record DailyCount(DateOnly Day, int Started, int Finished, int Rejected, int Expired);

internal sealed record OperationsOverview(
    DateTimeOffset At,
    IReadOnlyList<FunnelVersion> Funnel,
    IReadOnlyList<AttentionItem> Attention,
    IReadOnlyList<DailyCount> Throughput,
    TimeSpan Elapsed)
{
    /// <summary>How long each part took (funnel, attention, throughput); they run at the same time.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Parts { get; init; } = new Dictionary<string, TimeSpan>();
}

/// <summary>The filters of the instance list. Every one is optional; <see cref="After"/> is the keyset cursor of the next page.</summary>
public sealed record InstanceFilter
{
    public string? DefinitionId { get; init; }
    public int? Version { get; init; }
    /// <summary>Running, Suspended, Faulted, Finished or Cancelled.</summary>
    public string? Status { get; init; }
    /// <summary>The activity id of a step the instance waits at.</summary>
    public string? Step { get; init; }
    /// <summary>An organisation's name (part of it) or organisationsnummer.</summary>
    public string? Organisation { get; init; }
    public string? CorrelationId { get; init; }
    /// <summary>Only running instances whose last step was longer ago than this many days.</summary>
    public int? WaitingDays { get; init; }
    public DateOnly? StartedFrom { get; init; }
    public DateOnly? StartedTo { get; init; }
    /// <summary>One of the <see cref="AttentionKeys"/>.</summary>
    public string? Attention { get; init; }
    public string? After { get; init; }
    public int PageSize { get; init; } = 50;
}

internal static class AttentionKeys
{
    public const string Faulted = "faulted";
    public const string Reminded = "reminded";
    public const string Expiring = "expiring";
    public const string MailFailed = "mail-failed";
    public const string MailWaiting = "mail-waiting";
    public const string SmsFailed = "sms-failed";
    public const string StepUpFailed = "stepup-failed";
    public const string Expired = "expired";

    public static IReadOnlyList<string> All { get; } = [Faulted, Reminded, Expiring, MailFailed, MailWaiting, SmsFailed, StepUpFailed, Expired];
}

internal static class InstanceStatusFilter
{
    public const string Running = "Running";
    public const string Suspended = "Suspended";
    public const string Faulted = "Faulted";
    public const string Finished = "Finished";
    public const string Cancelled = "Cancelled";

    public static IReadOnlyList<string> All { get; } = [Running, Suspended, Faulted, Finished, Cancelled];
}

/// <summary>One row of the instance list, in the process's language.</summary>
internal sealed record InstanceRow(
    Guid Id,
    string DefinitionId,
    int Version,
    string Status,
    string SubStatus,
    string? CorrelationId,
    string? OrganisationName,
    string? CaseNumber,
    OrderStatus? OrderStatus,
    IReadOnlyList<string> WaitingAt,
    IReadOnlyList<string> WaitingAtNames,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    int IncidentCount);

/// <summary>A page of the list; <see cref="Next"/> is the cursor of the next page, null on the last.</summary>
internal sealed record InstancePage(IReadOnlyList<InstanceRow> Items, string? Next, TimeSpan Elapsed);

/// <summary>Everything the instance page shows.</summary>
internal sealed record InstanceView(
    WorkflowInstanceRecord Instance,
    string DefinitionName,
    IReadOnlyDictionary<string, string> StepNames,
    Organisation? Customer,
    Organisation? Agent,
    Order? Order,
    IReadOnlyList<JournalEntryRecord> Journal,
    IReadOnlyList<BookmarkRecord> Bookmarks,
    IReadOnlyList<OutboxMessageRecord> Messages,
    IReadOnlyList<IncidentRecord> Incidents,
    IReadOnlyList<int> PublishedVersions)
{
    public string StepName(string? activityId) => activityId is null ? "" : StepNames.GetValueOrDefault(activityId, activityId);

    /// <summary>The steps completed so far, in the order they completed (the path taken).</summary>
    public IReadOnlyList<string> PathTaken => [.. Journal.Where(j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId is not null)
        .Select(j => j.ActivityId!)];
}

/// <summary>Why an action was not done: the request was incomplete, the thing does not exist, or its state does not allow it.</summary>
internal enum ActionProblem
{
    None,
    Invalid,
    NotFound,
    NotAllowed,
}

/// <summary>The answer to an operator's action.</summary>
internal sealed record ActionResult(bool Done, string Message, MigrationPlan? Plan = null, ActionProblem Problem = ActionProblem.None)
{
    /// <summary>A new link token for a task addressed to no one: shown to the operator who asked, once, and kept nowhere.</summary>
    public string? Token { get; init; }

    public static ActionResult Refused(ActionProblem problem, string message) => new(false, message, Problem: problem);
}

internal sealed record BulkResult(int Selected, int Done, IReadOnlyList<string> Refused);
