using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Host.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.BankId;

/// <summary>The state of a BankID order as the host last collected it, plus the host's own verdict <see cref="WrongPerson"/>.</summary>
public static class BankIdSessionStatus
{
    public const string Pending = BankIdCollected.Pending;
    public const string Failed = BankIdCollected.Failed;
    public const string Complete = BankIdCollected.Complete;

    /// <summary>The hintCode the host gives a completed order whose personal number is not the one required.</summary>
    public const string WrongPerson = "wrongPerson";
}

/// <summary>What to start: an identification (login) or a signature over a document, for whom and for what.</summary>
public sealed record BankIdStart(string Kind, string Purpose, string EndUserIp, string Text)
{
    public const string Auth = "auth";
    public const string Sign = "sign";

    public string? DocumentHash { get; init; }
    /// <summary>Only this person's BankID may complete the order (requirement.personalNumber).</summary>
    public string? PersonalNumber { get; init; }
    public string? Email { get; init; }
    public string? Decision { get; init; }
    /// <summary>The answer's other fields (the reason, the method), kept until the order completes.</summary>
    public JsonObject? Form { get; init; }
    public DateTimeOffset? SessionStartedAt { get; init; }
}

/// <summary>
/// The BankID orders this host started, in the portal's database so any host behind it can show, collect and finish
/// them: the tokens for autostart and the QR code (the QR secret encrypted with the host's data protection), what the
/// order is for, and its state. Collecting asks BankID at most about once a second per order however many pages or
/// buttons ask; a completed order whose personal number differs from the one required is marked failed
/// (<see cref="BankIdSessionStatus.WrongPerson"/>). Orders are kept a day.
/// </summary>
public sealed class BankIdSessions(PortalIdentityDbContext db, IBankIdClient client, TimeProvider clock, IDataProtectionProvider protection, ILogger<BankIdSessions> logger)
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);
    private static readonly TimeSpan CollectEvery = TimeSpan.FromSeconds(1);
    private readonly IDataProtector _secrets = protection.CreateProtector("Elsa.Kundportal.BankId.QrStartSecret");

    /// <summary>Starts the order at BankID and records it. Returns the session, or the Swedish message when BankID refused.</summary>
    public async Task<(BankIdSessionRecord? Session, string? Error, string? ErrorCode)> StartAsync(BankIdStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var request = new BankIdOrderRequest(start.EndUserIp)
        {
            UserVisibleData = start.Text, UserNonVisibleData = start.DocumentHash, PersonalNumber = start.PersonalNumber,
        };
        BankIdStarted started;
        try
        {
            started = start.Kind == BankIdStart.Sign ? await client.SignAsync(request, cancellationToken) : await client.AuthAsync(request, cancellationToken);
        }
        catch (BankIdException e)
        {
            return (null, BankIdMessages.Error(e.ErrorCode), e.ErrorCode);
        }
        var now = clock.GetUtcNow();
        var dayAgo = now - KeptFor;
        await db.BankIdSessions.Where(s => s.StartedAt < dayAgo).ExecuteDeleteAsync(cancellationToken);
        var session = new BankIdSessionRecord
        {
            Id = Guid.NewGuid(),
            OrderRef = started.OrderRef,
            AutoStartToken = started.AutoStartToken,
            QrStartToken = started.QrStartToken,
            QrStartSecret = _secrets.Protect(started.QrStartSecret),
            StartedAt = now,
            Kind = start.Kind,
            Purpose = start.Purpose,
            Email = start.Email,
            PersonalNumber = start.PersonalNumber,
            Decision = start.Decision,
            Form = start.Form?.ToJsonString(),
            Text = start.Text,
            DocumentHash = start.DocumentHash,
            SessionStartedAt = start.SessionStartedAt,
            Status = BankIdSessionStatus.Pending,
            HintCode = "outstandingTransaction",
        };
        db.BankIdSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return (session, null, null);
    }

    /// <summary>The session with this id, when it was started for <paramref name="purpose"/>; otherwise null.</summary>
    public Task<BankIdSessionRecord?> FindAsync(Guid id, string purpose, CancellationToken cancellationToken) =>
        db.BankIdSessions.FirstOrDefaultAsync(s => s.Id == id && s.Purpose == purpose, cancellationToken);

    /// <summary>Asks BankID for the order's state (unless it is final or was asked within the last second) and records it.</summary>
    public async Task<BankIdSessionRecord> CollectAsync(BankIdSessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = clock.GetUtcNow();
        if (session.Status != BankIdSessionStatus.Pending || session.CollectedAt > now - CollectEvery)
            return session;
        session.CollectedAt = now;
        try
        {
            var collected = await client.CollectAsync(session.OrderRef, cancellationToken);
            session.Status = collected.Status;
            session.HintCode = collected.HintCode;
            if (collected.Status == BankIdSessionStatus.Complete)
            {
                var required = session.PersonalNumber;
                if (required is not null && PersonalNumber.DigitsOf(collected.PersonalNumber) != required)
                {
                    // Someone else's BankID: refused, and only the name kept to say who it was.
                    session.Status = BankIdSessionStatus.Failed;
                    session.HintCode = BankIdSessionStatus.WrongPerson;
                    session.Completion = new JsonObject { ["user"] = new JsonObject { ["name"] = collected.Name } }.ToJsonString();
                }
                else
                {
                    session.Completion = collected.CompletionData?.ToJsonString();
                }
            }
            if (session.Status != BankIdSessionStatus.Pending)
                session.FinishedAt = now;
        }
        catch (BankIdException e) when (e.ErrorCode is BankIdException.Unreachable or BankIdException.Maintenance or BankIdException.InternalError or BankIdException.RequestTimeout)
        {
            // A passing fault: the order may still complete; the next collect asks again.
            session.ErrorCode = e.ErrorCode;
        }
        catch (BankIdException e)
        {
            session.Status = BankIdSessionStatus.Failed;
            session.HintCode = null;
            session.ErrorCode = e.ErrorCode;
            session.FinishedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>Cancels the order at BankID (when still pending) and records it as cancelled here.</summary>
    public async Task CancelAsync(BankIdSessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Status == BankIdSessionStatus.Pending)
        {
            try
            {
                await client.CancelAsync(session.OrderRef, cancellationToken);
            }
            catch (BankIdException e)
            {
                logger.LogInformation("BankID cancel of session {Session} answered {ErrorCode}", session.Id, e.ErrorCode);
            }
            session.Status = BankIdSessionStatus.Failed;
            session.HintCode = "cancelled";
            session.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Claims a finished session's result (a completion to act on, a failure to journal); true only for the first caller,
    /// so however many pages or hosts finish it, the result is acted on once.
    /// </summary>
    public async Task<bool> ClaimAsync(BankIdSessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = clock.GetUtcNow();
        return await db.BankIdSessions.Where(s => s.Id == session.Id && s.Status != BankIdSessionStatus.Pending && s.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.UsedAt, now), cancellationToken) == 1;
    }

    /// <summary>The address BankID is told the person is at: the client address (behind the configured proxies), IPv4 when it is one.</summary>
    public static string EndUserIp(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
            return "127.0.0.1";
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    /// <summary>The QR code for this second of the order (a new one every second).</summary>
    public string QrContent(BankIdSessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return BankIdQrCode.Content(session.QrStartToken, _secrets.Unprotect(session.QrStartSecret), BankIdQrCode.SecondsSince(session.StartedAt, clock.GetUtcNow()));
    }

    /// <summary>The Swedish message for the session's state.</summary>
    public static string Message(BankIdSessionRecord session, bool autoStarted)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Status switch
        {
            BankIdSessionStatus.Pending => BankIdMessages.Pending(session.HintCode, autoStarted),
            BankIdSessionStatus.Complete => "Klart! Du har bekräftat med BankID.",
            _ when session.ErrorCode is { } error && session.HintCode is null => BankIdMessages.Error(error),
            _ => BankIdMessages.Failed(session.HintCode, autoStarted),
        };
    }

    /// <summary>The autostart link that opens the BankID app on this device.</summary>
    public static string AutoStartLink(BankIdSessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return $"bankid:///?autostarttoken={Uri.EscapeDataString(session.AutoStartToken)}&redirect=null";
    }
}

/// <summary>A BankID order the host started (see <see cref="BankIdSessions"/>).</summary>
public sealed class BankIdSessionRecord
{
    public Guid Id { get; set; }
    public required string OrderRef { get; set; }
    public required string AutoStartToken { get; set; }
    public required string QrStartToken { get; set; }
    /// <summary>Encrypted with the host's data protection.</summary>
    public required string QrStartSecret { get; set; }
    /// <summary>When BankID's auth or sign answer arrived: second 0 of the QR code.</summary>
    public DateTimeOffset StartedAt { get; set; }
    public required string Kind { get; set; }
    /// <summary>What the order is for: <c>task:{bookmarkId}</c> or <c>login</c>.</summary>
    public required string Purpose { get; set; }
    public string? Email { get; set; }
    public string? PersonalNumber { get; set; }
    public string? Decision { get; set; }
    public string? Form { get; set; }
    public required string Text { get; set; }
    public string? DocumentHash { get; set; }
    public DateTimeOffset? SessionStartedAt { get; set; }
    public required string Status { get; set; }
    public string? HintCode { get; set; }
    public string? ErrorCode { get; set; }
    public DateTimeOffset? CollectedAt { get; set; }
    /// <summary>BankID's completionData as JSON once complete.</summary>
    public string? Completion { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
