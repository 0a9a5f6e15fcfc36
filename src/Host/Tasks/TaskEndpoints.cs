using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Components.Tasks;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>
/// The personal task links, <c>/tasks/{token}</c>. Every request first looks the token up by its hash (unknown 404;
/// handled, withdrawn or expired 410, with who and when), then requires the signed-in recipient (login and back; anyone
/// else 403 without a word about the order), and only then reads the form (antiforgery first). Answers go to the engine,
/// which burns the link exactly once: a second, concurrent answer gets "redan hanterad".
/// </summary>
internal static partial class TaskEndpoints
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "action", "method", "code", "orderRef" };

    public static WebApplication MapTaskPages(this WebApplication app)
    {
        var tasks = app.MapGroup("/tasks").ExcludeFromDescription().RequireRateLimiting(PortalRateLimits.Tasks).DisableAntiforgery();
        tasks.MapGet("/{token}", OpenAsync);
        tasks.MapPost("/{token}", AnswerAsync);
        tasks.MapGet("/{token}/bankid/{session:guid}", TaskStepUp.BankIdPageAsync);
        tasks.MapPost("/{token}/bankid/{session:guid}", TaskStepUp.BankIdAnswerAsync);
        tasks.MapGet("/{token}/bankid/{session:guid}/status", TaskStepUp.BankIdStatusAsync);
        tasks.MapGet("/{token}/bankid/{session:guid}/qr", TaskStepUp.BankIdQrAsync);
        app.MapApprovalQueue();
        return app;
    }

    private static async Task<IResult> OpenAsync(string token, HttpContext http, WorkflowsDbContext db, TimeProvider clock, TaskViews views, IAntiforgery antiforgery)
    {
        var (bookmark, refusal) = await GateAsync(token, http, db, clock);
        if (refusal is not null)
            return refusal;
        var subject = await views.LoadAsync(bookmark!, http.RequestAborted);
        var view = await views.FormAsync(subject, null, new Dictionary<string, string>(), http.RequestAborted);
        return Page(http, token, WithSamePersonNotice(view, subject, http), StatusCodes.Status200OK);
    }

    private static async Task<IResult> AnswerAsync(string token, HttpContext http, WorkflowsDbContext db, TimeProvider clock, TaskViews views, IAntiforgery antiforgery)
    {
        var (bookmark, refusal) = await GateAsync(token, http, db, clock);
        if (refusal is not null)
            return refusal;
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return Message(http, StatusCodes.Status400BadRequest, "Formuläret har gått ut", "Ladda om sidan och försök igen.", $"/tasks/{token}");

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var subject = await views.LoadAsync(bookmark!, http.RequestAborted);
        // A signature or an attestation is confirmed first (BankID or SMS code); the answer goes to the engine after that.
        if (StepUpProofs.NeedsStepUp(bookmark!.ActivityType))
            return await TaskStepUp.ConfirmAsync(token, subject, form, http);
        return await ResumeAsync(token, subject, ActorOf(bookmark, http), ToJson(form), form, http);
    }

    /// <summary>
    /// Gives the answer to the engine, which burns the link exactly once, and shows the outcome: thanks, the form again
    /// with the step's messages, or why the task cannot be answered any more.
    /// </summary>
    internal static async Task<IResult> ResumeAsync(string token, TaskSubject subject, string actor, JsonObject input, IFormCollection? form, HttpContext http)
    {
        var services = http.RequestServices;
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        var result = await runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest(actor) { Input = input }, http.RequestAborted);
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Elsa.Kundportal.Host.Tasks").LogInformation("Task {BookmarkId} answered: {Outcome}", subject.Bookmark.Id, result.Outcome);
        var type = subject.Bookmark.ActivityType;
        var decision = TaskAnswer.TextOf(input["decision"]) ?? "";
        switch (result.Outcome)
        {
            case ResumeOutcome.Resumed:
                return Message(http, StatusCodes.Status200OK, "Tack! Ditt svar är registrerat", Done(type, decision), null);
            case ResumeOutcome.InputRejected:
                var views = services.GetRequiredService<TaskViews>();
                var errors = MapErrors(result.FieldErrors);
                var view = await views.FormAsync(subject, form ?? FormOf(input), errors, http.RequestAborted);
                var unplaced = errors.Where(e => !view.Fields.Any(f => f.Name == e.Key)).Select(e => e.Value).ToList();
                view = view with { Alert = unplaced.Count > 0 ? string.Join(" ", unplaced) : view.Alert ?? result.Message };
                return Page(http, token, WithSamePersonNotice(view, subject, http), StatusCodes.Status422UnprocessableEntity);
            case ResumeOutcome.AlreadyHandled:
                return Handled(http, result.HandledBy, result.HandledAt, result.HandledHow);
            case ResumeOutcome.Expired:
                return Message(http, StatusCodes.Status410Gone, "Länken har gått ut", "Uppgiften gick ut innan den hanterades.", null);
            case ResumeOutcome.WrongRecipient:
                return Forbidden(http);
            case ResumeOutcome.NotFound:
                return Unknown(http);
            default:
                return Message(http, StatusCodes.Status409Conflict, "Ärendet kan inte hanteras just nu", "Ärendet är inte längre aktivt. Kontakta Ineras Kundservice.", null);
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
    internal static async Task<(BookmarkRecord? Bookmark, IResult? Refusal)> GateAsync(string token, HttpContext http, WorkflowsDbContext db, TimeProvider clock)
    {
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        var hash = BookmarkToken.HashOf(token);
        var bookmark = await db.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.TokenHash == hash, http.RequestAborted);
        if (bookmark is null)
            return (null, Unknown(http));
        if (bookmark.Status == BookmarkStatus.Resumed)
            return (null, Handled(http, bookmark.ResolvedBy, bookmark.ResolvedAt, bookmark.Status));
        if (bookmark.Status != BookmarkStatus.Active)
        {
            return (null, Message(http, StatusCodes.Status410Gone, "Länken gäller inte längre",
                $"Länken återkallades {(bookmark.ResolvedAt is { } at ? MailText.Date(at) : "")}, till exempel för att uppgiften avslutades eller en ny länk skickades. Använd länken i det senaste mejlet.", null));
        }
        if (bookmark.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            return (null, Message(http, StatusCodes.Status410Gone, "Länken har gått ut", $"Uppgiften gick ut {MailText.Date(expires)}. Kontakta Ineras Kundservice om ni vill börja om.", null));
        if (WithoutLogin(bookmark))
            return (bookmark, null);
        if (http.User.Identity?.IsAuthenticated != true || http.User.Email().StartsWith("apikey:", StringComparison.Ordinal))
            return (null, Results.Challenge(new AuthenticationProperties { RedirectUri = $"/tasks/{token}" }, [Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme]));
        if (!string.Equals(bookmark.Recipient, http.User.Email(), StringComparison.Ordinal))
            return (null, Forbidden(http));
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
        foreach (var (key, values) in form)
        {
            if (key.StartsWith("__", StringComparison.Ordinal) || Reserved.Contains(key))
                continue;
            var value = values.ToString().Trim();
            var unit = CareUnit().Match(key);
            if (unit.Success)
            {
                var index = int.Parse(unit.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (value.Length > 0)
                {
                    if (!units.TryGetValue(index, out var row))
                        units[index] = row = [];
                    row[unit.Groups[2].Value] = value;
                }
                continue;
            }
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
        if (form.ContainsKey("careUnits[0].hsaId"))
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

    [GeneratedRegex(@"^careUnits\[(\d)\]\.(hsaId|name)$")]
    private static partial Regex CareUnit();

    // ---- pages -------------------------------------------------------------------------------------

    internal static RazorComponentResult<TaskDocument> Page(HttpContext http, string token, TaskView view, int status) =>
        new(new Dictionary<string, object?>
        {
            [nameof(TaskDocument.View)] = view with
            {
                FormAction = $"/tasks/{token}",
                Antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http),
            },
        }) { StatusCode = status };

    internal static RazorComponentResult<TaskDocument> Message(HttpContext http, int status, string title, string text, string? link)
    {
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        return new(new Dictionary<string, object?>
        {
            [nameof(TaskDocument.View)] = new TaskView
            {
                Title = title, Stage = TaskStage.Message, Paragraphs = [text],
                Links = link is null ? [("/", "Till startsidan")] : [(link, "Försök igen"), ("/", "Till startsidan")],
            },
        }) { StatusCode = status };
    }

    internal static RazorComponentResult<TaskDocument> Unknown(HttpContext http) =>
        Message(http, StatusCodes.Status404NotFound, "Länken finns inte", "Länken är okänd. Kontrollera att du har kopierat hela länken från mejlet, eller använd länken i det senaste mejlet.", null);

    internal static RazorComponentResult<TaskDocument> Forbidden(HttpContext http) =>
        Message(http, StatusCodes.Status403Forbidden, "Uppgiften är inte din",
            "Den här länken är personlig och gäller en annan person än den som är inloggad. Logga ut och logga in som mottagaren av mejlet.", null);

    internal static RazorComponentResult<TaskDocument> Handled(HttpContext http, string? by, DateTimeOffset? at, string? how) =>
        Message(http, StatusCodes.Status410Gone, "Uppgiften är redan hanterad",
            $"Uppgiften är redan hanterad av {by ?? "någon annan"}{(at is { } t ? $" {MailText.Date(t)}" : "")}. Du behöver inte göra något mer.", null);
}
