using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>An application waiting for the signed-in Inera handläggare.</summary>
public sealed record WaitingApplication(Guid BookmarkId, string OrganisationName, string OrganisationNumber, DateTimeOffset SubmittedAt, DateTimeOffset? ExpiresAt);

/// <summary>
/// Inera's approval queue: the applications waiting at "Godkänn kundansökan" for the signed-in handläggare. Only link
/// hashes are stored, so opening one from the queue replaces the person's link with a fresh one (the old e-mailed link
/// stops working) and goes straight to its task page.
/// </summary>
public sealed class ApprovalQueue(WorkflowsDbContext workflows, KundportalDbContextFactory dbs)
{
    public async Task<IReadOnlyList<WaitingApplication>> ListAsync(string email, CancellationToken cancellationToken)
    {
        var waiting = await workflows.Bookmarks.AsNoTracking()
            .Where(b => b.Status == BookmarkStatus.Active && b.ActivityType == TaskKinds.ApproveApplication && b.Recipient == email && b.TokenHash != null)
            .Select(b => new { b.Id, b.InstanceId, b.ExpiresAt, b.CreatedAt })
            .ToListAsync(cancellationToken);
        var instances = waiting.Select(w => (Guid?)w.InstanceId).ToList();
        await using var db = dbs.CreateDbContext();
        var applications = await db.Applications.AsNoTracking().Where(a => instances.Contains(a.WorkflowInstanceId)).ToListAsync(cancellationToken);
        return [.. waiting
            .Join(applications, w => (Guid?)w.InstanceId, a => a.WorkflowInstanceId, (w, a) => new WaitingApplication(w.Id, a.OrganisationName, a.OrganisationNumber, a.SubmittedAt, w.ExpiresAt))
            .OrderBy(a => a.SubmittedAt)];
    }
}

/// <summary>Opening an application from the queue.</summary>
internal static class ApprovalQueueEndpoints
{
    public static WebApplication MapApprovalQueue(this WebApplication app)
    {
        app.MapPost("/inera/ansokningar/{bookmarkId:guid}", OpenAsync).ExcludeFromDescription().DisableAntiforgery()
            .RequireAuthorization(KundportalAuthentication.StaffPolicy);
        return app;
    }

    private static async Task<IResult> OpenAsync(Guid bookmarkId, HttpContext http, IAntiforgery antiforgery, WorkflowsDbContext db, WorkflowRuntime runtime)
    {
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return TaskEndpoints.Message(http, StatusCodes.Status400BadRequest, "Formuläret har gått ut", "Ladda om sidan och försök igen.", "/inera/ansokningar");
        var email = http.User.Email();
        var bookmark = await db.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookmarkId, http.RequestAborted);
        if (bookmark is null || bookmark.Recipient != email || bookmark.ActivityType != TaskKinds.ApproveApplication)
            return TaskEndpoints.Message(http, StatusCodes.Status404NotFound, "Ansökan finns inte i din kö", "Ansökan väntar inte på dig.", "/inera/ansokningar");
        var result = await runtime.ReissueBookmarkAsync(bookmarkId, email, "Öppnad från Ineras ansökningskö", http.RequestAborted);
        if (result.Token is null)
            return TaskEndpoints.Message(http, StatusCodes.Status410Gone, "Ansökan är redan hanterad", result.Message ?? "Ansökan väntar inte längre.", "/inera/ansokningar");
        return TypedResults.Redirect($"/tasks/{result.Token.Token}");
    }
}
