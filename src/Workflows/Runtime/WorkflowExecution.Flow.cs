using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime.Flow;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>What the flowchart scheduler asks of a step: its queue, the scopes of bodies, and merges decided by activities.</summary>
internal sealed partial class WorkflowExecution
{
    /// <summary>Schedules the resume of a bookmark the instance holds, in the body scope the bookmark was made in.</summary>
    public void ScheduleResume(BookmarkRecord bookmark, JsonNode? input, string? actor)
    {
        var held = State.Bookmarks.FirstOrDefault(b => b.Id == bookmark.Id);
        if (held is not null)
            State.Bookmarks.Remove(held);
        Schedule(new WorkItem(bookmark.ActivityId, BookmarkId: bookmark.Id, Input: input, Actor: actor) { Scope = held?.Scope });
    }

    /// <summary>Drops queued work (a cancelled activity's, or a closed body's).</summary>
    public void Unschedule(Func<WorkItem, bool> match)
    {
        if (!_queue.Any(match))
            return;
        var keep = _queue.Where(i => !match(i)).ToList();
        _queue.Clear();
        foreach (var item in keep)
            _queue.Enqueue(item);
    }

    /// <summary>The key of an activity's properties and outputs: its id in the root flowchart, scope-qualified in a body.</summary>
    public static string StateKey(string activityId, string? scope) => scope is null ? activityId : $"{scope}/{activityId}";

    /// <summary>Forgets the properties and outputs of a closed body's activities.</summary>
    public void ForgetScopeState(string scope)
    {
        var prefix = scope + "/";
        foreach (var key in State.ActivityState.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            State.ActivityState.Remove(key);
        foreach (var key in State.Outputs.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            State.Outputs.Remove(key);
    }

    /// <summary>The merge mode an activity decides itself (Elsa.FlowJoin's), or null when its custom properties say.</summary>
    public MergeMode? MergingActivity(ActivityNode node, string? scope)
    {
        if (_registry.Find(node.Type) is not { } descriptor || !typeof(IMergingActivity).IsAssignableFrom(descriptor.ClrType))
            return null;
        var activity = _registry.Bind(node, Definition);
        var context = new ActivityExecutionContext(this, node, activity, new WorkItem(node.Id) { Scope = scope }, null);
        return ((IMergingActivity)activity).GetMergeMode(context);
    }
}
