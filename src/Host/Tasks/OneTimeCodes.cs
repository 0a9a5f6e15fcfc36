using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tasks;

public enum CodeCheck
{
    Verified,
    Wrong,
    /// <summary>Five wrong tries, expired, or already used: a new code is needed.</summary>
    NeedsNewCode,
}

/// <summary>
/// SMS one-time passwords: 6 digits, valid 5 minutes, 5 tries, then a new code is needed. Only a salted SHA-256 of the
/// code is stored; the SMS is a row in the engine's outbox (channel <c>sms</c>), delivered like every other message.
/// A person gets at most <see cref="PortalRateLimits.SmsCodesPerHour"/> codes an hour, counted in the database so the
/// limit holds across hosts (requests at the very same moment may each pass the count once); with five tries a code,
/// that bounds the guesses at a person's codes whatever the client address.
/// </summary>
public sealed class OneTimeCodes(PortalIdentityDbContext db, WorkflowsDbContext workflows, IWorkScheduler scheduler, PortalRateLimits limits, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const int MaxTries = 5;

    /// <summary>
    /// Sends a new code to <paramref name="mobile"/> for <paramref name="purpose"/>; earlier codes for it stop working.
    /// The SMS belongs to <paramref name="instanceId"/>, so operations see it with the order (without the code) and
    /// retention erases it with the order. Null when the person has had their codes for this hour.
    /// </summary>
    public async Task<Guid?> SendAsync(string email, string mobile, string purpose, string what, CancellationToken cancellationToken, Guid? instanceId = null)
    {
        var now = clock.GetUtcNow();
        var hourAgo = now.AddHours(-1);
        if (await db.OneTimeCodes.CountAsync(c => c.Email == email && c.CreatedAt > hourAgo, cancellationToken) >= limits.SmsCodesPerHour)
            return null;
        // Codes older than a day have no use left; a person's rows stay few.
        var dayAgo = now.AddDays(-1);
        await db.OneTimeCodes.Where(c => c.Email == email && c.CreatedAt < dayAgo).ExecuteDeleteAsync(cancellationToken);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var id = Guid.CreateVersion7(now);
        await db.OneTimeCodes.Where(c => c.Email == email && c.Purpose == purpose && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken);
        db.OneTimeCodes.Add(new OneTimeCode
        {
            Id = id, Email = email, Purpose = purpose, CodeHash = Hash(id, code), CreatedAt = now, ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        workflows.Outbox.Add(new OutboxMessageRecord
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = instanceId,
            Channel = OutboxChannels.Sms,
            Recipient = mobile,
            Subject = "Engångskod",
            Body = $"Din engångskod till Inera Kundportal är {code}. Den gäller i 5 minuter och bekräftar: {what}",
            MessageId = $"{Guid.NewGuid():N}@sms.kundportal",
            CreatedAt = now,
            NextAttemptAt = now,
        });
        await workflows.SaveChangesAsync(cancellationToken);
        scheduler.OnCommitted([], hasMessages: true);
        return id;
    }

    public async Task<(CodeCheck Result, int TriesLeft, Guid? Reference)> VerifyAsync(string email, string purpose, string? code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = await db.OneTimeCodes.AsNoTracking().Where(c => c.Email == email && c.Purpose == purpose && c.UsedAt == null)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (current is null || current.ExpiresAt <= now || current.FailedAttempts >= MaxTries)
            return (CodeCheck.NeedsNewCode, 0, null);
        var presented = Hash(current.Id, (code ?? "").Trim());
        // Each try is one conditional update, so tries made at the same moment (two tabs, two hosts) all count and a
        // code is used once: a try that finds the code used up or at its last try gets "new code needed".
        var open = db.OneTimeCodes.Where(c => c.Id == current.Id && c.UsedAt == null && c.FailedAttempts < MaxTries);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(current.CodeHash)))
        {
            if (await open.ExecuteUpdateAsync(s => s.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1), cancellationToken) == 0)
                return (CodeCheck.NeedsNewCode, 0, null);
            var failed = await db.OneTimeCodes.AsNoTracking().Where(c => c.Id == current.Id).Select(c => c.FailedAttempts).FirstAsync(cancellationToken);
            var left = MaxTries - failed;
            return (left <= 0 ? CodeCheck.NeedsNewCode : CodeCheck.Wrong, Math.Max(0, left), null);
        }
        if (await open.ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken) == 0)
            return (CodeCheck.NeedsNewCode, 0, null);
        return (CodeCheck.Verified, 0, current.Id);
    }

    private static string Hash(Guid id, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id:N}:{code}")));
}
