using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Elsa.Kundportal.Host.Auth;

/// <summary>Sign-in through an organisation's OpenID Connect provider, when <c>Kundportal:Oidc:Authority</c> is set.</summary>
public sealed class PortalOidcOptions
{
    public const string Section = "Kundportal:Oidc";
    public const string Scheme = "oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The button text on the login page.</summary>
    public string DisplayName { get; set; } = "Logga in med organisationens inloggning";
    /// <summary>The claim that holds the person's e-mail: the portal user it maps to.</summary>
    public string EmailClaim { get; set; } = "email";
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

internal static class PortalOidc
{
    /// <summary>
    /// ASP.NET Core's OpenID Connect handler (code flow with PKCE) signing into the portal cookie. The provider's e-mail
    /// claim picks the portal user; the cookie then carries that user's portal roles, exactly as after a password login.
    /// </summary>
    public static IServiceCollection AddPortalOidc(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PortalOidcOptions.Section).Get<PortalOidcOptions>() ?? new PortalOidcOptions();
        services.AddSingleton(options);
        if (!options.IsConfigured)
            return services;
        services.AddAuthentication().AddOpenIdConnect(PortalOidcOptions.Scheme, options.DisplayName, o =>
        {
            o.Authority = options.Authority;
            o.ClientId = options.ClientId;
            o.ClientSecret = options.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.RequireHttpsMetadata = options.RequireHttpsMetadata;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.MapInboundClaims = false;
            // The code comes back as a redirect (no script needed), and the handler's cookies follow the request's scheme.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SaveTokens = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("email");
            o.Scope.Add("profile");
            o.Events.OnTokenValidated = async context =>
            {
                var email = context.Principal?.FindFirst(options.EmailClaim)?.Value;
                if (string.IsNullOrWhiteSpace(email))
                {
                    context.Fail("The provider sent no e-mail claim.");
                    return;
                }
                var signIn = context.HttpContext.RequestServices.GetRequiredService<PortalSignIn>();
                context.Principal = await signIn.CreatePrincipalAsync(email, "OpenID Connect", context.HttpContext.RequestAborted);
            };
        });
        return services;
    }

    public static WebApplication MapPortalOidc(this WebApplication app)
    {
        if (app.Services.GetRequiredService<PortalOidcOptions>().IsConfigured)
        {
            app.MapGet("/login/oidc", (string? returnUrl) =>
                Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl.OrStart(returnUrl) }, [PortalOidcOptions.Scheme]))
                .ExcludeFromDescription().RequireRateLimiting(PortalRateLimits.Login);
        }
        return app;
    }
}
