using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>
/// How a task page was reached: by the personal link in an e-mail (<c>/tasks/{token}</c>, the token is the
/// capability), or from the signed-in person's own queue (<c>/uppgifter/{bookmarkId}</c>, the login is; only the
/// recipient gets past the gate). Both open the same page and answer through the same engine call.
/// </summary>
public sealed record TaskAddress
{
    public const string OwnTasksPath = "/uppgifter";

    private TaskAddress() { }

    public string? Token { get; private init; }
    public Guid? BookmarkId { get; private init; }

    public static TaskAddress Link(string token) => new() { Token = token };

    public static TaskAddress Own(Guid bookmarkId) => new() { BookmarkId = bookmarkId };

    /// <summary>The page's own address (its form posts back to it).</summary>
    public string Path => Token is { } token ? $"/tasks/{token}" : $"{OwnTasksPath}/{BookmarkId}";

    public BookmarkAddress Engine => Token is { } token ? BookmarkAddress.ByToken(token) : BookmarkAddress.ById(BookmarkId!.Value);
}
