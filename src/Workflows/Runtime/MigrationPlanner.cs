using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>Where one waiting step goes in the target version.</summary>
public sealed record StepMapping(string ActivityId, string ActivityType, string? TargetActivityType, bool Maps, string? Problem);

/// <summary>The outcome of a migration dry run (or of the migration itself when <see cref="Applied"/>).</summary>
public sealed record MigrationPlan(Guid InstanceId, int FromVersion, int ToVersion, IReadOnlyList<StepMapping> Steps, IReadOnlyList<string> Problems)
{
    public bool Allowed => Problems.Count == 0;
    public bool Applied { get; init; }
}

/// <summary>
/// Maps an instance's waiting steps onto another version by activity id. Completed steps are never
/// re-run: a target version in which a completed step lies downstream of a waiting one (and did not
/// already in the source, as a loop would) is refused.
/// </summary>
internal static class MigrationPlanner
{
    public static MigrationPlan Plan(WorkflowInstanceRecord instance, ExecutionState state, WorkflowDefinitionModel source,
        WorkflowDefinitionModel target, IReadOnlyCollection<string> completed)
    {
        var problems = new List<string>();
        if (instance.Status != WorkflowStatus.Running)
            problems.Add($"The instance is {instance.SubStatus}; only running instances can move.");
        if (target.Id == source.Id)
            problems.Add($"The instance already runs on version {target.Version}.");

        // Waiting: bookmarks, queued work, and merges a branch has reached (tokens on their inbound connections;
        // joins of instances from before tokens kept their arrivals).
        var waiting = state.Bookmarks.Select(b => b.ActivityId).Concat(state.Pending.Select(p => p.ActivityId))
            .Concat(state.Flow?.Tokens.Select(t => t.Scope is null ? t.To : t.Scope.Split('#')[0]) ?? [])
            .Concat(state.ActivityState.Where(s => s.Value.ContainsKey("arrivals")).Select(s => s.Key))
            .Select(id => source.Find(id) is null || source.Root.Find(id) is not null ? id : OwnerInRoot(source, id))
            .Distinct(StringComparer.Ordinal).ToList();
        var steps = new List<StepMapping>();
        foreach (var activityId in waiting)
        {
            var from = source.Root.Find(activityId);
            var to = target.Root.Find(activityId);
            string? problem = null;
            if (to is null)
                problem = $"The waiting step '{from?.DisplayLabel ?? activityId}' does not exist in version {target.Version}.";
            else if (to.Type != from?.Type)
                problem = $"The waiting step '{to.DisplayLabel}' is a {to.Type} in version {target.Version}, not a {from?.Type}.";
            else
            {
                var rerun = target.Root.Reachable(activityId).Intersect(completed, StringComparer.Ordinal)
                    .Except(source.Root.Reachable(activityId), StringComparer.Ordinal)
                    .Where(id => id != activityId).ToList();
                if (rerun.Count > 0)
                {
                    problem = $"From '{to.DisplayLabel}' version {target.Version} would run again the completed step(s) " +
                        string.Join(", ", rerun.Select(id => $"'{target.Root.Find(id)?.DisplayLabel ?? id}'")) + ".";
                }
            }
            if (problem is not null)
                problems.Add(problem);
            steps.Add(new StepMapping(activityId, from?.Type ?? "?", to?.Type, problem is null, problem));
        }
        return new MigrationPlan(instance.Id, source.Version, target.Version, steps, problems);
    }

    /// <summary>The root-flowchart container an activity of a body belongs to: a waiting body moves with its container.</summary>
    private static string OwnerInRoot(WorkflowDefinitionModel definition, string activityId)
    {
        var id = activityId;
        while (definition.Root.Find(id) is null && definition.Bodies.FirstOrDefault(b => b.Value.Find(id) is not null).Key is { } owner)
            id = owner;
        return id;
    }
}
