using System.Text;
using System.Threading.RateLimiting;
using Elsa.Kundportal.Activities;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using DomainUser = Elsa.Kundportal.Activities.Domain.User;

namespace Elsa.Kundportal.Host.Auth;

/// <summary>Settings of the links that let a person choose a password (configuration section <c>Kundportal:PasswordLinks</c>).</summary>
public sealed class PasswordLinkOptions
{
    public const string Section = "Kundportal:PasswordLinks";

    /// <summary>How long a link works after it was sent. Default 24 hours.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>The options of <see cref="PasswordLinkTokenProvider"/>: its own data-protection purpose and the link lifetime.</summary>
public sealed class PasswordLinkTokenProviderOptions : DataProtectionTokenProviderOptions;

/// <summary>
/// Identity's data-protection token provider, used only for password links. A token names the account and its
/// security stamp, so it works for that account only and stops working once a password is set (the stamp changes).
/// </summary>
public sealed class PasswordLinkTokenProvider(
    IDataProtectionProvider dataProtection, IOptions<PasswordLinkTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<IdentityUser>> logger)
    : DataProtectorTokenProvider<IdentityUser>(dataProtection, options, logger)
{
    public const string ProviderName = "PasswordLink";
}

/// <summary>
/// At most <see cref="PerHour"/> password links per address and hour on one host, so nobody can flood a mailbox through
/// the request page. Held in memory: with several hosts each keeps its own count, which still bounds the flood.
/// </summary>
public sealed class PasswordLinkLimiter : IDisposable
{
    public const int PerHour = 5;

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions { PermitLimit = PerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));

