using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Expressions;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime.Flow;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>A message for the outbox: e-mail or SMS, delivered after the step commits.</summary>
public sealed record OutgoingMessage(string Recipient, string Subject, string Body)
{
    public string Channel { get; init; } = OutboxChannels.Email;
    public string? RecipientName { get; init; }
    public string? HtmlBody { get; init; }
}

/// <summary>
/// Everything one activity execution can see and do. Effects (bookmarks, messages, journal lines,
/// variables) are staged here and kept only if the activity returns without throwing.
/// </summary>
public sealed partial class ActivityExecutionContext : IScriptScope
{
    private readonly WorkflowExecution _workflow;
    private readonly List<string> _outcomes = [];
    internal readonly List<BookmarkRecord> CreatedBookmarks = [];
    internal readonly List<Guid> WithdrawnBookmarks = [];
    internal readonly List<OutboxMessageRecord> Messages = [];
    internal readonly List<JournalEntryRecord> JournalEntries = [];
    internal readonly List<IssuedToken> IssuedTokens = [];
    internal JsonNode? Reply;
    internal readonly List<JsonObject> BodiesToRun = [];

    internal ActivityExecutionContext(WorkflowExecution workflow, ActivityNode node, Activity activity, WorkItem item, BookmarkRecord? resumedBookmark)
    {
        _workflow = workflow;
        Node = node;
        Activity = activity;
        Item = item;
        ResumedBookmark = resumedBookmark;
    }

    public ActivityNode Node { get; }
    public Activity Activity { get; }
    internal WorkItem Item { get; }
    public string ActivityId => Node.Id;
    public Guid WorkflowInstanceId => _workflow.Instance.Id;
    public WorkflowDefinitionModel Definition => _workflow.Definition;
    /// <summary>The flowchart this activity belongs to: the root, or the body of a container.</summary>
    public FlowchartModel Flowchart => _workflow.Definition.FlowchartOf(Node.Id) ?? _workflow.Definition.Root;
    /// <summary>The body scope this activity runs in (a ForEach iteration, say); null in the root flowchart.</summary>
    public string? Scope => Item.Scope;
    private string StateKey => WorkflowExecution.StateKey(ActivityId, Scope);
    public IServiceProvider Services => _workflow.Services;
    public CancellationToken CancellationToken => _workflow.CancellationToken;
    public DateTimeOffset Now => _workflow.Now;

    /// <summary>The input given with the resume (a form's answer, an event's payload).</summary>
    public JsonNode? ResumeInput => Item.Input;
    /// <summary>What the trigger that started the instance at this activity received (e.g. an HTTP request); null otherwise.</summary>
    public JsonNode? TriggerInput => ResumedBookmark is null ? Item.Input : null;
    /// <summary>The bookmark being resumed, when this is a resume.</summary>
    public BookmarkRecord? ResumedBookmark { get; }
    /// <summary>Who caused this execution (a person, an operator, or <c>system</c>).</summary>
    public string? Actor => Item.Actor;
    /// <summary>The connection through which this activity was reached.</summary>
    public string? IncomingConnectionKey => Item.ConnectionKey;

    public string? CorrelationId
    {
        get => _workflow.Instance.CorrelationId;
        set => _workflow.Instance.CorrelationId = value;
    }

    public JsonNode? Input => _workflow.State.Input;

    /// <summary>The workflow's variables, overlaid by the locals of the bodies this activity runs in (<c>CurrentValue</c>, ...).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Variables
    {
        get
        {
            var scopes = ScopeChain().ToList();
            if (scopes.Count == 0)
                return _workflow.State.Variables;
            var all = new Dictionary<string, JsonNode?>(_workflow.State.Variables, StringComparer.Ordinal);
            foreach (var scope in Enumerable.Reverse(scopes))
            {
                foreach (var (name, value) in scope.Locals)
                    all[name] = value;
            }
            return all;
        }
    }

    /// <summary>The body scopes this activity runs in, innermost first.</summary>
    private IEnumerable<BodyScope> ScopeChain()
    {
        for (var id = Scope; id is not null;)
        {
            var scope = _workflow.Flow.Scopes.FirstOrDefault(s => s.Id == id);
            if (scope is null)
                yield break;
            yield return scope;
            id = scope.Parent;
        }
    }

    /// <summary>Whether this activity has a body (a container such as ForEach).</summary>
    public bool HasBody => Definition.BodyOf(ActivityId) is not null;

    /// <summary>Runs this activity's body once more, in a scope of its own with these local variables; <see cref="Activity.OnBodyCompletedAsync"/> follows.</summary>
    public void RunBody(JsonObject? locals = null) => BodiesToRun.Add(locals ?? []);

    /// <summary>The body scope whose completion this execution reports, when it is one.</summary>
    public string? CompletedBody => Item.CompletedBody;

    public bool IsCompleted { get; private set; }
    public bool CompletesWorkflow { get; private set; }
    public IReadOnlyList<string> Outcomes => _outcomes;
    public bool HasCreatedBookmarks => CreatedBookmarks.Count > 0;

    public T? Get<T>(Input<T>? input) => input is null ? default : ValueConverter.Convert<T>(Evaluate(input.Expression));

    public JsonNode? Evaluate(Expression expression) => _workflow.Evaluate(expression, this);

    public void Set<T>(Output<T>? output, T? value)
    {
        var json = ValueConverter.ToJson(value);
        if (output is null)
            return;
        var outputs = _workflow.State.Outputs.TryGetValue(StateKey, out var o) ? o : _workflow.State.Outputs[StateKey] = [];
        outputs[output.Name] = json;
        if (output.VariableName is { } variable)
            SetVariable(variable, json);
    }

