namespace Elsa.Kundportal.Host.Infrastructure;

/// <summary>The host's settings resolved once at start: mode, paths and links.</summary>
internal sealed record KundportalSettings(
    KundportalHostOptions Options,
    KundportalDatabase Database,
    string ConnectionString,
    string? DataFolder,
    string? DefinitionsFolder,
    Uri PublicBaseUrl,
    bool DevTools,
    bool DemoData)
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

        var devTools = options.DevTools ?? environment.IsDevelopment();
        var demoData = options.DemoData ?? devTools;
        if (environment.IsProduction() && (devTools || demoData))
        {
            throw new InvalidOperationException(
                $"The development tools (dev login, dev mailbox, BankID simulator) and the demo data are not allowed in Production: remove {KundportalHostOptions.Section}:DevTools and {KundportalHostOptions.Section}:DemoData, or run in another environment.");
        }

        var publicBaseUrl = options.PublicBaseUrl ?? (devTools || environment.IsDevelopment()
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

        return new KundportalSettings(options, options.Database, connectionString, dataFolder, definitionsFolder, publicBaseUrl, devTools, demoData);
    }
}
