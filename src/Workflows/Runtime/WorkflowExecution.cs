using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Expressions;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime.Flow;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>
/// One step of one instance, in memory: runs scheduled activities along the flowchart until
/// nothing is left to run, collecting every effect so the runtime can persist them in one transaction.
/// Which activity runs next is the flowchart's business (<see cref="FlowchartScheduler"/>).
/// </summary>
internal sealed partial class WorkflowExecution
{
    private readonly ActivityRegistry _registry;
    private readonly JavaScriptEvaluator _javaScript;
    private readonly int _maxActivitiesPerStep;
    private readonly Queue<WorkItem> _queue = new();
    private readonly List<WorkItem> _stepItems = [];
    private bool _running;

    public WorkflowExecution(WorkflowInstanceRecord instance, ExecutionState state, WorkflowDefinitionModel definition,
        ActivityRegistry registry, JavaScriptEvaluator javaScript, IServiceProvider services, DateTimeOffset now,
        string messageIdDomain, int maxActivitiesPerStep, CancellationToken cancellationToken)
    {
        Instance = instance;
        State = state;
        Definition = definition;
        _registry = registry;
        _javaScript = javaScript;
        Services = services;
        Now = now;
        MessageIdDomain = messageIdDomain;
        _maxActivitiesPerStep = maxActivitiesPerStep;
        CancellationToken = cancellationToken;
        state.Flow ??= FlowStateUpgrade.FromEarlierState(state, definition);
        _flow = new FlowchartScheduler(this);
    }

    private readonly FlowchartScheduler _flow;

    public WorkflowInstanceRecord Instance { get; }
    public ExecutionState State { get; }
    public WorkflowDefinitionModel Definition { get; }
    public IServiceProvider Services { get; }
    public DateTimeOffset Now { get; }
    public string MessageIdDomain { get; }
    public CancellationToken CancellationToken { get; }

    public List<BookmarkRecord> NewBookmarks { get; } = [];
    public List<Guid> WithdrawnBookmarks { get; } = [];
    public List<OutboxMessageRecord> Messages { get; } = [];
    public List<JournalEntryRecord> Journal { get; } = [];
    public IncidentRecord? Incident { get; private set; }
    /// <summary>Set when an activity failed: the runtime rolls the step back and records the fault apart.</summary>
    public StepFault? Fault { get; private set; }
    /// <summary>The work this step was given before it ran (a start, a resume, a retry's pending items).</summary>
    public IReadOnlyList<WorkItem> StepItems => _stepItems;
    public List<IssuedToken> IssuedTokens { get; } = [];
    /// <summary>The first reply an activity of this step handed to the caller.</summary>
    public JsonNode? Reply { get; private set; }
    /// <summary>Who caused this step; recorded as who withdrew the bookmarks the step withdraws.</summary>
    public string? Actor { get; set; }
    /// <summary>An incident this step resolves (retry or cancel).</summary>
    public Guid? ResolveIncident { get; set; }
    /// <summary>Set by a command that scheduled work the runtime must run before committing.</summary>
    public bool RunPending { get; set; }

    public Guid? FirstScheduledBookmarkId => _queue.TryPeek(out var first) ? first.BookmarkId : null;

    public FlowState Flow => State.Flow!;

    /// <summary>What is due to run in this step, in order.</summary>
    public IReadOnlyCollection<WorkItem> Queue => _queue;

    public void Schedule(WorkItem item)
    {
        if (!_running)
            _stepItems.Add(item);
        _queue.Enqueue(item);
    }

    public void AddJournal(string kind, string? activityId = null, string? activityType = null, string? outcome = null,
        string? actor = null, string? message = null, JsonNode? data = null) =>
        Journal.Add(new JournalEntryRecord
        {
            InstanceId = Instance.Id,
            Timestamp = Now,
            Kind = kind,
            ActivityId = activityId,
            ActivityType = activityType,
            Outcome = outcome,
            Actor = actor,
            Message = message,
            Data = JsonText.Of(data),
        });

