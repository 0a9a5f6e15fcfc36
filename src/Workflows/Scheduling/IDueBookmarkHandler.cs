namespace Elsa.Kundportal.Workflows.Scheduling;

/// <summary>
/// Work a due bookmark of one name needs before it can be resumed, done outside any step's transaction (e.g. an
/// outgoing HTTP call whose answer resumes the bookmark). The due-work processor hands such bookmarks to their
/// handler instead of resuming them itself; the handler resumes the bookmark through the runtime when it is done.
/// </summary>
public interface IDueBookmarkHandler
{
    /// <summary>The bookmark name this handler takes.</summary>
    string BookmarkName { get; }

    /// <summary>Does the work for one due bookmark and resumes it. Returns whether it resumed the bookmark.</summary>
    Task<bool> RunAsync(Guid bookmarkId, CancellationToken cancellationToken);
}
