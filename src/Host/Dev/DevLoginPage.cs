using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Demo;
using Elsa.Kundportal.Host.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Elsa.Kundportal.Host.Dev;

/// <summary>
/// Demo logins without a password as one of the seeded demo people (<see cref="DemoData"/>), with their roles as
/// claims like a real login. Only with the dev tools (see <see cref="DevTools"/>); without a choice it signs in as Inera's handläggare.
/// </summary>
internal static class DevLoginPage
{
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
        var people = string.Concat(DemoData.People.Select(p => $"""
            <li>
              <form method="post" action="/dev/login">
                <input type="hidden" name="{HtmlPage.Encode(tokens.FormFieldName)}" value="{HtmlPage.Encode(tokens.RequestToken)}">
                <input type="hidden" name="returnUrl" value="{HtmlPage.Encode(LocalUrl.OrStart(returnUrl))}">
                <input type="hidden" name="email" value="{HtmlPage.Encode(p.Email)}">
                <button type="submit">Logga in som {HtmlPage.Encode(p.Name)}</button> {HtmlPage.Encode(p.Roles)}, {HtmlPage.Encode(p.Organisation)} ({HtmlPage.Encode(p.Email)})
              </form>
            </li>
            """));
        var body = $"""
            <h1>Logga in (demo)</h1>
            <p>I utvecklingsläget kan du logga in som en av demopersonerna utan lösenord. Alla har också lösenordet
            <code>{HtmlPage.Encode(DemoData.Password)}</code> på den vanliga <a href="/login">inloggningssidan</a>.</p>
            <ul>{people}</ul>
            <h2>Annan användare</h2>
            <p>Personer som tillkommer under processen (kundens administratör, firmatecknare, beställare, attestant) loggar in här med sin e-postadress.</p>
            <form method="post" action="/dev/login">
              <input type="hidden" name="{HtmlPage.Encode(tokens.FormFieldName)}" value="{HtmlPage.Encode(tokens.RequestToken)}">
              <input type="hidden" name="returnUrl" value="{HtmlPage.Encode(LocalUrl.OrStart(returnUrl))}">
              <label for="dev-email">E-postadress</label>
              <input id="dev-email" name="email" type="email" autocomplete="off">
              <button type="submit">Logga in</button>
            </form>
            """;
        return HtmlPage.Render(context, "Logga in", body);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, PortalSignIn signIn, [FromForm] string? returnUrl, [FromForm] string? email)
    {
        await signIn.SignInAsync(context, string.IsNullOrWhiteSpace(email) ? DemoData.People[0].Email : email, "Demo");
        return TypedResults.LocalRedirect(LocalUrl.OrStart(returnUrl));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, [FromForm] string? returnUrl)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(LocalUrl.OrStart(returnUrl));
    }

    /// <summary>A logout button for pages that show who is signed in.</summary>
    public static string LogoutForm(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"""
            <form method="post" action="/logout">
              <input type="hidden" name="{HtmlPage.Encode(tokens.FormFieldName)}" value="{HtmlPage.Encode(tokens.RequestToken)}">
              <button type="submit">Logga ut</button>
            </form>
            """;
    }
}
