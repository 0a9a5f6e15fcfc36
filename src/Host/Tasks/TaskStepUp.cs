using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.BankId;
using Elsa.Kundportal.Host.BankId.Simulator;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>
/// Confirming a signature or an attestation on its task page. The person chooses the decision (and reason) and, where
/// the step allows it, the method; the host then asks BankID to sign exactly what the decision means (the document's
/// text, its hash, and the recipient's personnummer as requirement) or sends an SMS code. Only when BankID reports the
/// order complete for that person, or the code is typed right, does the host record a proof
/// (<see cref="StepUpProofs"/>) and give the answer to the engine; the step consumes the proof. The BankID stage has
/// its own address (<c>/tasks/{token}/bankid/{session}</c>, or under <c>/uppgifter/{bookmarkId}</c> from the person's own tasks), so reloading it or pressing "Jag har skrivit under" too
/// early keeps the way to the app; its script collects about every two seconds and finishes by itself.
/// </summary>
internal static class TaskStepUp
{
    /// <summary>POST of a step-up task's form: checks the answer, then starts BankID or sends the SMS code, or checks the code.</summary>
    public static async Task<IResult> ConfirmAsync(TaskAddress address, TaskSubject subject, IFormCollection form, HttpContext http)
    {
        var bookmark = subject.Bookmark;
        var decision = form["decision"].ToString();
        var reason = TaskAnswer.TextOf(JsonValue.Create(form["reason"].ToString()));
        var method = bookmark.ActivityType == TaskKinds.SignAgreement ? StepUpProof.BankId : form["method"].ToString();
        if (form["action"] == "verify-sms")
            return await VerifySmsAsync(address, subject, form, decision, reason, http);

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(decision))
            errors["decision"] = "Välj ett beslut.";
        if (TaskKinds.NeedsReason(decision) && reason is null)
            errors["reason"] = "Ange en motivering.";
        if (method is not (StepUpProof.Sms or StepUpProof.BankId))
            errors["method"] = "Välj attesteringsmetod: BankID eller engångslösenord via SMS.";
        if (decision == "Attested" && TaskEndpoints.SamePersonMustLogIn(subject, http))
            errors["decision"] = TaskEndpoints.SamePersonText(subject);
        if (errors.Count > 0)
            return await FormAsync(address, subject, form, errors, http);
        return method == StepUpProof.Sms
            ? await SendSmsAsync(address, subject, form, decision, reason, http)
            : await StartBankIdAsync(address, subject, form, decision, reason, http);
    }

    private static async Task<IResult> StartBankIdAsync(TaskAddress address, TaskSubject subject, IFormCollection form, string decision, string? reason, HttpContext http)
    {
        var bookmark = subject.Bookmark;
        var actor = TaskEndpoints.ActorOf(bookmark, http);
        var target = await http.RequestServices.GetRequiredService<StepUpProofs>().TargetAsync(bookmark, actor, decision, reason, http.RequestAborted);
        var field = bookmark.ActivityType == TaskKinds.SignAgreement ? "decision" : "method";
        if (target?.PersonalNumber is null)
        {
            return await FormAsync(address, subject, form, new Dictionary<string, string>
            {
                [field] = bookmark.ActivityType == TaskKinds.SignAgreement
                    ? $"Firmatecknarens personnummer saknas i kundansökan, så avtalet kan inte signeras med BankID. Kontakta Ineras Kundservice: {TaskPages.Kundservice(http)}."
                    : "Det finns inget personnummer för dig i Kundportalen, så BankID kan inte användas. Lägg in det under Mitt konto (eller be din administratör), eller välj engångslösenord via SMS.",
            }, http);
        }
        var (session, error, errorCode) = await http.RequestServices.GetRequiredService<BankIdSessions>().StartAsync(new BankIdStart(
            BankIdStart.Sign, Purpose(bookmark), BankIdSessions.EndUserIp(http), target.Document.Text)
        {
            DocumentHash = target.Document.Hash,
            PersonalNumber = target.PersonalNumber,
            Email = actor,
            Decision = decision,
            Form = new JsonObject { ["reason"] = reason },
            SessionStartedAt = TaskEndpoints.WithoutLogin(bookmark) ? null : http.User.SessionStarted(),
        }, http.RequestAborted);
        if (session is null)
        {
            await JournalAsync(http, bookmark, actor, $"BankID kunde inte startas ({errorCode})", new JsonObject { ["errorCode"] = errorCode });
            return await FormAsync(address, subject, form, new Dictionary<string, string> { [field] = error! }, http);
        }
        return Results.Redirect($"{address.Path}/bankid/{session.Id}");
    }

    /// <summary>GET of the BankID stage: the text, BankID's message, the autostart link and the QR code.</summary>
    public static async Task<IResult> BankIdPageAsync(TaskAddress address, Guid session, HttpContext http)
    {
        var sessions = http.RequestServices.GetRequiredService<BankIdSessions>();
        var views = http.RequestServices.GetRequiredService<TaskViews>();
        var (bookmark, refusal) = await Gate(address, http);
        if (refusal is not null)
            return refusal;
        var found = await sessions.FindAsync(session, Purpose(bookmark!), http.RequestAborted);
        if (found is null)
            return TaskPages.Message(http, StatusCodes.Status404NotFound, "BankID-ordern finns inte", "Börja om från uppgiften.", address.Path);
        var subject = await views.LoadAsync(bookmark!, http.RequestAborted);
        return Stage(http, address, subject, found, early: http.Request.Query.ContainsKey("early"));
    }

    /// <summary>GET of the order's state for the page's script: collects (at most about once a second) and answers with BankID's message.</summary>
    public static async Task<IResult> BankIdStatusAsync(TaskAddress address, Guid session, HttpContext http)
    {
        var sessions = http.RequestServices.GetRequiredService<BankIdSessions>();
        var (bookmark, refusal) = await Gate(address, http);
        if (refusal is not null)
            return Results.StatusCode(StatusCodes.Status410Gone);
        var found = await sessions.FindAsync(session, Purpose(bookmark!), http.RequestAborted);
        if (found is null)
            return Results.NotFound();
        found = await sessions.CollectAsync(found, http.RequestAborted);
        return Results.Json(new { status = found.Status, hintCode = found.HintCode, message = BankIdSessions.Message(found, http.Request.Query["device"] == "this") });
    }

    /// <summary>GET of the QR code for this second, as a PNG, while the order is pending.</summary>
    public static async Task<IResult> BankIdQrAsync(TaskAddress address, Guid session, HttpContext http)
    {
        var sessions = http.RequestServices.GetRequiredService<BankIdSessions>();
        var (bookmark, refusal) = await Gate(address, http);
        if (refusal is not null)
            return Results.StatusCode(StatusCodes.Status410Gone);
        var found = await sessions.FindAsync(session, Purpose(bookmark!), http.RequestAborted);
        if (found is null || found.Status != BankIdSessionStatus.Pending)
            return Results.NoContent();
        return Results.File(BankIdQrCode.Png(sessions.QrContent(found)), "image/png");
    }

    /// <summary>POST of the BankID stage: collect ("Jag har skrivit under"), cancel, or switch to an SMS code.</summary>
    public static async Task<IResult> BankIdAnswerAsync(TaskAddress address, Guid session, HttpContext http)
    {
        var sessions = http.RequestServices.GetRequiredService<BankIdSessions>();
        var views = http.RequestServices.GetRequiredService<TaskViews>();
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        var (bookmark, refusal) = await Gate(address, http);
        if (refusal is not null)
            return refusal;
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return TaskPages.Message(http, StatusCodes.Status400BadRequest, "Formuläret har gått ut", "Ladda om sidan och försök igen.", $"{address.Path}/bankid/{session}");
        var found = await sessions.FindAsync(session, Purpose(bookmark!), http.RequestAborted);
        if (found is null)
            return TaskPages.Message(http, StatusCodes.Status404NotFound, "BankID-ordern finns inte", "Börja om från uppgiften.", address.Path);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var subject = await views.LoadAsync(bookmark!, http.RequestAborted);
        var decision = found.Decision ?? "";
        var reason = found.Form is null ? null : TaskAnswer.TextOf(JsonNode.Parse(found.Form)?["reason"]);
        var answered = AnswerForm(decision, reason, null);

        switch (form["action"].ToString())
        {
            case "cancel":
                await sessions.CancelAsync(found, http.RequestAborted);
                return await FormAsync(address, subject, answered, new Dictionary<string, string>(), http, notice: $"{BankIdMessages.Rfa6} Inget har registrerats.");
            case "sms" when TaskKinds.IsAttestation(bookmark!.ActivityType):
                await sessions.CancelAsync(found, http.RequestAborted);
                return await SendSmsAsync(address, subject, AnswerForm(decision, reason, StepUpProof.Sms), decision, reason, http);
        }

        found = await sessions.CollectAsync(found, http.RequestAborted);
        if (found.Status == BankIdSessionStatus.Pending)
            return Results.Redirect($"{address.Path}/bankid/{session}?early=1");
        if (!await sessions.ClaimAsync(found, http.RequestAborted))
        {
            // Another request (the page's script, a second click, another host) finished this order: the task shows how it stands.
            return found.Status == BankIdSessionStatus.Complete
                ? Results.Redirect(address.Path)
                : await FormAsync(address, subject, answered, FieldError(bookmark!, BankIdSessions.Message(found, false)), http);
        }
        var actor = TaskEndpoints.ActorOf(bookmark!, http);
        if (found.Status != BankIdSessionStatus.Complete)
        {
            var signer = found.Completion is null ? null : (string?)JsonNode.Parse(found.Completion)?["user"]?["name"];
            await JournalAsync(http, bookmark!, actor,
                found.HintCode == BankIdSessionStatus.WrongPerson
                    ? $"BankID-underskriften gjordes av någon annan ({signer}) än mottagaren och godtogs inte"
                    : $"BankID misslyckades ({found.HintCode ?? found.ErrorCode})",
                new JsonObject { ["hintCode"] = found.HintCode, ["errorCode"] = found.ErrorCode, ["signerName"] = signer });
            return await FormAsync(address, subject, answered, FieldError(bookmark!, BankIdSessions.Message(found, false)), http);
        }

        // The proof covers the document BankID signed; the step builds it again from the records and refuses it if they changed since.
        await http.RequestServices.GetRequiredService<StepUpProofs>().RecordAsync(bookmark!, actor, decision, StepUpProof.BankId, found.OrderRef,
            found.DocumentHash!, found.SessionStartedAt, found.PersonalNumber, found.Completion, http.RequestAborted);
        return await TaskEndpoints.ResumeAsync(address, subject, actor, Input(decision, reason), answered, http);
    }

    private static async Task<IResult> SendSmsAsync(TaskAddress address, TaskSubject subject, IFormCollection form, string decision, string? reason, HttpContext http)
    {
        var services = http.RequestServices;
        var email = http.User.Email();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var db = services.GetRequiredService<Activities.Persistence.KundportalDbContextFactory>().CreateDbContext())
        {
            var mobile = await db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => u.Mobile).FirstOrDefaultAsync(http.RequestAborted);
            if (string.IsNullOrWhiteSpace(mobile))
            {
                errors["method"] = "Det finns inget mobilnummer för dig i Kundportalen. Välj BankID eller be administratören lägga in ditt nummer.";
                return await FormAsync(address, subject, form, errors, http);
            }
            var target = await services.GetRequiredService<StepUpProofs>().TargetAsync(subject.Bookmark, email, decision, reason, http.RequestAborted);
            var what = target!.Document.PlainText.Split('\n')[0];
            if (await services.GetRequiredService<OneTimeCodes>().SendAsync(email, mobile, CodePurpose(subject.Bookmark, decision), what, http.RequestAborted, subject.Bookmark.InstanceId) is null)
            {
                errors["method"] = $"Du har fått {services.GetRequiredService<PortalRateLimits>().SmsCodesPerHour} engångskoder den senaste timmen. Vänta en stund, eller välj BankID.";
                return await FormAsync(address, subject, form, errors, http);
            }
            return SmsStage(http, address, subject, decision, reason, null,
                $"Vi har skickat en engångskod till ditt mobilnummer som slutar på {mobile[^Math.Min(2, mobile.Length)..]}. Koden gäller i 5 minuter.");
        }
    }

    private static async Task<IResult> VerifySmsAsync(TaskAddress address, TaskSubject subject, IFormCollection form, string decision, string? reason, HttpContext http)
    {
        var services = http.RequestServices;
        var email = http.User.Email();
        var (check, left, reference) = await services.GetRequiredService<OneTimeCodes>().VerifyAsync(email, CodePurpose(subject.Bookmark, decision), form["code"], http.RequestAborted);
        if (check != CodeCheck.Verified)
        {
            await JournalAsync(http, subject.Bookmark, email, check == CodeCheck.Wrong ? "Fel engångskod" : "Engångskoden gällde inte längre",
                new JsonObject { ["method"] = StepUpProof.Sms, ["result"] = check.ToString() }, StepUpProof.Sms);
            return SmsStage(http, address, subject, decision, reason, check == CodeCheck.Wrong
                ? $"Fel kod. Du har {left} försök kvar."
                : "Koden gäller inte längre (för många försök eller för gammal). Begär en ny kod.", null);
        }
        var proofs = services.GetRequiredService<StepUpProofs>();
        var target = await proofs.TargetAsync(subject.Bookmark, email, decision, reason, http.RequestAborted);
        await proofs.RecordAsync(subject.Bookmark, email, decision, StepUpProof.Sms, reference!.Value.ToString(), target!.Document.Hash, http.User.SessionStarted(), cancellationToken: http.RequestAborted);
        return await TaskEndpoints.ResumeAsync(address, subject, email, Input(decision, reason), AnswerForm(decision, reason, StepUpProof.Sms), http);
    }

    private static RazorComponentResult<Components.Tasks.TaskDocument> SmsStage(HttpContext http, TaskAddress address, TaskSubject subject, string decision, string? reason, string? error, string? notice) =>
        Page(http, address, new TaskView
        {
            Title = "Bekräfta med engångslösenord",
            Lead = "Skriv in koden från SMS:et för att bekräfta ditt beslut.",
            Stage = TaskStage.SmsCode,
            Hidden = new Dictionary<string, string> { ["decision"] = decision, ["reason"] = reason ?? "", ["method"] = StepUpProof.Sms },
            Fields = [new TaskField("code", "Engångskod (6 siffror) från SMS:et", FieldKind.Text) { Error = error, AutoComplete = "one-time-code" }],
            Notice = notice,
            SubmitLabel = "Bekräfta",
        }, error is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);

    private static RazorComponentResult<Components.Tasks.TaskDocument> Stage(HttpContext http, TaskAddress address, TaskSubject subject, BankIdSessionRecord session, bool early)
    {
        var attestation = TaskKinds.IsAttestation(subject.Bookmark.ActivityType);
        var message = BankIdSessions.Message(session, autoStarted: false);
        var simulator = http.RequestServices.GetService<BankIdMode>()?.Simulated == true ? $"/bankid-simulator/{session.AutoStartToken}" : null;
        var view = new TaskView
        {
            Title = subject.Bookmark.ActivityType == TaskKinds.SignAgreement ? "Signera med BankID" : "Bekräfta med BankID",
            Lead = TaskEndpoints.WithoutLogin(subject.Bookmark)
                ? "Du behöver inte logga in: du bekräftar med ditt eget BankID."
                : "Bekräfta ditt beslut med ditt BankID.",
            Notice = early && session.Status == BankIdSessionStatus.Pending ? $"BankID är inte klart ännu. {message}" : null,
            BankId = new BankIdPanel("Bekräfta med BankID", SignedDocument.Plain(session.Text), message, BankIdSessions.AutoStartLink(session),
                $"{address.Path}/bankid/{session.Id}/qr", $"{address.Path}/bankid/{session.Id}/status", $"{address.Path}/bankid/{session.Id}")
            {
                OfferSms = attestation,
                SimulatorUrl = simulator,
            },
        };
        return Page(http, address, view, StatusCodes.Status200OK);
    }

    private static async Task<IResult> FormAsync(TaskAddress address, TaskSubject subject, IFormCollection form, Dictionary<string, string> errors, HttpContext http, string? notice = null)
    {
        var view = await http.RequestServices.GetRequiredService<TaskViews>().FormAsync(subject, form, errors, http.RequestAborted);
        view = TaskEndpoints.WithSamePersonNotice(view, subject, http);
        if (notice is not null)
            view = view with { Notice = notice };
        return Page(http, address, view, errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static Task<(BookmarkRecord? Bookmark, IResult? Refusal)> Gate(TaskAddress address, HttpContext http) =>
        TaskEndpoints.GateAsync(address, http, http.RequestServices.GetRequiredService<WorkflowsDbContext>(), http.RequestServices.GetRequiredService<TimeProvider>());

    private static RazorComponentResult<Components.Tasks.TaskDocument> Page(HttpContext http, TaskAddress address, TaskView view, int status) =>
        TaskPages.Form(http, http.RequestServices.GetRequiredService<IAntiforgery>(), address, view, status);

    private static Dictionary<string, string> FieldError(BookmarkRecord bookmark, string message) =>
        new() { [bookmark.ActivityType == TaskKinds.SignAgreement ? "decision" : "method"] = message };

    private static Task<InstanceCommandResult> JournalAsync(HttpContext http, BookmarkRecord bookmark, string actor, string message, JsonObject data, string method = StepUpProof.BankId)
    {
        data["method"] = method;
        data["activityId"] = bookmark.ActivityId;
        return http.RequestServices.GetRequiredService<WorkflowRuntime>()
            .AddJournalEntryAsync(bookmark.InstanceId, JournalKinds.StepUpFailed, message, data, actor, http.RequestAborted);
    }

    private static JsonObject Input(string decision, string? reason) => new() { ["decision"] = decision, ["reason"] = reason };

    private static FormCollection AnswerForm(string decision, string? reason, string? method)
    {
        var fields = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["decision"] = decision, ["reason"] = reason ?? "" };
        if (method is not null)
            fields["method"] = method;
        return new FormCollection(fields);
    }

    private static string Purpose(BookmarkRecord bookmark) => $"task:{bookmark.Id}";

    // A code confirms one decision on one link.
    private static string CodePurpose(BookmarkRecord bookmark, string decision) => $"{bookmark.Id}:{decision}";
}