    public async Task RunAsync(BookmarkRecord? resumedBookmark)
    {
        _running = true;
        var executed = 0;
        while (_queue.TryDequeue(out var item))
        {
            if (++executed > _maxActivitiesPerStep)
            {
                Fault = StepFault.Of(item, Definition.Find(item.ActivityId)?.Type ?? "?",
                    new InvalidOperationException($"More than {_maxActivitiesPerStep} activities ran in one step; the flowchart probably loops without waiting."));
                return;
            }
            var bookmark = item.BookmarkId is not null && resumedBookmark?.Id == item.BookmarkId ? resumedBookmark : null;
            if (!await RunActivityAsync(item, bookmark))
                return;
            if (Instance.Status == WorkflowStatus.Finished)
                return;
        }

        State.Pending.Clear();
        if (State.Bookmarks.Count == 0)
            Finish(WorkflowSubStatus.Finished, null);
        else
            Instance.SubStatus = WorkflowSubStatus.Suspended;
        Instance.WaitingAt = State.Bookmarks.Count == 0 ? null : string.Join(',', State.Bookmarks.Select(b => b.ActivityId).Distinct());
    }

    private async Task<bool> RunActivityAsync(WorkItem item, BookmarkRecord? bookmark)
    {
        var node = Definition.Find(item.ActivityId);
        if (node is null)
        {
            Fault = StepFault.Of(item, "?", new InvalidOperationException($"Activity '{item.ActivityId}' is not in version {Definition.Version} of '{Definition.DefinitionId}'."));
            return false;
        }

        ActivityExecutionContext? context = null;
        try
        {
            var activity = _registry.Bind(node, Definition);
            context = new ActivityExecutionContext(this, node, activity, item, bookmark);
            if (item.CompletedBody is not null)
            {
                await activity.OnBodyCompletedAsync(context);
            }
            else if (bookmark is null)
            {
                AddJournal(JournalKinds.ActivityStarted, node.Id, node.Type, actor: item.Actor);
                await activity.ExecuteAsync(context);
            }
            else
            {
                await activity.ResumeAsync(context);
            }
        }
        // A database that cannot be reached now is no fault of the step: the step did not happen and may be tried again.
        catch (Exception e) when (e is not InputRejectedException && (e is not OperationCanceledException || !CancellationToken.IsCancellationRequested)
            && !DatabaseErrors.IsTransient(e))
        {
            Fault = StepFault.Of(item, node.Type, e);
            return false;
        }

        Keep(context);
        foreach (var locals in context.BodiesToRun)
            _flow.OpenScope(node, item.Scope, locals, item.Actor);
        if (!context.IsCompleted)
        {
            _flow.CompleteScopeIfDone(item.Scope, item.Actor);
            return true;
        }

        AddJournal(JournalKinds.ActivityCompleted, node.Id, node.Type, outcome: string.Join(',', context.Outcomes), actor: item.Actor);
        foreach (var held in State.Bookmarks.Where(b => b.ActivityId == node.Id && b.Scope == item.Scope).ToList())
            Withdraw(held, "completed");
        if (context.CompletesWorkflow)
        {
            // Elsa.End and Elsa.Complete end the flowchart they are in: the workflow, or the body of a container.
            if (item.Scope is null)
                Finish(WorkflowSubStatus.Finished, item.Actor);
            else
                _flow.EndScope(item.Scope, item.Actor);
            return true;
        }
        _flow.OnCompleted(node, item.Scope, context.Outcomes, item.Actor);
        _flow.CompleteScopeIfDone(item.Scope, item.Actor);
        return true;
    }

    /// <summary>Replaces a link bookmark with a fresh token (same recipient, expiry and timers) and lets the activity tell its recipient, if it has one.</summary>
    public async Task ReissueAsync(BookmarkRecord previous, string actor, string reason)
    {
        var node = Definition.Find(previous.ActivityId)
            ?? throw new InvalidOperationException($"Activity '{previous.ActivityId}' is not in this version.");
        var activity = _registry.Bind(node, Definition);
        var scope = State.Bookmarks.FirstOrDefault(b => b.Id == previous.Id)?.Scope;
        var context = new ActivityExecutionContext(this, node, activity, new WorkItem(node.Id, Actor: actor) { Scope = scope }, previous);
        var replacement = context.CreateBookmark(new BookmarkOptions
        {
            Name = previous.Name,
            Payload = JsonText.Parse(previous.Payload),
            IssueToken = true,
            Recipient = previous.Recipient,
            ExpiresAt = previous.ExpiresAt,
            ResumeAt = previous.ResumeAt,
            Metadata = JsonText.Parse(previous.Metadata) as JsonObject,
        });
        // A link addressed to no one has nobody to be told: the new token is the caller's to hand on.
        if (previous.Recipient is not null)
            await activity.ReissuedAsync(context, previous, replacement);
        if (State.Bookmarks.FirstOrDefault(b => b.Id == previous.Id) is { } held)
            Withdraw(held, "replaced by a new link");
        Keep(context);
        AddJournal(JournalKinds.BookmarkReissued, node.Id, node.Type, actor: actor, message: reason,
            data: new JsonObject { ["previousBookmarkId"] = previous.Id, ["bookmarkId"] = replacement.Id, ["recipient"] = previous.Recipient });
    }

