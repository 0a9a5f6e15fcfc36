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

    public async Task<ClaimsPrincipal> CreatePrincipalAsync(string email, string method, CancellationToken cancellationToken = default)
    {
        email = User.NormaliseEmail(email);
        await using var db = dbs.CreateDbContext();
        var person = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        var roles = person is null
            ? []
            : await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == person.Id)
                .Join(db.Organisations, r => r.OrganisationId, o => o.Id, (r, o) => new { r.Role, r.ServiceCode, o.OrganisationNumber, o.Kind })
                .ToListAsync(cancellationToken);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, email),
            new(ClaimTypes.Email, email),
            new(PortalClaims.DisplayName, person?.Name ?? email),
            new(PortalClaims.SessionStartedAt, clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)),
            new(PortalClaims.Method, method),
        };
        claims.AddRange(roles.Select(r => new Claim(PortalClaims.Role, PortalClaims.RoleValue(r.OrganisationNumber, r.Role, r.ServiceCode))));
        if (roles.Any(r => r.Kind == OrganisationKind.Inera))
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
