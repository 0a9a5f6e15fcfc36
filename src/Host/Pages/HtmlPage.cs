using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using System.Text.Unicode;

namespace Elsa.Kundportal.Host.Pages;

/// <summary>The shell of the pages written without Razor (start page, dev tools, error pages): Swedish, no scripts, the site's style sheet.</summary>
internal static class HtmlPage
{
    // Keeps å, ä and ö readable in the markup while encoding everything that could break out of text or attributes.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    public static IResult Render(HttpContext context, string title, string body, int status = StatusCodes.Status200OK, string navigation = "")
    {
        // Pages carry no referrer (task links are capabilities) and are not cached.
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        return Results.Content(Document(title, body, navigation), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>The whole document around <paramref name="body"/> (HTML, already encoded where it needs to be).</summary>
    public static string Document(string title, string body, string navigation = "") =>
        $$"""
            <!DOCTYPE html>
            <html lang="sv">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Encode(title)}} – Inera Kundportal</title>
            <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
            <a class="skip-link" href="#main">Hoppa till innehållet</a>
            <header class="site-header"><a href="/" class="brand">Inera Kundportal</a>{{navigation}}</header>
            <main id="main" tabindex="-1">
            {{body}}
            </main>
            </body>
            </html>
            """;

    /// <summary>The signed-in person's menu (see <see cref="Portal.PortalNavigation"/>) with the logout button, as the Razor pages show it.</summary>
    public static string Navigation(HttpContext context, IReadOnlyList<Portal.NavigationLink> links, IAntiforgery antiforgery)
    {
        if (links.Count == 0)
            return "";
        var path = context.Request.Path.Value;
        var tokens = antiforgery.GetAndStoreTokens(context);
        var items = links.Select(l => $"""<li><a href="{Encode(l.Href)}"{(l.Href == path ? " aria-current=\"page\"" : "")}>{Encode(l.Label)}</a></li>""");
        return $"""
            <nav class="site-nav" aria-label="Huvudmeny"><ul>{string.Concat(items)}<li><form method="post" action="/logout" class="logout">
            <input type="hidden" name="{Encode(tokens.FormFieldName)}" value="{Encode(tokens.RequestToken)}">
            <button type="submit" class="link-button">Logga ut {Encode(Auth.PortalClaims.NameOf(context.User))}</button></form></li></ul></nav>
            """;
    }
}