    private void Keep(ActivityExecutionContext context)
    {
        foreach (var id in context.WithdrawnBookmarks)
        {
            if (State.Bookmarks.FirstOrDefault(b => b.Id == id) is { } held)
                Withdraw(held, "withdrawn by the activity");
        }
        foreach (var created in context.CreatedBookmarks)
        {
            NewBookmarks.Add(created);
            State.Bookmarks.Add(new BookmarkRef(created.Id, created.ActivityId, created.Name) { Scope = context.Scope });
            AddJournal(JournalKinds.BookmarkCreated, created.ActivityId, created.ActivityType, actor: created.Recipient,
                data: new JsonObject
                {
                    ["bookmarkId"] = created.Id,
                    ["name"] = created.Name,
                    ["expiresAt"] = created.ExpiresAt,
                    ["resumeAt"] = created.ResumeAt,
                });
        }
        Messages.AddRange(context.Messages);
        Journal.AddRange(context.JournalEntries);
        IssuedTokens.AddRange(context.IssuedTokens);
        Reply ??= context.Reply;
    }

    public void Withdraw(BookmarkRef bookmark, string reason)
    {
        State.Bookmarks.Remove(bookmark);
        var created = NewBookmarks.FirstOrDefault(b => b.Id == bookmark.Id);
        if (created is not null)
            NewBookmarks.Remove(created);
        else
            WithdrawnBookmarks.Add(bookmark.Id);
        AddJournal(JournalKinds.BookmarkWithdrawn, bookmark.ActivityId, message: reason, data: new JsonObject { ["bookmarkId"] = bookmark.Id, ["name"] = bookmark.Name });
    }

    public void Finish(string subStatus, string? actor, string? reason = null)
    {
        foreach (var held in State.Bookmarks.ToList())
            Withdraw(held, subStatus == WorkflowSubStatus.Cancelled ? "instance cancelled" : "instance finished");
        _queue.Clear();
        State.Pending.Clear();
        Flow.Clear();
        Instance.Status = WorkflowStatus.Finished;
        Instance.RunningKey = null;
        Instance.SubStatus = subStatus;
        Instance.FinishedAt = Now;
        Instance.WaitingAt = null;
        AddJournal(subStatus == WorkflowSubStatus.Cancelled ? JournalKinds.InstanceCancelled : JournalKinds.InstanceFinished,
            outcome: subStatus, actor: actor, message: reason);
    }

    /// <summary>
    /// Records a fault of an earlier attempt at this step, which was rolled back whole: this step runs nothing and keeps
    /// the step's work (<paramref name="stepItems"/>) pending for a retry.
    /// </summary>
    public void RecordIncident(StepFault fault, IReadOnlyList<WorkItem> stepItems)
    {
        var item = fault.Item;
        Incident = new IncidentRecord
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = Instance.Id,
            ActivityId = item.ActivityId,
            ActivityType = fault.ActivityType,
            ExceptionType = fault.ExceptionType,
            Message = fault.Message,
            StackTrace = fault.StackTrace,
            Timestamp = Now,
        };
        State.Pending = fault.Retry(stepItems);
        State.OpenIncidentId = Incident.Id;
        _queue.Clear();
        Instance.SubStatus = WorkflowSubStatus.Faulted;
        Instance.IncidentCount++;
        Instance.WaitingAt = item.ActivityId;
        AddJournal(JournalKinds.IncidentRecorded, item.ActivityId, fault.ActivityType, actor: item.Actor, message: fault.Message,
            data: new JsonObject { ["incidentId"] = Incident.Id, ["exceptionType"] = Incident.ExceptionType });
    }
}
