namespace Elsa.Kundportal.Host.Infrastructure;

/// <summary>Which database the host runs on.</summary>
internal enum KundportalDatabase
{
    /// <summary>A SQLite file under <see cref="KundportalHostOptions.DataFolder"/>: the embedded mode, nothing to set up.</summary>
    Sqlite,

    /// <summary>PostgreSQL from <c>ConnectionStrings:Kundportal</c>, for workflows and Hangfire: the production mode.</summary>
    Postgres,
}

/// <summary>The host's settings (configuration section <c>Kundportal</c>). The defaults give the embedded mode.</summary>
internal sealed class KundportalHostOptions
{
    public const string Section = "Kundportal";
    public const string ConnectionStringName = "Kundportal";

    /// <summary>Sqlite (default) or Postgres.</summary>
    public KundportalDatabase Database { get; set; } = KundportalDatabase.Sqlite;

    /// <summary>Where the embedded mode keeps its SQLite file; relative to the content root. Default <c>data</c>.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Folder of Elsa 3 definition files imported at start. Default: <c>workflows-json</c> beside the executable. Empty: none.</summary>
    public string? DefinitionsFolder { get; set; }

    /// <summary>
    /// The address people reach the portal at. Links in e-mail are built from it, never from a request's Host header.
    /// Required in production; the embedded mode defaults to <c>http://localhost:5080</c>.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// The development tools: dev login, dev mailbox and the BankID simulator. Default: on in the Development environment
    /// only. Another environment may switch them on explicitly; a Production host refuses to start with them.
    /// </summary>
    public bool? DevTools { get; set; }

    /// <summary>The demo organisations and people (with a shared password). Default: as <see cref="DevTools"/>; never in Production.</summary>
    public bool? DemoData { get; set; }

    /// <summary>Which reverse proxies may tell the client's address and scheme (<c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; } = new();

    /// <summary>Keys that authenticate machines (header <c>X-Api-Key</c>).</summary>
    public List<ApiKeyOptions> ApiKeys { get; } = [];

    public HangfireSettings Hangfire { get; } = new();
}

/// <summary>One API key. The key itself should come from a secret store, not from a checked-in file.</summary>
internal sealed class ApiKeyOptions
{
    /// <summary>Who the key belongs to; the journal records actions as <c>apikey:{Name}</c>.</summary>
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>Roles the key grants (e.g. <c>Staff</c>, <c>Operations</c>). Empty: none, so the key only authenticates.</summary>
    public List<string> Roles { get; } = [];
}

internal sealed class HangfireSettings
{
    public int WorkerCount { get; set; } = 4;

    /// <summary>How often delayed jobs (timers) are looked for.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The reverse proxies (TLS termination, load balancer) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
/// believed. Headers from anyone else are ignored, so a client cannot choose the address its rate limits count on.
/// </summary>
internal sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; } = [];

    /// <summary>Networks of proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; } = [];

    /// <summary>How many proxies in a row are read from the headers (default 1).</summary>
    public int ForwardLimit { get; set; } = 1;
}
