using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Elsa.Kundportal.Host.Pages;

/// <summary>The shell of every server-rendered page: Swedish, no scripts, no external resources.</summary>
internal static class HtmlPage
{
    // Keeps å, ä and ö readable in the markup while encoding everything that could break out of text or attributes.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    public static IResult Render(HttpContext context, string title, string body)
    {
        // Pages carry no referrer (task links are capabilities) and are not cached.
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="sv">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Encode(title)}} – Inera Kundportal</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f7f7f5; line-height: 1.5; }
            header { background: #4b2a5c; color: #fff; padding: 0.75rem 1.5rem; }
            header a { color: #fff; text-decoration: none; font-weight: 600; }
            main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
            a { color: #4b2a5c; }
            .message { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 1rem; margin-bottom: 1rem; }
            .meta { color: #555; font-size: 0.9rem; }
            pre { white-space: pre-wrap; word-break: break-word; font-family: inherit; margin: 0.5rem 0 0; }
            .tag { display: inline-block; border-radius: 4px; padding: 0 0.4rem; background: #ece6f0; font-size: 0.85rem; }
            button { font: inherit; padding: 0.4rem 1rem; }
            </style>
            </head>
            <body>
            <header><a href="/">Inera Kundportal</a></header>
            <main>
            {{body}}
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
