using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Elsa.Kundportal.Host.Studio;

/// <summary>
/// The files of Elsa Studio's WebAssembly bundle (npm <c>@elsa-workflows/elsa-studio-wasm</c>, installed from the
/// designer's lock file into <c>ClientApp/node_modules</c>; a published host carries a copy in <c>studio/</c>).
/// Files are sent with their content type (<c>.wasm</c> as <c>application/wasm</c>) and, when the browser accepts
/// it, as the package's precompressed <c>.br</c> or <c>.gz</c> twin.
/// </summary>
internal sealed class StudioBundle
{
    public const string PackagePath = "ClientApp/node_modules/@elsa-workflows/elsa-studio-wasm";
    public const string NotInstalledMessage =
        "Elsa Studio is not installed: run `npm ci` in src/Host/ClientApp (./scripts/test.sh and the host's build do), which brings @elsa-workflows/elsa-studio-wasm from its lock file.";

    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    private readonly string[] _candidates;
    private PhysicalFileProvider? _provider;

    public StudioBundle(IWebHostEnvironment environment, IConfiguration configuration)
    {
        _candidates = configuration["Kundportal:Studio:BundlePath"] is { Length: > 0 } configured
            ? [configured]
            : [Path.Combine(environment.ContentRootPath, PackagePath), Path.Combine(AppContext.BaseDirectory, "studio")];
    }

    /// <summary>The bundle's folder, opened once it exists.</summary>
    public IFileProvider? Files
    {
        get
        {
            if (_provider is not null)
                return _provider;
            var root = _candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "_framework", "blazor.webassembly.js")));
            if (root is null)
                return null;
            var provider = new PhysicalFileProvider(Path.GetFullPath(root));
            if (Interlocked.CompareExchange(ref _provider, provider, null) is not null)
                provider.Dispose();
            return _provider;
        }
    }

    /// <summary>A file of the bundle, or null when there is none at the path.</summary>
    public IResult? Serve(HttpContext context, string path)
    {
        var files = Files;
        if (files is null || path.Contains("..", StringComparison.Ordinal))
            return null;
        var file = files.GetFileInfo(path);
        if (file is not { Exists: true, IsDirectory: false, PhysicalPath: not null })
            return null;
        var contentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        context.Response.Headers.Vary = "Accept-Encoding";
        // Fingerprinted files (a hash in the name, as Blazor writes them) never change under their name.
        context.Response.Headers.CacheControl = path.StartsWith("_framework/", StringComparison.Ordinal) && Path.GetFileNameWithoutExtension(file.Name).Contains('.', StringComparison.Ordinal)
            && file.Name is not ("blazor.webassembly.js" or "dotnet.js")
            ? "private, max-age=31536000, immutable"
            : "no-cache";
        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        foreach (var (suffix, encoding) in new[] { (".br", "br"), (".gz", "gzip") })
        {
            if (!accepted.Contains(encoding, StringComparison.OrdinalIgnoreCase))
                continue;
            var compressed = files.GetFileInfo(path + suffix);
            if (compressed is { Exists: true, PhysicalPath: not null })
            {
                context.Response.Headers.ContentEncoding = encoding;
                return PhysicalFile(compressed, contentType);
            }
        }
        return PhysicalFile(file, contentType);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.PhysicalFileHttpResult PhysicalFile(IFileInfo file, string contentType) =>
        TypedResults.PhysicalFile(file.PhysicalPath!, contentType, lastModified: file.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastModified.UtcTicks:x}\""));

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".dat"] = "application/octet-stream";
        provider.Mappings[".js"] = "text/javascript";
        provider.Mappings[".json"] = "application/json";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        return provider;
    }
}
