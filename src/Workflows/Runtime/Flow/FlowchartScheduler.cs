using System.Text.Json;
using Elsa.Kundportal.Workflows.Definitions;

namespace Elsa.Kundportal.Workflows.Runtime.Flow;

/// <summary>
/// Elsa's token flow for one step. When an activity completes, the tokens into it are consumed and a token goes onto
/// every outbound connection its outcomes follow; each target then runs or waits as its merge mode says. An activity
/// with several inbound connections therefore runs once per merge, not once per arriving branch.
/// </summary>
internal sealed class FlowchartScheduler(WorkflowExecution execution)
{
    private FlowState Flow => execution.Flow;

    /// <summary>Moves the flow on from a completed activity.</summary>
    public void OnCompleted(ActivityNode node, string? scope, IReadOnlyCollection<string> outcomes, string? actor)
    {
        var flowchart = execution.Definition.FlowchartOf(node.Id)!;
        Flow.Tokens.RemoveAll(t => t.Scope == scope && t.To == node.Id);
        var followed = flowchart.Outbound(node.Id).Where(c => outcomes.Contains(PortOf(c))).ToList();
        foreach (var connection in followed)
            Flow.Tokens.Add(new FlowToken { From = node.Id, To = connection.Target.Activity, Port = PortOf(connection), Scope = scope });
        foreach (var connection in followed)
            Arrive(flowchart, connection, scope, actor);
        ReevaluateWaiting(scope, actor);
    }

    private void Arrive(FlowchartModel flowchart, Connection connection, string? scope, string? actor)
    {
        var target = flowchart.Find(connection.Target.Activity);
        if (target is null)
            return;
        var mode = MergeModeOf(target, scope);
        switch (mode)
        {
            case MergeMode.Cascade:
                Schedule(target.Id, scope, connection, actor, once: false);
                break;
            case MergeMode.Race:
                CancelUpstream(flowchart, target.Id, scope);
                Schedule(target.Id, scope, connection, actor);
                break;
            case MergeMode.Merge:
                ScheduleWhenAllArrived(target.Id, [.. flowchart.Graph.ForwardInbound(target.Id)], scope, connection, actor);
                break;
            case MergeMode.Converge:
                ScheduleWhenAllArrived(target.Id, [.. flowchart.Inbound(target.Id)], scope, connection, actor);
                break;
            default:
                if (IsReady(flowchart, target.Id, scope, mode))
                    Schedule(target.Id, scope, connection, actor);
                else if (!Flow.Waiting.Contains(new FlowTarget(target.Id, scope)))
                    Flow.Waiting.Add(new FlowTarget(target.Id, scope));
                break;
        }
    }

    private void ScheduleWhenAllArrived(string target, List<Connection> inbound, string? scope, Connection arrived, string? actor)
    {
        if (inbound.Count <= 1 || inbound.All(c => HasToken(c, scope)))
            Schedule(target, scope, arrived, actor);
    }

    /// <summary>Whether a waiting Stream or WaitAllActive merge may run now.</summary>
    private bool IsReady(FlowchartModel flowchart, string target, string? scope, MergeMode mode)
    {
        var graph = flowchart.Graph;
        var inbound = graph.ForwardInbound(target).ToList();
        if (mode != MergeMode.WaitAllActive)
        {
            // Stream, as Elsa approximates it: no source of a forward inbound connection is still running or due to run.
            return inbound.All(c => !IsActive(c.Source.Activity, scope));
        }
        // WaitAllActive: a branch has arrived, and every branch that has not can no longer arrive.
        if (!inbound.Any(c => HasToken(c, scope)))
            return false;
        return inbound.Where(c => !HasToken(c, scope))
            .All(c => !IsActive(c.Source.Activity, scope) && !graph.ForwardAncestors(c.Source.Activity).Any(a => IsActive(a, scope)));
    }

    /// <summary>Schedules what waited and can now run: upstream work finished or was cancelled.</summary>
    public void ReevaluateWaiting(string? scope, string? actor)
    {
        foreach (var waiting in Flow.Waiting.Where(w => w.Scope == scope).ToList())
        {
            var flowchart = execution.Definition.FlowchartOf(waiting.ActivityId);
            if (flowchart?.Find(waiting.ActivityId) is not { } node || !Flow.Waiting.Contains(waiting) || !IsReady(flowchart, node.Id, scope, MergeModeOf(node, scope)))
                continue;
            var arrived = flowchart.Inbound(waiting.ActivityId).FirstOrDefault(c => HasToken(c, scope));
            if (arrived is not null)
                Schedule(waiting.ActivityId, scope, arrived, actor);
        }
    }

    private void Schedule(string activityId, string? scope, Connection connection, string? actor, bool once = true)
    {
        Flow.Waiting.Remove(new FlowTarget(activityId, scope));
        if (once && execution.Queue.Any(i => i.ActivityId == activityId && i.Scope == scope && i.CompletedBody is null && i.BookmarkId is null))
            return;
        execution.Schedule(new WorkItem(activityId, connection.Key, Actor: actor) { Scope = scope });
    }

