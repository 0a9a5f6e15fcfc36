using System.Net;
using System.Security.Claims;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Elsa.Kundportal.Host.Tests.Auth;

/// <summary>
/// Sign-in through OpenID Connect, configured only by settings, against an OpenIddict provider started inside the test:
/// the provider's e-mail claim becomes the portal user, with that user's portal roles.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string Email = "admin@oidc.test";
    private static readonly string Agent = "556677889" + OrganisationNumber.CheckDigit("556677889");
    private WebApplication _provider = null!;
    private KundportalHost _host = null!;

    public async Task InitializeAsync()
    {
        _provider = StartProvider();
        await _provider.StartAsync();
        var authority = _provider.Urls.First();
        _host = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("oidc"), 1, new Dictionary<string, string?>
        {
            ["Kundportal:Oidc:Authority"] = authority,
            ["Kundportal:Oidc:ClientId"] = "kundportal",
            ["Kundportal:Oidc:ClientSecret"] = "hemlig-klient",
            ["Kundportal:Oidc:RequireHttpsMetadata"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Login_ThroughTheProvider_MapsTheEmailToThePortalUserAndRoles()
    {
        var roles = _host.Services.GetRequiredService<RoleAdministration>();
        await roles.SaveOrganisationAsync(Agent, "Journalsystem AB", OrganisationKind.Agent);
        await roles.SaveUserAsync(Email, "Olle Oidc");
        await roles.AssignRoleAsync(Agent, Email, KundportalRole.Administrator, "test");

        using var browser = new PortalClient(_host.BaseAddress);
        var (login, loginHtml) = await browser.GetAsync("/login");
        Assert.Contains("/login/oidc", loginHtml, StringComparison.Ordinal);

        // Follow the redirects as a browser would: portal → provider → portal callback → back to the page asked for.
        var rolesPage = $"/organisation/{Agent}/roller";
        var next = new Uri(_host.BaseAddress, $"/login/oidc?returnUrl={Uri.EscapeDataString(rolesPage)}");
        for (var hop = 0; hop < 6 && next.AbsolutePath != rolesPage; hop++)
        {
            var response = await browser.Http.GetAsync(next);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{next}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            next = new Uri(next, response.Headers.Location!);
        }
        Assert.Equal(rolesPage, next.AbsolutePath);
        var (page, html) = await browser.GetAsync(rolesPage);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Användare och roller: Journalsystem AB", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    /// <summary>An OpenID provider (OpenIddict, code flow with PKCE) that signs in one person without asking.</summary>
    private static WebApplication StartProvider()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            o.EnableDegradedMode();
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != "kundportal")
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != "kundportal" || context.ClientSecret != "hemlig-klient")
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                return default;
            }));
        });
        var app = builder.Build();
        app.MapGet("/connect/authorize", (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, "oidc-user-1"));
            identity.AddClaim(new Claim(Claims.Email, Email));
            identity.AddClaim(new Claim(Claims.Name, "Olle Oidc"));
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        return app;
    }
}