    public bool TryAcquire(string email)
    {
        using var lease = _limiter.AttemptAcquire(email);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>What a password link in a request turned out to be.</summary>
public enum PasswordLinkCheck
{
    Valid,
    /// <summary>Missing parts, or not a token at all (a cut-off or mistyped link).</summary>
    Malformed,
    /// <summary>A token Identity refuses: expired, already used, for another account, or tampered with.</summary>
    Refused,
}

/// <summary>
/// First sign-in and forgotten passwords: a person known to the portal (a user of the domain, e.g. an administrator or
/// signatory created by the process, or an existing local account) asks for a link by e-mail address; the account is
/// created without a password if missing, and an e-mail with a single-use link (Identity's password-reset token) goes
/// through the engine's outbox. The answer to the request is the same whether or not the address is known. Neither the
/// token nor the e-mail's text is ever logged.
/// </summary>
public sealed class PasswordLinks(
    UserManager<IdentityUser> users,
    KundportalDbContextFactory dbs,
    WorkflowsDbContext workflows,
    IWorkScheduler scheduler,
    IOptions<KundportalOptions> portal,
    IOptions<PasswordLinkOptions> options,
    PasswordLinkLimiter limiter,
    TimeProvider clock,
    ILogger<PasswordLinks> logger)
{
    public const string SetPasswordPath = "/account/password/set";
    public const string Subject = "Välj lösenord till Ineras Kundportal";

    /// <summary>Sends a link to <paramref name="email"/> if it belongs to someone the portal knows; otherwise does nothing.</summary>
    public async Task RequestAsync(string email, string? returnUrl, CancellationToken cancellationToken)
    {
        email = DomainUser.NormaliseEmail(email);
        if (!limiter.TryAcquire(email))
        {
            logger.LogWarning("Password link not sent: {PerHour} links an hour to one address already", PasswordLinkLimiter.PerHour);
            return;
        }
        string? name;
        await using (var db = dbs.CreateDbContext())
            name = await db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken);
        var account = await users.FindByNameAsync(email);
        if (name is null && account is null)
            return;
        account ??= await CreateAccountAsync(email);

        var token = await users.GeneratePasswordResetTokenAsync(account);
        var link = portal.Value.PageLink(LinkPath(account.Id, token, returnUrl));
        var now = clock.GetUtcNow();
        workflows.Outbox.Add(new OutboxMessageRecord
        {
            Id = Guid.CreateVersion7(now),
            Channel = OutboxChannels.Email,
            Recipient = email,
            RecipientName = name,
            Subject = Subject,
            Body = MailText.Body(name,
            [
                "Du har bett om en länk för att välja lösenord till Ineras Kundportal, för att logga in första gången eller för att du har glömt ditt lösenord.",
                $"Välj ditt lösenord här:\n{link}",
                $"Länken är personlig, gäller i {Duration(options.Value.Lifetime)} och kan användas en gång. Du loggar sedan in med e-postadressen {email} och ditt lösenord.",
                "Har du inte bett om länken kan du bortse från det här mejlet. Ditt lösenord ändras inte förrän någon använder länken.",
            ]),
            MessageId = $"{Guid.NewGuid():N}@{new Uri(portal.Value.PublicBaseUrl).Host}",
            CreatedAt = now,
            NextAttemptAt = now,
        });
        await workflows.SaveChangesAsync(cancellationToken);
        scheduler.OnCommitted([], hasMessages: true);
        logger.LogInformation("Password link sent for account {AccountId}", account.Id);
    }

    /// <summary>Checks a link's account and token without using it up.</summary>
    public async Task<(PasswordLinkCheck Check, IdentityUser? Account, string? Token)> CheckAsync(string? accountId, string? encodedToken)
    {
        if (string.IsNullOrWhiteSpace(accountId) || accountId.Length > 100 || string.IsNullOrWhiteSpace(encodedToken) || encodedToken.Length > 4000)
            return (PasswordLinkCheck.Malformed, null, null);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encodedToken));
        }
        catch (FormatException)
        {
            return (PasswordLinkCheck.Malformed, null, null);
        }
        var account = await users.FindByIdAsync(accountId);
        if (account is null)
            return (PasswordLinkCheck.Refused, null, null);
        var valid = await users.VerifyUserTokenAsync(account, users.Options.Tokens.PasswordResetTokenProvider, UserManager<IdentityUser>.ResetPasswordTokenPurpose, token);
        return valid ? (PasswordLinkCheck.Valid, account, token) : (PasswordLinkCheck.Refused, null, null);
    }

    /// <summary>The errors Identity's password rules find in <paramref name="password"/> (in Swedish), without changing anything.</summary>
    public async Task<IReadOnlyList<string>> PasswordErrorsAsync(IdentityUser account, string password)
    {
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, account, password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }
        return errors;
    }

    /// <summary>
    /// Sets the password with the link's token (which changes the security stamp, so the link is used up), confirms the
    /// e-mail address (the link arrived there) and lifts a lockout. A failed result either names broken password rules
    /// or (<see cref="LinkStoppedWorking"/>) says the token stopped working meanwhile, e.g. used by a second request at once.
    /// </summary>
    public async Task<IdentityResult> SetPasswordAsync(IdentityUser account, string token, string password)
    {
        var result = await users.ResetPasswordAsync(account, token, password);
        if (!result.Succeeded)
            return result;
        if (!account.EmailConfirmed)
        {
            account.EmailConfirmed = true;
            await users.UpdateAsync(account);
        }
        await users.ResetAccessFailedCountAsync(account);
        await users.SetLockoutEndDateAsync(account, null);
        logger.LogInformation("Password set through a link for account {AccountId}", account.Id);
        return result;
    }

    /// <summary>True when the result means the link no longer works (rather than a password the rules refuse).</summary>
    public static bool LinkStoppedWorking(IdentityResult result) =>
        result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.InvalidToken) or nameof(IdentityErrorDescriber.ConcurrencyFailure));

    /// <summary>The path (with query) of the set-password page for an account and token, carrying a local return address.</summary>
    public static string LinkPath(string accountId, string token, string? returnUrl)
    {
        var path = $"{SetPasswordPath}?user={Uri.EscapeDataString(accountId)}&token={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
        var local = LocalUrl.OrStart(returnUrl);
        return local == "/" ? path : $"{path}&ReturnUrl={Uri.EscapeDataString(local)}";
    }

    /// <summary>"24 timmar", "1 timme", "30 minuter".</summary>
    public static string Duration(TimeSpan lifetime)
    {
        if (lifetime >= TimeSpan.FromHours(1) && lifetime.Ticks % TimeSpan.TicksPerHour == 0)
            return lifetime.TotalHours == 1 ? "1 timme" : $"{(long)lifetime.TotalHours} timmar";
        var minutes = Math.Max(1, (long)Math.Ceiling(lifetime.TotalMinutes));
        return minutes == 1 ? "1 minut" : $"{minutes} minuter";
    }

    private async Task<IdentityUser> CreateAccountAsync(string email)
    {
        var account = new IdentityUser { UserName = email, Email = email };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(account);
        }
        catch (DbUpdateException)
        {
            // Two requests at once: the database's unique user name refused the second account.
            created = IdentityResult.Failed(users.ErrorDescriber.DuplicateUserName(email));
        }
        if (created.Succeeded)
            return account;
        // Two requests at once: the other one created the account.
        return await users.FindByNameAsync(email)
            ?? throw new InvalidOperationException($"The account could not be created: {string.Join(", ", created.Errors.Select(e => e.Code))}");
    }
}
