using System.Runtime.CompilerServices;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

// The designer's browser tests start this host in-process (WebApplicationFactory<Program>).
[assembly: InternalsVisibleTo("Elsa.Kundportal.Browser.Tests")]

namespace Elsa.Kundportal.Host.Designer;

/// <summary>
/// The workflow designer for staff under <c>/designer</c>: the single-page app built from <c>src/Host/ClientApp</c>
/// into <c>wwwroot/designer</c>. Every path under <c>/designer</c> is this endpoint's, so the files are served only
/// after the staff policy allows it (the public static files middleware skips requests an endpoint has claimed).
/// Paths without a file extension fall back to <c>index.html</c>, the app's own router takes it from there.
/// </summary>
internal static class DesignerEndpoints
{
    public const string Prefix = "/designer";
    public const string NotBuiltMessage =
        "The designer has not been built: run `npm ci && npm run build` in src/Host/ClientApp (./scripts/test.sh does). It is written to wwwroot/designer.";

    // The app talks only to this host; CodeMirror and React Flow set inline styles.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static RouteGroupBuilder MapDesigner(this WebApplication app)
    {
        var files = new DesignerFiles(Path.Combine(app.Environment.WebRootPath ?? Path.Combine(app.Environment.ContentRootPath, "wwwroot"), "designer"));
        var group = app.MapGroup(Prefix).RequireAuthorization(KundportalAuthentication.StaffPolicy).ExcludeFromDescription();
        group.MapGet("/", (HttpContext context) => Serve(context, files, ""));
        group.MapGet("/{**path}", (HttpContext context, string? path) => Serve(context, files, path ?? ""));
        return group;
    }

    private static Results<PhysicalFileHttpResult, NotFound, ProblemHttpResult> Serve(HttpContext context, DesignerFiles files, string path)
    {
        var provider = files.Provider;
        var index = provider?.GetFileInfo("index.html");
        if (provider is null || index is not { Exists: true })
            return TypedResults.Problem(NotBuiltMessage, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The designer is not built.");

        var file = path.Length == 0 ? null : provider.GetFileInfo(path);
        if (file is { Exists: true, IsDirectory: false, PhysicalPath: not null })
        {
            // Vite puts a content hash in every asset's name, so an asset never changes under its name.
            context.Response.Headers.CacheControl = path.StartsWith("assets/", StringComparison.Ordinal) ? "private, max-age=31536000, immutable" : "no-cache";
            return PhysicalFile(file, ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream");
        }
        if (Path.HasExtension(path))
            return TypedResults.NotFound();

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return PhysicalFile(index, "text/html; charset=utf-8");
    }

    private static PhysicalFileHttpResult PhysicalFile(IFileInfo file, string contentType) =>
        TypedResults.PhysicalFile(file.PhysicalPath!, contentType, lastModified: file.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastModified.UtcTicks:x}\""));

    /// <summary>The build folder, opened once it exists (the host may start before the app is built).</summary>
    private sealed class DesignerFiles(string root)
    {
        private PhysicalFileProvider? _provider;

        public IFileProvider? Provider
        {
            get
            {
                if (_provider is not null)
                    return _provider;
                if (!Directory.Exists(root))
                    return null;
                var provider = new PhysicalFileProvider(root);
                if (Interlocked.CompareExchange(ref _provider, provider, null) is not null)
                    provider.Dispose();
                return _provider;
            }
        }
    }
}
