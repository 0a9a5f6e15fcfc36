using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Infrastructure;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>What a task page needs on every request.</summary>
internal sealed record TaskServices(
    WorkflowsDbContext Db, TimeProvider Clock, TaskViews Views, IAntiforgery Antiforgery, WorkflowRuntime Runtime, OneTimeCodes Codes,
    KundportalDbContextFactory Dbs, PortalRateLimits Limits, TaskSubmissionLock Locks, ILoggerFactory Loggers);

/// <summary>
/// The task pages: the personal links, <c>/tasks/{token}</c>, and the same pages opened from the signed-in person's own
/// queue, <c>/uppgifter/{bookmarkId}</c> (see <see cref="TaskAddress"/>). Every request first finds the task (a link by
/// its token's hash: unknown 404; handled, withdrawn or expired 410, with who and when), then requires the signed-in
/// recipient (login and back; anyone else 403 without a word about the order; the signatory of the agreement, who has
/// no login, is the one exception: the BankID signature by exactly that person counts), and only then reads the form
/// (antiforgery first). Answers go to the engine, which takes the step exactly once: a second, concurrent answer gets
/// "redan hanterad".
/// </summary>
internal static partial class TaskEndpoints
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "action", "method", "code", "orderRef" };

    public static WebApplication MapTaskPages(this WebApplication app)
    {
        var tasks = app.MapGroup("/tasks").ExcludeFromDescription().RequireRateLimiting(PortalRateLimits.Tasks).DisableAntiforgery();
        tasks.MapGet("/{token}", (string token, HttpContext http, [AsParameters] TaskServices services) => OpenAsync(TaskAddress.Link(token), http, services));
        tasks.MapPost("/{token}", (string token, HttpContext http, [AsParameters] TaskServices services) => AnswerAsync(TaskAddress.Link(token), http, services));
        MapBankIdStage(tasks, "/{token}", route => TaskAddress.Link((string)route["token"]!));
        var own = app.MapGroup(TaskAddress.OwnTasksPath).ExcludeFromDescription().RequireRateLimiting(PortalRateLimits.Tasks).DisableAntiforgery().RequireAuthorization();
        own.MapGet("/{bookmarkId:guid}", (Guid bookmarkId, HttpContext http, [AsParameters] TaskServices services) => OpenAsync(TaskAddress.Own(bookmarkId), http, services));
        own.MapPost("/{bookmarkId:guid}", (Guid bookmarkId, HttpContext http, [AsParameters] TaskServices services) => AnswerAsync(TaskAddress.Own(bookmarkId), http, services));
        MapBankIdStage(own, "/{bookmarkId:guid}", route => TaskAddress.Own(Guid.Parse((string)route["bookmarkId"]!)));
        return app;
    }

    /// <summary>The BankID stage of a task, under either of its addresses.</summary>
    private static void MapBankIdStage(RouteGroupBuilder group, string task, Func<RouteValueDictionary, TaskAddress> address)
    {
        group.MapGet(task + "/bankid/{session:guid}", (Guid session, HttpContext http) => TaskStepUp.BankIdPageAsync(address(http.Request.RouteValues), session, http));
        group.MapPost(task + "/bankid/{session:guid}", (Guid session, HttpContext http) => TaskStepUp.BankIdAnswerAsync(address(http.Request.RouteValues), session, http));
        group.MapGet(task + "/bankid/{session:guid}/status", (Guid session, HttpContext http) => TaskStepUp.BankIdStatusAsync(address(http.Request.RouteValues), session, http));
        group.MapGet(task + "/bankid/{session:guid}/qr", (Guid session, HttpContext http) => TaskStepUp.BankIdQrAsync(address(http.Request.RouteValues), session, http));
    }

    private static async Task<IResult> OpenAsync(TaskAddress address, HttpContext http, TaskServices services)
    {
        var (bookmark, refusal) = await GateAsync(address, http, services.Db, services.Clock);
        if (refusal is not null)
            return refusal;
        var subject = await services.Views.LoadAsync(bookmark!, http.RequestAborted);
        var view = await services.Views.FormAsync(subject, null, new Dictionary<string, string>(), http.RequestAborted);
        return TaskPages.Form(http, services.Antiforgery, address, WithSamePersonNotice(view, subject, http), StatusCodes.Status200OK);
    }

    private static async Task<IResult> AnswerAsync(TaskAddress address, HttpContext http, TaskServices services)
    {
        var (bookmark, refusal) = await GateAsync(address, http, services.Db, services.Clock);
        if (refusal is not null)
            return refusal;
        if (!http.Request.HasFormContentType || !await services.Antiforgery.IsRequestValidAsync(http))
            return TaskPages.Message(http, StatusCodes.Status400BadRequest, "Formuläret har gått ut", "Ladda om sidan och försök igen.", address.Path);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (bookmark!.ActivityType == TaskKinds.PlaceOrder && OrderForm.Redraws(form["action"]))
            return await RedrawAsync(address, bookmark, form, http, services);
        if (form["action"] != "verify-sms")
            return await DecideAsync(address, bookmark!, form, http, services);

        // An SMS code is checked and the answer given while holding the task's lock: a second submission of the same
        // code waits, then finds the task handled (and says by whom) rather than the code used up.
        await using var held = await services.Locks.AcquireAsync(bookmark!.Id, http.RequestAborted);
        (bookmark, refusal) = await GateAsync(address, http, services.Db, services.Clock);
        return refusal ?? await DecideAsync(address, bookmark!, form, http, services);
    }

    /// <summary>The form drawn again with what was typed (a row added or removed, the order reviewed); nothing goes to the engine.</summary>
    private static async Task<IResult> RedrawAsync(TaskAddress address, BookmarkRecord bookmark, IFormCollection form, HttpContext http, TaskServices services)
    {
        var subject = await services.Views.LoadAsync(bookmark, http.RequestAborted);
        var view = await services.Views.FormAsync(subject, form, new Dictionary<string, string>(), http.RequestAborted);
        return TaskPages.Form(http, services.Antiforgery, address, view, StatusCodes.Status200OK);
    }

    private static async Task<IResult> DecideAsync(TaskAddress address, BookmarkRecord bookmark, IFormCollection form, HttpContext http, TaskServices services)
    {
        var subject = await services.Views.LoadAsync(bookmark, http.RequestAborted);
        // A signature or an attestation is confirmed first (BankID or SMS code); the answer goes to the engine after that.
        if (StepUpProofs.NeedsStepUp(bookmark.ActivityType))
            return await TaskStepUp.ConfirmAsync(address, subject, form, http);
        return await ResumeAsync(address, subject, ActorOf(bookmark, http), ToJson(form), form, http);
    }

    /// <summary>
    /// Gives the answer to the engine, which burns the link exactly once, and shows the outcome: thanks, the form again
    /// with the step's messages, or why the task cannot be answered any more.
    /// </summary>
    internal static async Task<IResult> ResumeAsync(TaskAddress address, TaskSubject subject, string actor, JsonObject input, IFormCollection? form, HttpContext http)
    {
        var services = http.RequestServices;
        var result = await services.GetRequiredService<WorkflowRuntime>().ResumeAsync(address.Engine, new ResumeRequest(actor) { Input = input }, http.RequestAborted);
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Elsa.Kundportal.Host.Tasks").LogInformation("Task {BookmarkId} answered: {Outcome}", subject.Bookmark.Id, result.Outcome);
        var type = subject.Bookmark.ActivityType;
        var decision = TaskAnswer.TextOf(input["decision"]) ?? "";
        switch (result.Outcome)
        {
            case ResumeOutcome.Resumed:
                return TaskPages.Message(http, StatusCodes.Status200OK, "Tack! Ditt svar är registrerat", Done(type, decision), null);
            case ResumeOutcome.InputRejected:
                var errors = MapErrors(result.FieldErrors);
                var view = await services.GetRequiredService<TaskViews>().FormAsync(subject, form ?? FormOf(input), errors, http.RequestAborted);
                var unplaced = errors.Where(e => !view.Fields.Any(f => f.Name == e.Key)).Select(e => e.Value).ToList();
                view = view with { Alert = unplaced.Count > 0 ? string.Join(" ", unplaced) : view.Alert ?? result.Message };
                return TaskPages.Form(http, services.GetRequiredService<IAntiforgery>(), address, WithSamePersonNotice(view, subject, http), StatusCodes.Status422UnprocessableEntity);
            case ResumeOutcome.AlreadyHandled:
                return TaskPages.Handled(http, result.HandledBy, result.HandledAt);
            case ResumeOutcome.Expired:
                return TaskPages.Message(http, StatusCodes.Status410Gone, "Länken har gått ut", "Uppgiften gick ut innan den hanterades.", null);
            case ResumeOutcome.WrongRecipient:
                return TaskPages.Forbidden(http);
            case ResumeOutcome.NotFound:
                return TaskPages.Unknown(http);
            default:
                return TaskPages.Message(http, StatusCodes.Status409Conflict, "Ärendet kan inte hanteras just nu", $"Ärendet är inte längre aktivt. Kontakta Ineras Kundservice: {TaskPages.Kundservice(http)}.", null);
        }
    }

    /// <summary>
    /// Who answers: the signed-in recipient, or, for the agreement's signature, the recipient of the link itself (the
    /// signatory has no login; the BankID signature by exactly that person is what counts).
    /// </summary>
    internal static string ActorOf(BookmarkRecord bookmark, HttpContext http) =>
        WithoutLogin(bookmark) ? bookmark.Recipient ?? "" : http.User.Email();

    /// <summary>The agreement is signed from the link with BankID alone, without a login.</summary>
    internal static bool WithoutLogin(BookmarkRecord bookmark) => bookmark.ActivityType == TaskKinds.SignAgreement;

    /// <summary>The checks before any input is read. Returns the bookmark, or the page that refuses.</summary>
    internal static async Task<(BookmarkRecord? Bookmark, IResult? Refusal)> GateAsync(TaskAddress address, HttpContext http, WorkflowsDbContext db, TimeProvider clock)
    {
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        BookmarkRecord? bookmark;
        if (address.Token is { } token)
        {
            var hash = BookmarkToken.HashOf(token);
            bookmark = await db.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.TokenHash == hash, http.RequestAborted);
        }
        else
        {
            // From a person's own queue the login is the capability: a task of someone else is not there at all.
            var id = address.BookmarkId!.Value;
            var email = http.User.Email();
            bookmark = await db.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id && b.Recipient == email && b.TokenHash != null, http.RequestAborted);
        }
        if (bookmark is null)
            return (null, TaskPages.Unknown(http));
        if (bookmark.Status == BookmarkStatus.Resumed)
            return (null, TaskPages.Handled(http, bookmark.ResolvedBy, bookmark.ResolvedAt));
        if (bookmark.Status != BookmarkStatus.Active)
        {
            // A task sent to several people is handled by one of them; the others' links were withdrawn in that step.
            var handled = await db.Bookmarks.AsNoTracking()
                .Where(b => b.InstanceId == bookmark.InstanceId && b.ActivityId == bookmark.ActivityId && b.Status == BookmarkStatus.Resumed && b.ResolvedAt == bookmark.ResolvedAt)
                .FirstOrDefaultAsync(http.RequestAborted);
            return (null, handled is not null
                ? TaskPages.Handled(http, handled.ResolvedBy, handled.ResolvedAt)
                : TaskPages.Withdrawn(http, bookmark.ResolvedAt));
        }
        if (bookmark.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            return (null, TaskPages.Expired(http, expires));
        if (WithoutLogin(bookmark))
            return (bookmark, null);
        if (http.User.Identity?.IsAuthenticated != true || http.User.Email().StartsWith("apikey:", StringComparison.Ordinal))
            return (null, Results.Challenge(new AuthenticationProperties { RedirectUri = address.Path }, [CookieAuthenticationDefaults.AuthenticationScheme]));
        if (!string.Equals(bookmark.Recipient, http.User.Email(), StringComparison.Ordinal))
            return (null, TaskPages.Forbidden(http));
        return (bookmark, null);
    }

    internal static bool SamePersonMustLogIn(TaskSubject subject, HttpContext http) =>
        TaskKinds.IsAttestation(subject.Bookmark.ActivityType)
        && subject.Order?.ActedAsOrdererAt(http.User.Email()) is { } acted
        && !(http.User.SessionStarted() is { } session && session > acted);

    internal static string SamePersonText(TaskSubject subject) =>
        $"Du har själv hanterat beställning {subject.Order?.CaseNumber} som beställare. Logga ut och logga in igen innan du attesterar.";

    internal static TaskView WithSamePersonNotice(TaskView view, TaskSubject subject, HttpContext http) =>
        SamePersonMustLogIn(subject, http) ? view with { Notice = SamePersonText(subject), ShowLogout = true } : view;

    internal static string Done(string type, string decision) => (type, decision) switch
    {
        (TaskKinds.PlaceOrder, _) => "Beställningen är skickad. Du får en bekräftelse via e-post.",
        (_, "Rejected" or "Declined" or "Cancelled") => "Beslutet är registrerat och de berörda får besked via e-post.",
        _ => "Beslutet är registrerat. Nästa steg i ärendet har startat och de berörda får e-post.",
    };

    /// <summary>Puts the form's fields (named by JSON path, e.g. <c>invoicing.reference</c>, <c>careUnits[0].hsaId</c>) into the resume input.</summary>
    internal static JsonObject ToJson(IFormCollection form)
    {
        var input = new JsonObject();
        var units = new SortedDictionary<int, JsonObject>();
        var hasUnits = false;
        foreach (var (key, values) in form)
        {
            if (key.StartsWith("__", StringComparison.Ordinal) || Reserved.Contains(key))
                continue;
            var value = values.ToString().Trim();
            if (CareUnitField(key) is { } unit)
            {
                hasUnits = true;
                if (value.Length > 0)
                {
                    if (!units.TryGetValue(unit.Index, out var row))
                        units[unit.Index] = row = [];
                    row[unit.Part] = value;
                }
                continue;
            }
            if (key.StartsWith("careUnits", StringComparison.Ordinal))
                continue;
            if (value.Length == 0)
                continue;
            var parts = key.Split('.');
            var target = input;
            foreach (var part in parts[..^1])
            {
                if (target[part] is not JsonObject next)
                    target[part] = next = [];
                target = next;
            }
            target[parts[^1]] = key == "termsAccepted" ? value == "true" : value;
        }
        if (hasUnits)
            input["careUnits"] = new JsonArray([.. units.Values.Select(u => (JsonNode)u)]);
        return input;
    }

    /// <summary>A form built from an answer, to show it again with the step's messages.</summary>
    internal static FormCollection FormOf(JsonObject input) =>
        new(input.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => new Microsoft.Extensions.Primitives.StringValues(p.Value!.ToString())));

    internal static Dictionary<string, string> MapErrors(IReadOnlyDictionary<string, string>? errors)
    {
        var mapped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in errors ?? new Dictionary<string, string>())
        {
            var name = key switch
            {
                "careUnits" => "careUnits[0].hsaId",
                _ when key.StartsWith("authentication", StringComparison.Ordinal) => "method",
                _ => key,
            };
            mapped.TryAdd(name, value);
        }
        return mapped;
    }

    /// <summary>The row and part of a care-unit field (<c>careUnits[12].hsaId</c>), any number of rows; null for any other name.</summary>
    internal static (int Index, string Part)? CareUnitField(string key) =>
        CareUnit().Match(key) is { Success: true } match && int.TryParse(match.Groups[1].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? (index, match.Groups[2].Value)
            : null;

    [GeneratedRegex(@"^careUnits\[([0-9]{1,6})\]\.(hsaId|name)$")]
    private static partial Regex CareUnit();
}