    public JsonNode? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public T? GetVariable<T>(string name) => ValueConverter.Convert<T>(GetVariable(name));

    /// <summary>Sets a variable: a body's local when one of the enclosing bodies has it, else the workflow's.</summary>
    public void SetVariable(string name, JsonNode? value)
    {
        if (ScopeChain().FirstOrDefault(s => s.Locals.ContainsKey(name)) is { } scope)
            scope.Locals[name] = value?.DeepClone();
        else
            _workflow.State.Variables[name] = value;
    }

    public void SetVariable(string name, object? value) => SetVariable(name, ValueConverter.ToJson(value));

    /// <summary>A property of this activity that survives between steps.</summary>
    public T? GetProperty<T>(string key) =>
        _workflow.State.ActivityState.TryGetValue(StateKey, out var s) ? ValueConverter.Convert<T>(s[key]) : default;

    public void SetProperty(string key, object? value)
    {
        var s = _workflow.State.ActivityState.TryGetValue(StateKey, out var existing) ? existing : _workflow.State.ActivityState[StateKey] = [];
        s[key] = ValueConverter.ToJson(value);
    }

    /// <summary>Completes this activity; the flowchart follows the named ports (default <c>Done</c>).</summary>
    public void Complete(params string[] outcomes)
    {
        IsCompleted = true;
        _outcomes.AddRange(outcomes.Length == 0 ? ["Done"] : outcomes);
    }

    /// <summary>Completes with no outgoing port (a branch or the flowchart ends here).</summary>
    public void CompleteWithoutOutcome() => IsCompleted = true;

    /// <summary>Finishes the whole workflow: every other branch's bookmarks are withdrawn.</summary>
    public void CompleteWorkflow()
    {
        IsCompleted = true;
        CompletesWorkflow = true;
    }

    public CreatedBookmark CreateBookmark(BookmarkOptions options)
    {
        var name = options.Name ?? Node.Type;
        var token = options.IssueToken ? BookmarkToken.Create() : null;
        var record = new BookmarkRecord
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = WorkflowInstanceId,
            ActivityId = ActivityId,
            ActivityType = Node.Type,
            Name = name,
            StimulusHash = Stimulus.Hash(name, options.Payload),
            Payload = JsonText.Of(options.Payload),
            CorrelationId = CorrelationId,
            TokenHash = token is null ? null : BookmarkToken.HashOf(token),
            Recipient = options.Recipient,
            ExpiresAt = options.ExpiresAt,
            ResumeAt = options.ResumeAt,
            CreatedAt = Now,
            Metadata = JsonText.Of(options.Metadata),
        };
        CreatedBookmarks.Add(record);
        if (token is not null)
            IssuedTokens.Add(new IssuedToken(ActivityId, record.Id, token, record.Recipient));
        return new CreatedBookmark(record.Id, token);
    }

    /// <summary>The bookmarks this activity holds from earlier steps.</summary>
    public IReadOnlyList<BookmarkRef> ActiveBookmarks =>
        _workflow.State.Bookmarks.Where(b => b.ActivityId == ActivityId && b.Scope == Scope && !WithdrawnBookmarks.Contains(b.Id)).ToList();

    public void WithdrawBookmark(Guid bookmarkId) => WithdrawnBookmarks.Add(bookmarkId);

    /// <summary>Withdraws the bookmarks other activities of this instance hold (e.g. the branches a WaitAny join abandons).</summary>
    public void WithdrawBookmarksOf(IReadOnlySet<string> activityIds)
    {
        foreach (var held in _workflow.State.Bookmarks.Where(b => activityIds.Contains(b.ActivityId)))
            WithdrawnBookmarks.Add(held.Id);
    }

    /// <summary>
    /// Refuses the input given with a resume: the step is rolled back, the bookmark stays active,
    /// and the caller is told why (per field, when <paramref name="fieldErrors"/> is given).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void RejectInput(string message, IReadOnlyDictionary<string, string>? fieldErrors = null) =>
        throw new InputRejectedException(message, fieldErrors ?? new Dictionary<string, string>()) { ActivityId = ActivityId };

    public void Send(OutgoingMessage message)
    {
        Messages.Add(new OutboxMessageRecord
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = WorkflowInstanceId,
            Channel = message.Channel,
            Recipient = message.Recipient,
            RecipientName = message.RecipientName,
            Subject = message.Subject,
            Body = message.Body,
            HtmlBody = message.HtmlBody,
            MessageId = $"{Guid.NewGuid():N}@{_workflow.MessageIdDomain}",
            CreatedAt = Now,
            NextAttemptAt = Now,
        });
    }

    /// <summary>Adds a line to the instance's journal (who did what, and why).</summary>
    public void Journal(string message, JsonNode? data = null, string? actor = null, string? outcome = null, string kind = JournalKinds.Note) =>
        JournalEntries.Add(new JournalEntryRecord
        {
            InstanceId = WorkflowInstanceId,
            Timestamp = Now,
            Kind = kind,
            ActivityId = ActivityId,
            ActivityType = Node.Type,
            Outcome = outcome,
            Actor = actor ?? Actor,
            Message = message,
            Data = JsonText.Of(data),
        });

    /// <summary>
    /// Hands a reply to whoever caused this step (e.g. the HTTP response to the request that started or resumed it).
    /// It reaches the caller with the step's result after the commit, and only then; it is never stored.
    /// The first reply of a step wins.
    /// </summary>
    public void Respond(JsonNode reply) => Reply ??= reply.DeepClone();
}
