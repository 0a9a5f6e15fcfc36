using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
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
        var simulator = app.MapGroup("/bankid-simulator").ExcludeFromDescription().RequireRateLimiting(PortalRateLimits.Otp);
        simulator.MapGet("/{autoStartToken}", BankIdApp.OpenAsync);
        simulator.MapPost("/{autoStartToken}", BankIdApp.AnswerAsync);
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
        return Page(http, antiforgery, token, WithSamePersonNotice(view, subject, http), StatusCodes.Status200OK);
    }

    private static async Task<IResult> AnswerAsync(
        string token, HttpContext http, WorkflowsDbContext db, TimeProvider clock, TaskViews views, IAntiforgery antiforgery,
        WorkflowRuntime runtime, OneTimeCodes codes, BankIdSimulator bankId, KundportalDbContextFactory dbs, PortalRateLimits limits, ILoggerFactory loggers)
    {
        var (bookmark, refusal) = await GateAsync(token, http, db, clock);
        if (refusal is not null)
            return refusal;
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return Message(http, StatusCodes.Status400BadRequest, "Formuläret har gått ut", "Ladda om sidan och försök igen.", $"/tasks/{token}");

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var subject = await views.LoadAsync(bookmark!, http.RequestAborted);
        var type = bookmark!.ActivityType;
        var email = http.User.Email();
        var input = ToJson(form);
        var action = form["action"].ToString();

        if (TaskKinds.NeedsStepUp(type))
        {
            var decision = form["decision"].ToString();
            var stepUpNeeded = type != TaskKinds.SignAgreement || decision == "Signed";
            if (stepUpNeeded)
            {
                var (authentication, view) = await StepUpAsync(action, subject, form, http, runtime, codes, bankId, dbs, views, clock, limits);
                if (authentication is null)
                    return Page(http, antiforgery, token, view!, view!.Fields.Any(f => f.Error is not null) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
                input["authentication"] = authentication;
                if (authentication["completionData"] is JsonNode completion)
                {
                    input["bankId"] = completion.DeepClone();
                    authentication.Remove("completionData");
                }
            }
        }

        var result = await runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest(email) { Input = input }, http.RequestAborted);
        loggers.CreateLogger("Elsa.Kundportal.Host.Tasks").LogInformation("Task {BookmarkId} answered: {Outcome}", bookmark.Id, result.Outcome);
        switch (result.Outcome)
        {
            case ResumeOutcome.Resumed:
                return Message(http, StatusCodes.Status200OK, "Tack! Ditt svar är registrerat", Done(type, form["decision"].ToString()), null);
            case ResumeOutcome.InputRejected:
                var errors = MapErrors(result.FieldErrors);
                var view = await views.FormAsync(subject, form, errors, http.RequestAborted);
                var unplaced = errors.Where(e => !view.Fields.Any(f => f.Name == e.Key)).Select(e => e.Value).ToList();
                view = view with { Alert = unplaced.Count > 0 ? string.Join(" ", unplaced) : view.Alert ?? result.Message };
                return Page(http, antiforgery, token, WithSamePersonNotice(view, subject, http), StatusCodes.Status422UnprocessableEntity);
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
        if (http.User.Identity?.IsAuthenticated != true || http.User.Email().StartsWith("apikey:", StringComparison.Ordinal))
            return (null, Results.Challenge(new AuthenticationProperties { RedirectUri = $"/tasks/{token}" }, [Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme]));
        if (!string.Equals(bookmark.Recipient, http.User.Email(), StringComparison.Ordinal))
            return (null, Forbidden(http));
        return (bookmark, null);
    }

    private static async Task<(JsonObject? Authentication, TaskView? View)> StepUpAsync(
        string action, TaskSubject subject, IFormCollection form, HttpContext http, WorkflowRuntime runtime, OneTimeCodes codes, BankIdSimulator bankId,
        KundportalDbContextFactory dbs, TaskViews views, TimeProvider clock, PortalRateLimits limits)
    {
        var type = subject.Bookmark.ActivityType;
        var email = http.User.Email();
        var decision = form["decision"].ToString();
        var method = type == TaskKinds.SignAgreement ? "BankID" : form["method"].ToString();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var ct = http.RequestAborted;
        var purpose = subject.Bookmark.Id.ToString();
        var what = What(subject, decision);
        var carried = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (!key.StartsWith("__", StringComparison.Ordinal) && key is not "action" and not "code" and not "orderRef")
                carried[key] = value.ToString();
        }
        carried["method"] = method;

        async Task<TaskView> FormWithErrors() => WithSamePersonNotice(await views.FormAsync(subject, form, errors, ct), subject, http);

        TaskView Stage(TaskStage stage, string? alert, string? notice, BankIdOrder? order = null) => new()
        {
            Title = stage == TaskStage.BankId ? "Bekräfta med BankID" : "Bekräfta med engångslösenord",
            Lead = $"Du bekräftar: {what}",
            Stage = stage,
            Hidden = order is null ? carried : new Dictionary<string, string>(carried) { ["orderRef"] = order.OrderRef },
            Fields = stage == TaskStage.SmsCode
                ? [new TaskField("code", "Engångskod (6 siffror) från SMS:et", FieldKind.Text) { Error = alert, AutoComplete = "one-time-code" }]
                : [],
            Alert = stage == TaskStage.SmsCode ? null : alert,
            Notice = notice,
            BankIdText = order?.UserVisibleData,
            BankIdAppUrl = order is null ? null : $"/bankid-simulator/{order.AutoStartToken}",
            SubmitLabel = stage == TaskStage.BankId ? "Jag har signerat i BankID-appen" : "Bekräfta",
        };

        switch (action)
        {
            case "verify-sms":
            {
                var (check, left, reference) = await codes.VerifyAsync(email, purpose, form["code"], ct);
                if (check == CodeCheck.Verified)
                    return (Authentication("SMS", reference!.Value.ToString(), clock, http), null);
                await runtime.AddJournalEntryAsync(subject.Bookmark.InstanceId, JournalKinds.StepUpFailed,
                    check == CodeCheck.Wrong ? "Fel engångskod" : "Engångskoden gällde inte längre",
                    new JsonObject { ["method"] = "SMS", ["result"] = check.ToString(), ["activityId"] = subject.Bookmark.ActivityId }, email, ct);
                return (null, check == CodeCheck.Wrong
                    ? Stage(TaskStage.SmsCode, $"Fel kod. Du har {left} försök kvar.", null)
                    : Stage(TaskStage.SmsCode, "Koden gäller inte längre (för många försök eller för gammal). Begär en ny kod.", null));
            }
            case "bankid-collect":
            {
                var collect = await bankId.CollectAsync(form["orderRef"].ToString(), email, purpose, ct);
                if (collect.Status == BankIdCollect.Complete)
                {
                    var authentication = Authentication("BankID", collect.OrderRef, clock, http);
                    authentication["completionData"] = collect.CompletionData!.DeepClone();
                    return (authentication, null);
                }
                if (collect.Status == BankIdCollect.Pending)
                {
                    var order = new BankIdOrder(collect.OrderRef, "", what);
                    var hint = collect.HintCode == "userSign" ? "BankID-appen väntar på att du skriver under." : "Starta BankID-appen och skriv under.";
                    var pending = Stage(TaskStage.BankId, null, hint, order);
                    return (null, pending with { BankIdAppUrl = null });
                }
                await runtime.AddJournalEntryAsync(subject.Bookmark.InstanceId, JournalKinds.StepUpFailed, $"BankID misslyckades ({collect.HintCode})",
                    new JsonObject { ["method"] = "BankID", ["hintCode"] = collect.HintCode, ["activityId"] = subject.Bookmark.ActivityId }, email, ct);
                // Signing has no method to choose: the message goes with the decision so the signatory sees it.
                errors[type == TaskKinds.SignAgreement ? "decision" : "method"] = collect.HintCode == "userCancel" ? "Du avbröt i BankID-appen. Försök igen." : "BankID-ordern gick ut. Försök igen.";
                return (null, await FormWithErrors());
            }
            default:
            {
                if (string.IsNullOrEmpty(decision))
                    errors["decision"] = "Välj ett beslut.";
                if (TaskKinds.NeedsReason(decision) && string.IsNullOrWhiteSpace(form["reason"]))
                    errors["reason"] = "Ange en motivering.";
                if (method is not ("SMS" or "BankID"))
                    errors["method"] = "Välj attesteringsmetod: BankID eller engångslösenord via SMS.";
                if (decision == "Attested" && SamePersonMustLogIn(subject, http))
                    errors["decision"] = SamePersonText(subject);
                if (errors.Count > 0)
                    return (null, await FormWithErrors());
                if (method == "SMS")
                {
                    await using var db = dbs.CreateDbContext();
                    var mobile = await db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => u.Mobile).FirstOrDefaultAsync(ct);
                    if (string.IsNullOrWhiteSpace(mobile))
                    {
                        errors["method"] = "Det finns inget mobilnummer för dig i Kundportalen. Välj BankID eller be administratören lägga in ditt nummer.";
                        return (null, await FormWithErrors());
                    }
                    if (await codes.SendAsync(email, mobile, purpose, what, ct, subject.Bookmark.InstanceId) is null)
                    {
                        errors["method"] = $"Du har fått {limits.SmsCodesPerHour} engångskoder den senaste timmen. Vänta en stund, eller välj BankID.";
                        return (null, await FormWithErrors());
                    }
                    return (null, Stage(TaskStage.SmsCode, null, $"Vi har skickat en engångskod till ditt mobilnummer som slutar på {mobile[^Math.Min(2, mobile.Length)..]}. Koden gäller i 5 minuter."));
                }
                var started = await bankId.SignAsync(email, http.User.NameOf(), purpose, what, ct);
                return (null, Stage(TaskStage.BankId, null, "Starta BankID-appen och skriv under.", started));
            }
        }
    }

    private static JsonObject Authentication(string method, string reference, TimeProvider clock, HttpContext http) => new()
    {
        ["method"] = method,
        ["reference"] = reference,
        // As text: the step reads the times the way a JSON client would send them.
        ["verifiedAt"] = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["sessionStartedAt"] = http.User.SessionStarted()?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string What(TaskSubject subject, string decision) => subject.Bookmark.ActivityType switch
    {
        TaskKinds.SignAgreement => $"Jag signerar kundavtalet mellan {subject.Customer?.Name ?? subject.Application?.OrganisationName} och Inera.",
        _ when decision == "Cancelled" => $"Jag avbryter beställning {subject.Order?.CaseNumber}.",
        _ => $"Jag attesterar beställning {subject.Order?.CaseNumber} av {subject.Order?.ServiceCode} ({subject.Order?.OfferingCode}) för {subject.Customer?.Name}.",
    };

    private static bool SamePersonMustLogIn(TaskSubject subject, HttpContext http) =>
        TaskKinds.IsAttestation(subject.Bookmark.ActivityType)
        && subject.Order?.ActedAsOrdererAt(http.User.Email()) is { } acted
        && !(http.User.SessionStarted() is { } session && session > acted);

    private static string SamePersonText(TaskSubject subject) =>
        $"Du har själv hanterat beställning {subject.Order?.CaseNumber} som beställare. Logga ut och logga in igen innan du attesterar.";

    private static TaskView WithSamePersonNotice(TaskView view, TaskSubject subject, HttpContext http) =>
        SamePersonMustLogIn(subject, http) ? view with { Notice = SamePersonText(subject), ShowLogout = true } : view;

    private static string Done(string type, string decision) => (type, decision) switch
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

    private static Dictionary<string, string> MapErrors(IReadOnlyDictionary<string, string>? errors)
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

    private static RazorComponentResult<TaskDocument> Page(HttpContext http, IAntiforgery antiforgery, string token, TaskView view, int status) =>
        new(new Dictionary<string, object?>
        {
            [nameof(TaskDocument.View)] = view with { FormAction = $"/tasks/{token}", Antiforgery = antiforgery.GetAndStoreTokens(http) },
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

    private static RazorComponentResult<TaskDocument> Unknown(HttpContext http) =>
        Message(http, StatusCodes.Status404NotFound, "Länken finns inte", "Länken är okänd. Kontrollera att du har kopierat hela länken från mejlet, eller använd länken i det senaste mejlet.", null);

    private static RazorComponentResult<TaskDocument> Forbidden(HttpContext http) =>
        Message(http, StatusCodes.Status403Forbidden, "Uppgiften är inte din",
            "Den här länken är personlig och gäller en annan person än den som är inloggad. Logga ut och logga in som mottagaren av mejlet.", null);

    private static RazorComponentResult<TaskDocument> Handled(HttpContext http, string? by, DateTimeOffset? at, string? how) =>
        Message(http, StatusCodes.Status410Gone, "Uppgiften är redan hanterad",
            $"Uppgiften är redan hanterad av {by ?? "någon annan"}{(at is { } t ? $" {MailText.Date(t)}" : "")}. Du behöver inte göra något mer.", null);
}
