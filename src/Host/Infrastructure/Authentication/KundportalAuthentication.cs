using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Elsa.Kundportal.Host.Infrastructure.Authentication;

internal static class KundportalRoles
{
    /// <summary>Inera's staff: may use the Elsa API and the Hangfire dashboard.</summary>
    public const string Staff = "Staff";
}

internal static class KundportalAuthentication
{
    /// <summary>Picks the API key scheme when the request carries a key, the access-token scheme for a bearer token, otherwise the sign-in cookie.</summary>
    public const string Scheme = "Kundportal";
    public const string StaffPolicy = "Staff";

    /// <summary>Short-lived access tokens issued to a signed-in person (for Elsa Studio), sent as <c>Authorization: Bearer</c>.</summary>
    public const string AccessTokenScheme = "AccessToken";

    /// <summary>How long an access token is valid; the Studio page fetches a fresh one well before.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Machines authenticate with an API key in every mode. People sign in with a cookie; until local accounts exist,
    /// only the dev tools can issue one (a demo staff login at <c>/dev/login</c>).
    /// </summary>
    public static IServiceCollection AddKundportalAuthentication(this IServiceCollection services, KundportalSettings settings)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key, access token or sign-in cookie", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, o => o.Keys = settings.Options.ApiKeys)
            // Tokens are data-protected tickets of the person's claims: the key ring is shared by every host, refresh tokens are not offered.
            .AddBearerToken(AccessTokenScheme, o =>
            {
                o.BearerTokenExpiration = AccessTokenLifetime;
                o.RefreshTokenExpiration = AccessTokenLifetime;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "kundportal.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.LoginPath = "/login";
                o.Events.OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized, redirect: true);
                o.Events.OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden, redirect: false);
                // The cookie's roles are the ones held now, not the ones held at login (see PortalSignIn.RefreshRolesAsync).
                o.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<Auth.PortalSignIn>().RefreshRolesAsync(context);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.RequireAuthenticatedUser().RequireRole(KundportalRoles.Staff));
        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        if (ApiKeyAuthenticationHandler.PresentedKey(context.Request) is not null)
            return ApiKeyAuthenticationHandler.SchemeName;
        return context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? AccessTokenScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    /// <summary>The name the journal records for the caller.</summary>
    public static string ActorName(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    // APIs answer with a status code (and a Problem Details body); pages redirect to the login where one exists.
    private static Task Challenge(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status, bool redirect)
    {
        if (!redirect || RequestKinds.IsApi(context.Request))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
