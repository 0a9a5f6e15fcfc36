using System.Globalization;
using System.Security.Claims;
using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Host.Auth;

/// <summary>
/// The claims a signed-in person carries: the e-mail as name, the display name, when this login began (for the
/// same-person rule), and one <see cref="Role"/> claim per domain role assignment: <c>{organisationsnummer}:{Role}</c>
/// or <c>{organisationsnummer}:{Role}:{serviceCode}</c>. Inera's roles also give the <c>Staff</c> role.
/// </summary>
public static class PortalClaims
{
    public const string DisplayName = "kundportal:name";
    public const string Role = "kundportal:role";
    public const string SessionStartedAt = "kundportal:session_started";
    public const string Method = "kundportal:method";

    public static string Email(this ClaimsPrincipal user) => User.NormaliseEmail(user.Identity?.Name ?? "");

    public static string NameOf(this ClaimsPrincipal user) => user.FindFirst(DisplayName)?.Value ?? user.Identity?.Name ?? "";

    public static DateTimeOffset? SessionStarted(this ClaimsPrincipal user) =>
        user.FindFirst(SessionStartedAt)?.Value is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    public static string RoleValue(string organisationNumber, KundportalRole role, string? serviceCode = null) =>
        serviceCode is null ? $"{organisationNumber}:{role}" : $"{organisationNumber}:{role}:{serviceCode}";

    /// <summary>Holds <paramref name="role"/> in the organisation (any service).</summary>
    public static bool HasRole(this ClaimsPrincipal user, string organisationNumber, KundportalRole role) =>
        user.FindAll(Role).Any(c => c.Value == RoleValue(organisationNumber, role) || c.Value.StartsWith(RoleValue(organisationNumber, role) + ":", StringComparison.Ordinal));

    /// <summary>The caller as the role rules see it: name, whether Inera's staff, and where Administratör.</summary>
    public static Activities.Roles.RoleActor Actor(this ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "anonymous", user.IsInRole(Infrastructure.Authentication.KundportalRoles.Staff),
            user.OrganisationsWith(KundportalRole.Administrator).ToHashSet(StringComparer.Ordinal));

    /// <summary>The organisations where the user holds <paramref name="role"/>.</summary>
    public static IReadOnlyList<string> OrganisationsWith(this ClaimsPrincipal user, KundportalRole role) =>
        [.. user.Assignments().Where(a => a.Role == role.ToString()).Select(a => a.Organisation).Distinct()];

    /// <summary>The person's role claims read back: organisation, role (stored name) and, for a per-service role, the service.</summary>
    public static IEnumerable<(string Organisation, string Role, string? Service)> Assignments(this ClaimsPrincipal user) =>
        user.FindAll(Role).Select(c => c.Value.Split(':')).Where(p => p.Length >= 2).Select(p => (p[0], p[1], p.Length > 2 ? p[2] : null));
}
