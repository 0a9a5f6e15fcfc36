using System.Security.Claims;
using Elsa.Kundportal.Host.Api;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Host.Pages;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Studio;

/// <summary>
/// Elsa Studio for staff under <c>/studio</c>: the real Studio bundle's custom elements (definition list, definition
/// editor, instance list and instance viewer) on a page of our own, which loads nothing from outside this host. The
/// page asks <c>POST /studio/token</c> for a short-lived access token issued to the signed-in person, and Studio sends
/// it as <c>Authorization: Bearer</c> to <c>/elsa/api</c>, so the API (and the journal) knows who edits and runs.
/// </summary>
internal static class StudioEndpoints
{
    public const string Prefix = "/studio";

    /// <summary>
    /// Blazor WebAssembly compiles .NET's runtime (<c>'wasm-unsafe-eval'</c>); MudBlazor and the designer set inline
    /// styles; Monaco starts workers from blobs. Studio 3.8.2's workflow editor and instance list each render one
    /// inline script (keyboard shortcuts, <c>window.editorHotkeys</c>): those two exact scripts are allowed by their
    /// SHA-256, no other inline script. Everything else comes from this host only.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' " + EditorHotkeysScript + " " + InstanceListHotkeysScript + "; " +
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>The inline script of Studio 3.8.2's <c>WorkflowEditor</c>.</summary>
    public const string EditorHotkeysScript = "'sha256-snlP1jz0gjwc5cTz9ErZcliXuCK63+Mmf68RRCeptgc='";

    /// <summary>The inline script of Studio 3.8.2's <c>WorkflowInstanceList</c>.</summary>
    public const string InstanceListHotkeysScript = "'sha256-vu6sQrKXQHR4Yn3FMMihA/9TxxfIXnCxKwvLrTPJ5ts='";

    public static RouteGroupBuilder MapStudio(this WebApplication app)
    {
        var bundle = new StudioBundle(app.Environment, app.Configuration);
        var group = app.MapGroup(Prefix).RequireAuthorization(KundportalAuthentication.StaffPolicy).ExcludeFromDescription();
        // The access token is issued against the sign-in cookie only: a token or an API key cannot mint another.
        group.MapPost("/token", IssueToken).RequireAuthorization(p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser().RequireRole(KundportalRoles.Staff));
        group.MapGet("/appsettings.json", (HttpContext context) => Settings(context));
        group.MapGet("/", (HttpContext context) => Page(context, bundle));
        group.MapGet("/{**path}", (HttpContext context, string path) => Serve(context, bundle, path));
        return group;
    }

    private static SignInHttpResult IssueToken(ClaimsPrincipal user)
    {
        // The token carries the person's own claims (name, roles), nothing more.
        var identity = new ClaimsIdentity(user.Claims, KundportalAuthentication.AccessTokenScheme, ClaimTypes.Name, ClaimTypes.Role);
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: KundportalAuthentication.AccessTokenScheme);
    }

    // Studio reads Backend:Url at start; the elements are given the endpoint too (remote-endpoint).
    private static JsonHttpResult<object> Settings(HttpContext context) =>
        TypedResults.Json<object>(new { Backend = new { Url = $"{context.Request.Scheme}://{context.Request.Host}{ElsaApi.Prefix}" } });

    private static IResult Serve(HttpContext context, StudioBundle bundle, string path)
    {
        if (Path.HasExtension(path))
            return bundle.Serve(context, path) ?? TypedResults.NotFound();
        return Page(context, bundle);
    }

    private static IResult Page(HttpContext context, StudioBundle bundle)
    {
        if (bundle.Files is null)
            return TypedResults.Problem(StudioBundle.NotInstalledMessage, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Elsa Studio is not installed.");
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Content(StudioPage.Html(HtmlPage.Encode(context.User.Identity?.Name)), "text/html; charset=utf-8");
    }
}