    private MergeMode MergeModeOf(ActivityNode node, string? scope)
    {
        if (execution.MergingActivity(node, scope) is { } merging)
            return merging;
        var text = node.Json["customProperties"]?["mergeMode"] is { } value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        return Enum.TryParse<MergeMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode) ? mode : MergeMode.Stream;
    }

    private bool HasToken(Connection connection, string? scope) =>
        Flow.Tokens.Any(t => t.Scope == scope && t.From == connection.Source.Activity && t.To == connection.Target.Activity && t.Port == PortOf(connection));

    /// <summary>Whether an activity is running, waiting, due to run or merging: anything that may still send a token on.</summary>
    public bool IsActive(string activityId, string? scope) =>
        Flow.Tokens.Any(t => t.Scope == scope && t.To == activityId)
        || execution.Queue.Any(i => i.Scope == scope && i.ActivityId == activityId)
        || execution.State.Bookmarks.Any(b => b.Scope == scope && b.ActivityId == activityId)
        || Flow.Scopes.Any(s => s.Parent == scope && s.Owner == activityId);

    /// <summary>Cancels what still runs upstream of a race's winner, as Elsa cancels a join's inbound ancestors.</summary>
    private void CancelUpstream(FlowchartModel flowchart, string target, string? scope)
    {
        foreach (var ancestor in flowchart.Graph.ForwardAncestors(target).Where(a => IsActive(a, scope)).ToList())
            CancelActivity(ancestor, scope, $"cancelled: '{flowchart.Find(target)?.DisplayLabel ?? target}' continued on another branch");
    }

    /// <summary>Cancels one activity: its bookmarks are withdrawn, its queued work dropped, its bodies closed and its tokens removed.</summary>
    public void CancelActivity(string activityId, string? scope, string reason)
    {
        foreach (var held in execution.State.Bookmarks.Where(b => b.Scope == scope && b.ActivityId == activityId).ToList())
            execution.Withdraw(held, reason);
        execution.Unschedule(i => i.Scope == scope && i.ActivityId == activityId);
        foreach (var body in Flow.Scopes.Where(s => s.Parent == scope && s.Owner == activityId).ToList())
            CloseScope(body, reason, notifyOwner: false);
        Flow.Tokens.RemoveAll(t => t.Scope == scope && (t.To == activityId || t.From == activityId));
        Flow.Waiting.Remove(new FlowTarget(activityId, scope));
    }

    /// <summary>Opens a run of a container's body and schedules the body's start.</summary>
    public void OpenScope(ActivityNode owner, string? parent, System.Text.Json.Nodes.JsonObject locals, string? actor)
    {
        var body = execution.Definition.BodyOf(owner.Id) ?? throw new InvalidOperationException($"'{owner.DisplayLabel}' has no body to run.");
        var start = body.Graph.Start ?? throw new InvalidOperationException($"The body of '{owner.DisplayLabel}' has no activities.");
        var scope = new BodyScope { Id = $"{owner.Id}#{++Flow.OpenedScopes}", Parent = parent, Owner = owner.Id, Locals = locals };
        Flow.Scopes.Add(scope);
        execution.Schedule(new WorkItem(start.Id, Actor: actor) { Scope = scope.Id });
    }

    /// <summary>Closes a body whose work is done (nothing queued, waiting or open in it) and tells its container.</summary>
    public void CompleteScopeIfDone(string? scope, string? actor)
    {
        if (scope is null || Flow.Scopes.FirstOrDefault(s => s.Id == scope) is not { } body)
            return;
        var busy = execution.Queue.Any(i => i.Scope == scope) || execution.State.Bookmarks.Any(b => b.Scope == scope) || Flow.Scopes.Any(s => s.Parent == scope);
        if (!busy)
            CloseScope(body, "body completed", notifyOwner: true, actor);
    }

    /// <summary>Ends a body at once (Elsa.End or Elsa.Complete inside it): whatever else runs in it is cancelled.</summary>
    public void EndScope(string scope, string? actor)
    {
        if (Flow.Scopes.FirstOrDefault(s => s.Id == scope) is { } body)
            CloseScope(body, "body ended", notifyOwner: true, actor);
    }

    private void CloseScope(BodyScope body, string reason, bool notifyOwner, string? actor = null)
    {
        foreach (var child in Flow.Scopes.Where(s => s.Parent == body.Id).ToList())
            CloseScope(child, reason, notifyOwner: false);
        foreach (var held in execution.State.Bookmarks.Where(b => b.Scope == body.Id).ToList())
            execution.Withdraw(held, reason);
        execution.Unschedule(i => i.Scope == body.Id);
        Flow.Tokens.RemoveAll(t => t.Scope == body.Id);
        Flow.Waiting.RemoveAll(w => w.Scope == body.Id);
        Flow.Scopes.Remove(body);
        execution.ForgetScopeState(body.Id);
        if (notifyOwner)
            execution.Schedule(new WorkItem(body.Owner, Actor: actor) { Scope = body.Parent, CompletedBody = body.Id });
    }

    private static string PortOf(Connection connection) => connection.Source.Port ?? "Done";
}
