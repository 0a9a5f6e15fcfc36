using System.Security.Claims;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Host.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Elsa.Kundportal.Host.Dev;

/// <summary>A demo login as Inera staff, until local accounts exist. Only in the embedded mode and in Development.</summary>
internal static class DevLoginPage
{
    public const string DemoStaffName = "demo:inera-personal";

    public static RouteGroupBuilder MapDevLogin(this RouteGroupBuilder dev)
    {
        dev.MapGet("/login", Render);
        dev.MapPost("/login", SignInAsync);
        dev.MapPost("/logout", SignOutAsync);
        return dev;
    }

    private static IResult Render(HttpContext context, IAntiforgery antiforgery, string? returnUrl)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var body = $"""
            <h1>Logga in (demo)</h1>
            <p>I utvecklingsläget kan du logga in som Inera-personal utan lösenord. Med det kommer du åt API-sidan och Hangfire.</p>
            <form method="post" action="/dev/login">
              <input type="hidden" name="{HtmlPage.Encode(tokens.FormFieldName)}" value="{HtmlPage.Encode(tokens.RequestToken)}">
              <input type="hidden" name="returnUrl" value="{HtmlPage.Encode(LocalOrStart(returnUrl))}">
              <button type="submit">Logga in som Inera-personal</button>
            </form>
            """;
        return HtmlPage.Render(context, "Logga in", body);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, [FromForm] string? returnUrl)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, DemoStaffName), new Claim(ClaimTypes.Role, KundportalRoles.Staff)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect(LocalOrStart(returnUrl));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, [FromForm] string? returnUrl)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(LocalOrStart(returnUrl));
    }

    /// <summary>A logout button for pages that show who is signed in.</summary>
    public static string LogoutForm(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"""
            <form method="post" action="/dev/logout">
              <input type="hidden" name="{HtmlPage.Encode(tokens.FormFieldName)}" value="{HtmlPage.Encode(tokens.RequestToken)}">
              <input type="hidden" name="returnUrl" value="/">
              <button type="submit">Logga ut</button>
            </form>
            """;
    }

    // Only paths on this site, so the login cannot be used to send someone elsewhere.
    private static string LocalOrStart(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
