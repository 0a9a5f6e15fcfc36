using Elsa.Kundportal.Workflows.Runtime;


namespace Elsa.Kundportal.Workflows.Model;

/// <summary>
/// The base of every activity. An activity either completes (with one or more outcomes) or
/// creates bookmarks and waits to be resumed. A new instance is bound from the definition for
/// every execution, so activities hold no state between steps; state lives in the context.
/// </summary>
public abstract class Activity
{
    /// <summary>The activity's id in its flowchart.</summary>
    public string Id { get; internal set; } = "";

    /// <summary>The activity's name in its flowchart (e.g. <c>WriteLine1</c>).</summary>
    public string? Name { get; internal set; }

    /// <summary>Runs when the flowchart reaches this activity.</summary>
    public abstract ValueTask ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Runs when one of this activity's bookmarks is resumed. The default completes with <c>Done</c>.</summary>
    public virtual ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// One run of this activity's body (started with <see cref="ActivityExecutionContext.RunBody"/>) has finished.
    /// The default completes with <c>Done</c>.
    /// </summary>
    public virtual ValueTask OnBodyCompletedAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// An operator replaced one of this activity's link bookmarks (<paramref name="previous"/>) with a new
    /// one; tell its recipient the new link. The default tells nobody (machines fetch the token from the API).
    /// </summary>
    public virtual ValueTask ReissuedAsync(ActivityExecutionContext context, Persistence.BookmarkRecord previous, CreatedBookmark replacement) => ValueTask.CompletedTask;

    /// <summary>
    /// Validates the bound inputs before a definition is published, beyond type checks
    /// (e.g. a list that must not be empty). Errors are reported against the input's JSON path.
    /// </summary>
    public virtual IEnumerable<(string Input, string Message)> Validate() => [];

    /// <summary>Outcome ports that depend on the inputs (a fork's branches, a switch's cases).</summary>
    public virtual IReadOnlyList<string>? GetDynamicOutcomes() => null;
}

/// <summary>An activity that does its work at once and completes with <c>Done</c> unless it chose an outcome.</summary>
public abstract class CodeActivity : Activity
{
    public sealed override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        await ExecuteCodeAsync(context);
        if (!context.IsCompleted && !context.HasCreatedBookmarks)
            context.Complete();
    }

    protected virtual ValueTask ExecuteCodeAsync(ActivityExecutionContext context)
    {
        Execute(context);
        return ValueTask.CompletedTask;
    }

    protected virtual void Execute(ActivityExecutionContext context) { }
}
