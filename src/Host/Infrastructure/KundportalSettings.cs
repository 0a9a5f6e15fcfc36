namespace Elsa.Kundportal.Host.Infrastructure;

/// <summary>The host's settings resolved once at start: mode, paths and links.</summary>
internal sealed record KundportalSettings(
    KundportalHostOptions Options,
    KundportalDatabase Database,
    string ConnectionString,
    string? DataFolder,
    string? DefinitionsFolder,
    Uri PublicBaseUrl,
    bool DevTools)
{
    private static readonly Uri EmbeddedBaseUrl = new("http://localhost:5080");

    /// <summary>True when running on the embedded SQLite database.</summary>
    public bool IsEmbedded => Database == KundportalDatabase.Sqlite;

    public static KundportalSettings Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new KundportalHostOptions();
        configuration.GetSection(KundportalHostOptions.Section).Bind(options);
        var embedded = options.Database == KundportalDatabase.Sqlite;

        string? dataFolder = null;
        string connectionString;
        if (embedded)
        {
            dataFolder = Path.GetFullPath(options.DataFolder, environment.ContentRootPath);
            connectionString = configuration.GetConnectionString(KundportalHostOptions.ConnectionStringName)
                ?? $"Data Source={Path.Combine(dataFolder, "kundportal.db")}";
        }
        else
        {
            connectionString = configuration.GetConnectionString(KundportalHostOptions.ConnectionStringName) is { Length: > 0 } cs
                ? cs
                : throw new InvalidOperationException(
                    $"{KundportalHostOptions.Section}:Database is Postgres, but ConnectionStrings:{KundportalHostOptions.ConnectionStringName} is not set.");
        }

        var publicBaseUrl = options.PublicBaseUrl ?? (embedded
            ? EmbeddedBaseUrl
            : throw new InvalidOperationException(
                $"Set {KundportalHostOptions.Section}:PublicBaseUrl to the address people reach the portal at; links in e-mail are built from it."));
        if (!publicBaseUrl.IsAbsoluteUri)
            throw new InvalidOperationException($"{KundportalHostOptions.Section}:PublicBaseUrl must be an absolute URL, not '{publicBaseUrl}'.");

        var definitionsFolder = options.DefinitionsFolder switch
        {
            null => Path.Combine(AppContext.BaseDirectory, "workflows-json"),
            "" => null,
            var folder => Path.GetFullPath(folder, environment.ContentRootPath),
        };

        return new KundportalSettings(options, options.Database, connectionString, dataFolder, definitionsFolder, publicBaseUrl,
            options.DevTools ?? (embedded || environment.IsDevelopment()));
    }
}
