namespace Elsa.Kundportal.Workflows.Runtime.Flow;

/// <summary>
/// How an activity with several inbound connections merges them: Elsa's <c>customProperties.mergeMode</c> for any
/// activity, or the mode of an <c>Elsa.FlowJoin</c>.
/// </summary>
public enum MergeMode
{
    /// <summary>The default: runs once no source of a forward inbound connection is still running; untaken branches do not block.</summary>
    Stream,
    /// <summary>Waits for a token on every forward inbound connection (loop-back connections do not count); an untaken branch blocks it.</summary>
    Merge,
    /// <summary>Waits for a token on every inbound connection, loop-back connections included.</summary>
    Converge,
    /// <summary>Runs once per arriving token.</summary>
    Cascade,
    /// <summary>Runs on the first arriving token, cancels what still runs upstream and ignores the other branches.</summary>
    Race,
    /// <summary>FlowJoin's WaitAllActive: waits until every forward branch has either arrived or can no longer arrive.</summary>
    WaitAllActive,
}

/// <summary>An activity that decides its own merge (Elsa's join nodes): the flowchart asks it before scheduling it.</summary>
public interface IMergingActivity
{
    MergeMode GetMergeMode(ActivityExecutionContext context);
}
