using System.Globalization;
using System.Security.Claims;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Auth;

public enum SignInOutcome
{
    SignedIn,
    WrongCredentials,
    LockedOut,
}

/// <summary>
/// Signs people in with their local account (ASP.NET Core Identity: hashed password, lockout after repeated failures)
/// into the portal's sign-in cookie, with their domain roles as claims (<see cref="PortalClaims"/>).
/// </summary>
public sealed class PortalSignIn(UserManager<IdentityUser> users, KundportalDbContextFactory dbs, TimeProvider clock)
{
    public async Task<SignInOutcome> PasswordSignInAsync(HttpContext http, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = await users.FindByNameAsync(User.NormaliseEmail(email));
        if (user is null)
            return SignInOutcome.WrongCredentials;
        if (await users.IsLockedOutAsync(user))
            return SignInOutcome.LockedOut;
        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user) ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials;
        }
        await users.ResetAccessFailedCountAsync(user);
        await SignInAsync(http, user.UserName!, "Lösenord");
        return SignInOutcome.SignedIn;
    }

    /// <summary>Issues the sign-in cookie for a person known by e-mail (after a password, or an external login).</summary>
    public async Task SignInAsync(HttpContext http, string email, string method)
    {
        ArgumentNullException.ThrowIfNull(http);
        var principal = await CreatePrincipalAsync(email, method, http.RequestAborted);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IssuedUtc = clock.GetUtcNow() });
    }

    public async Task<ClaimsPrincipal> CreatePrincipalAsync(string email, string method, CancellationToken cancellationToken = default) =>
        Principal(User.NormaliseEmail(email), await CurrentAsync(email, cancellationToken), clock.GetUtcNow(), method);

    /// <summary>
    /// Checks a signed-in person's cookie against the roles they hold now, on every request: an Administratör's change
    /// (a role given or taken) applies at once, not at the next login. When anything differs the cookie is reissued
    /// with the current roles; the login time and method stay as they were (the same-person rule depends on them).
    /// </summary>
    public async Task RefreshRolesAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is not { Identity.IsAuthenticated: true } principal || principal.Identity.Name is not { Length: > 0 } email)
            return;
        var current = await CurrentAsync(email, context.HttpContext.RequestAborted);
        var held = principal.FindAll(PortalClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (held.SetEquals(current.Roles) && principal.IsInRole(Infrastructure.Authentication.KundportalRoles.Staff) == current.Staff
            && principal.NameOf() == (current.Name ?? email))
        {
            return;
        }
        context.ReplacePrincipal(Principal(User.NormaliseEmail(email), current,
            principal.SessionStarted() ?? clock.GetUtcNow(), principal.FindFirst(PortalClaims.Method)?.Value ?? ""));
        context.ShouldRenew = true;
    }

    private sealed record CurrentPerson(string? Name, IReadOnlyList<string> Roles, bool Staff);

    private async Task<CurrentPerson> CurrentAsync(string email, CancellationToken cancellationToken)
    {
        email = User.NormaliseEmail(email);
        await using var db = dbs.CreateDbContext();
        var person = await db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => new { u.Id, u.Name }).FirstOrDefaultAsync(cancellationToken);
        if (person is null)
            return new CurrentPerson(null, [], false);
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == person.Id)
            .Join(db.Organisations, r => r.OrganisationId, o => o.Id, (r, o) => new { r.Role, r.ServiceCode, o.OrganisationNumber, o.Kind })
            .ToListAsync(cancellationToken);
        return new CurrentPerson(person.Name, [.. roles.Select(r => PortalClaims.RoleValue(r.OrganisationNumber, r.Role, r.ServiceCode)).Distinct()],
            roles.Any(r => r.Kind == OrganisationKind.Inera));
    }

    private static ClaimsPrincipal Principal(string email, CurrentPerson person, DateTimeOffset sessionStarted, string method)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, email),
            new(ClaimTypes.Email, email),
            new(PortalClaims.DisplayName, person.Name ?? email),
            new(PortalClaims.SessionStartedAt, sessionStarted.ToString("O", CultureInfo.InvariantCulture)),
            new(PortalClaims.Method, method),
        };
        claims.AddRange(person.Roles.Select(r => new Claim(PortalClaims.Role, r)));
        if (person.Staff)
            claims.Add(new Claim(ClaimTypes.Role, Infrastructure.Authentication.KundportalRoles.Staff));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>Creates the local account for a portal user, or sets a new password on an existing one.</summary>
    public async Task<IdentityResult> SetPasswordAsync(string email, string password)
    {
        email = User.NormaliseEmail(email);
        var user = await users.FindByNameAsync(email);
        if (user is null)
            return await users.CreateAsync(new IdentityUser { UserName = email, Email = email, EmailConfirmed = true }, password);
        await users.RemovePasswordAsync(user);
        return await users.AddPasswordAsync(user, password);
    }

    public async Task<bool> HasAccountAsync(string email) => await users.FindByNameAsync(User.NormaliseEmail(email)) is not null;

    /// <summary>True when the person has a local account with a password (an account can exist without one, from a password link not yet used).</summary>
    public async Task<bool> HasPasswordAsync(string email) =>
        await users.FindByNameAsync(User.NormaliseEmail(email)) is { } user && await users.HasPasswordAsync(user);
}
