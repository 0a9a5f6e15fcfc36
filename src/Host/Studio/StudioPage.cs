namespace Elsa.Kundportal.Host.Studio;

/// <summary>
/// The page around Studio's custom elements. It replaces the bundle's own index.html, which links Google's fonts:
/// here every stylesheet and script is the bundle's or this host's. <c>/js/studio.js</c> picks the element for the
/// address (list, editor, instances, instance) and keeps the access token fresh.
/// </summary>
internal static class StudioPage
{
    public static string Html(string encodedUserName) => $$"""
        <!DOCTYPE html>
        <html lang="sv">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Elsa Studio – Inera Kundportal</title>
        <base href="/studio/">
        <link rel="icon" type="image/png" href="_content/Elsa.Studio.Shell/favicon-32x32.png">
        <link href="_content/MudBlazor/MudBlazor.min.css" rel="stylesheet">
        <link href="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.css" rel="stylesheet">
        <link href="_content/Radzen.Blazor/css/material-base.css" rel="stylesheet">
        <link href="_content/Elsa.Studio.Shell/css/shell.css" rel="stylesheet">
        <link href="Elsa.Studio.Host.CustomElements.styles.css" rel="stylesheet">
        <link href="/css/studio.css" rel="stylesheet">
        </head>
        <body>
        <header class="studio-header">
        <a class="studio-home" href="/">Inera Kundportal</a>
        <nav aria-label="Elsa Studio">
        <a href="/studio/definitions" data-section="definitions">Arbetsflöden</a>
        <a href="/studio/instances" data-section="instances">Körningar</a>
        <a href="/designer/">Kundportalens designer</a>
        </nav>
        <span class="studio-user">{{encodedUserName}}</span>
        </header>
        <main id="studio" aria-live="polite"><p class="studio-loading">Elsa Studio startar …</p></main>
        <div id="blazor-error-ui" role="alert">Ett oväntat fel inträffade i Elsa Studio. <a href="" class="reload">Ladda om sidan</a> <a class="dismiss" href="#">Stäng</a></div>
        <script src="/js/studio.js"></script>
        <script src="_content/BlazorMonaco/jsInterop.js"></script>
        <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js"></script>
        <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js"></script>
        <script src="_content/MudBlazor/MudBlazor.min.js"></script>
        <script src="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.js"></script>
        <script src="_content/Radzen.Blazor/Radzen.Blazor.js"></script>
        <script src="_framework/blazor.webassembly.js"></script>
        </body>
        </html>
        """;
}
