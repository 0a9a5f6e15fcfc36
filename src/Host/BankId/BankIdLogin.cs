using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Components.Tasks;
using Elsa.Kundportal.Host.Tasks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.BankId;

/// <summary>
/// "Logga in med BankID": an identification order (auth, no personnummer asked for), the same BankID stage as the
/// task pages (autostart, animated QR code, collecting script, a button without script), and on completion the portal
/// user whose personnummer BankID returned is signed in, as after a password, with the method BankID. A personnummer
/// that belongs to nobody in the portal signs nobody in. Each completed order signs in once.
/// </summary>
internal static class BankIdLogin
{
    private const string Purpose = "login";
    private const string Text = "Logga in i Ineras Kundportal.";

    public static void MapBankIdLogin(this WebApplication app)
    {
        var login = app.MapGroup("/login/bankid").ExcludeFromDescription().RequireRateLimiting(PortalRateLimits.Login).DisableAntiforgery();
        login.MapPost("", StartAsync);
        login.MapGet("/{session:guid}", PageAsync);
        login.MapPost("/{session:guid}", FinishAsync);
        login.MapGet("/{session:guid}/status", StatusAsync);
        login.MapGet("/{session:guid}/qr", QrAsync);
    }

    private static async Task<IResult> StartAsync(HttpContext http, IAntiforgery antiforgery, BankIdSessions sessions)
    {
        NoStore(http);
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return TaskPages.Message(http, StatusCodes.Status400BadRequest, "Formuläret har gått ut", "Ladda om sidan och försök igen.", "/login");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var (session, error, _) = await sessions.StartAsync(new BankIdStart(BankIdStart.Auth, Purpose, BankIdSessions.EndUserIp(http), Text)
        {
            Form = new JsonObject { ["returnUrl"] = LocalUrl.OrStart(form["ReturnUrl"].ToString()) },
        }, http.RequestAborted);
        return session is null
            ? TaskPages.Message(http, StatusCodes.Status503ServiceUnavailable, "Det gick inte att logga in med BankID", error!, "/login")
            : Results.Redirect($"/login/bankid/{session.Id}");
    }

    private static async Task<IResult> PageAsync(Guid session, HttpContext http, BankIdSessions sessions, IAntiforgery antiforgery, BankIdMode mode)
    {
        NoStore(http);
        var found = await sessions.FindAsync(session, Purpose, http.RequestAborted);
        if (found is null)
            return TaskPages.Message(http, StatusCodes.Status404NotFound, "BankID-ordern finns inte", "Börja om från inloggningen.", "/login");
        var message = BankIdSessions.Message(found, autoStarted: false);
        return new RazorComponentResult<TaskDocument>(new Dictionary<string, object?>
        {
            [nameof(TaskDocument.View)] = new TaskView
            {
                Title = "Logga in med BankID",
                Lead = "Legitimera dig med ditt BankID. Du loggas in som den användare i Kundportalen som har ditt personnummer.",
                Notice = http.Request.Query.ContainsKey("early") && found.Status == BankIdSessionStatus.Pending ? $"BankID är inte klart ännu. {message}" : null,
                Antiforgery = antiforgery.GetAndStoreTokens(http),
                BankId = new BankIdPanel("Legitimera dig med BankID", found.Text, message, BankIdSessions.AutoStartLink(found),
                    $"/login/bankid/{found.Id}/qr", $"/login/bankid/{found.Id}/status", $"/login/bankid/{found.Id}")
                {
                    SimulatorUrl = mode.Simulated ? $"/bankid-simulator/{found.AutoStartToken}" : null,
                    CollectLabel = "Jag har legitimerat mig i BankID-appen",
                },
            },
        });
    }

    private static async Task<IResult> StatusAsync(Guid session, HttpContext http, BankIdSessions sessions)
    {
        NoStore(http);
        var found = await sessions.FindAsync(session, Purpose, http.RequestAborted);
        if (found is null)
            return Results.NotFound();
        found = await sessions.CollectAsync(found, http.RequestAborted);
        return Results.Json(new { status = found.Status, hintCode = found.HintCode, message = BankIdSessions.Message(found, http.Request.Query["device"] == "this") });
    }

    private static async Task<IResult> QrAsync(Guid session, HttpContext http, BankIdSessions sessions)
    {
        NoStore(http);
        var found = await sessions.FindAsync(session, Purpose, http.RequestAborted);
        if (found is null || found.Status != BankIdSessionStatus.Pending)
            return Results.NoContent();
        return Results.File(BankIdQrCode.Png(sessions.QrContent(found)), "image/png");
    }

    private static async Task<IResult> FinishAsync(
        Guid session, HttpContext http, IAntiforgery antiforgery, BankIdSessions sessions, KundportalDbContextFactory dbs, PortalSignIn signIn, ILoggerFactory loggers)
    {
        NoStore(http);
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return TaskPages.Message(http, StatusCodes.Status400BadRequest, "Formuläret har gått ut", "Ladda om sidan och försök igen.", "/login");
        var found = await sessions.FindAsync(session, Purpose, http.RequestAborted);
        if (found is null)
            return TaskPages.Message(http, StatusCodes.Status404NotFound, "BankID-ordern finns inte", "Börja om från inloggningen.", "/login");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["action"] == "cancel")
        {
            await sessions.CancelAsync(found, http.RequestAborted);
            return Results.Redirect("/login");
        }
        found = await sessions.CollectAsync(found, http.RequestAborted);
        if (found.Status == BankIdSessionStatus.Pending)
            return Results.Redirect($"/login/bankid/{found.Id}?early=1");
        if (found.Status != BankIdSessionStatus.Complete || !await sessions.ClaimAsync(found, http.RequestAborted))
        {
            var why = found.Status == BankIdSessionStatus.Complete ? "Den här BankID-legitimeringen är redan använd. Logga in igen." : BankIdSessions.Message(found, false);
            return TaskPages.Message(http, StatusCodes.Status401Unauthorized, "Inloggningen med BankID misslyckades", why, "/login");
        }
        var personalNumber = Activities.Domain.PersonalNumber.DigitsOf((string?)JsonNode.Parse(found.Completion ?? "{}")?["user"]?["personalNumber"]);
        string? email = null;
        if (personalNumber is not null)
        {
            await using var db = dbs.CreateDbContext();
            email = await db.Users.AsNoTracking().Where(u => u.PersonalNumber == personalNumber).Select(u => u.Email).FirstOrDefaultAsync(http.RequestAborted);
        }
        if (email is null)
        {
            loggers.CreateLogger(typeof(BankIdLogin).FullName!).LogInformation("BankID login {Session}: no portal user has the personnummer", found.Id);
            return TaskPages.Message(http, StatusCodes.Status403Forbidden, "Du finns inte i Kundportalen med ditt personnummer",
                "Ingen användare i Kundportalen har ditt personnummer. Logga in med e-post och lösenord och lägg in personnumret under Mitt konto, eller be din organisations administratör lägga in det.", "/login");
        }
        await signIn.SignInAsync(http, email, "BankID");
        var returnUrl = found.Form is null ? "/" : TaskAnswer.TextOf(JsonNode.Parse(found.Form)?["returnUrl"]);
        return Results.LocalRedirect(LocalUrl.OrStart(returnUrl));
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.CacheControl = "no-cache, no-store";
    }
}
