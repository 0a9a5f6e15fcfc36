using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>The step-up of attestations and signatures on a task page: an SMS one-time code or BankID, then the facts the step checks.</summary>
internal static class TaskStepUp
{
    /// <summary>
    /// The confirmation an attestation or a signature needs before it goes to the engine: the facts of a verified SMS
    /// code or a completed BankID order, or (null) the page of the stage the person is at (code sent, BankID started,
    /// or the form again with what is wrong).
    /// </summary>
    public static async Task<(JsonObject? Authentication, TaskView? View)> StepUpAsync(string action, TaskSubject subject, IFormCollection form, HttpContext http, TaskServices services)
    {
        var (runtime, codes, dbs, views, clock, limits) = (services.Runtime, services.Codes, services.Dbs, services.Views, services.Clock, services.Limits);
        // The BankID simulator is a development tool; without it there is no BankID in this host.
        var bankId = http.RequestServices.GetService<BankIdSimulator>();
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
            case "bankid-collect" when bankId is not null:
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
                if (bankId is null)
                {
                    errors[type == TaskKinds.SignAgreement ? "decision" : "method"] = type == TaskKinds.SignAgreement
                        ? "Signering med BankID är inte tillgänglig i Kundportalen just nu. Försök igen senare eller kontakta Ineras Kundservice."
                        : "BankID är inte tillgängligt i Kundportalen just nu. Välj engångslösenord via SMS.";
                    return (null, await FormWithErrors());
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

    public static TaskView WithSamePersonNotice(TaskView view, TaskSubject subject, HttpContext http) =>
        SamePersonMustLogIn(subject, http) ? view with { Notice = SamePersonText(subject), ShowLogout = true } : view;
}
