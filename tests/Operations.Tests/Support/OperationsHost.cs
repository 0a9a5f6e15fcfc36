using System.Globalization;
using System.Net;
using Elsa.Kundportal.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;

namespace Elsa.Kundportal.Operations.Tests.Support;

/// <summary>
/// The host as production runs it (PostgreSQL, Hangfire on PostgreSQL, SMTP, the shipped definitions)
/// on real Kestrel at a free loopback port, with a fake clock. One database per test class.
/// </summary>
public sealed class OperationsHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string StaffKey = "staff-key-for-operations-tests";
    public const string OperationsKey = "operations-key-for-operations-tests";
    public const string CustomerKey = "customer-key-for-operations-tests";
    public const string StaffActor = "apikey:staff";
    public const string OperationsActor = "apikey:drift";

    private SimpleSmtpServer? _smtp;
    private Dictionary<string, string?> _settings = [];
    private string _environment = "Production";

    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>Every line the host logged.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>When set, the embedded mode instead: SQLite in this folder, Hangfire in memory, the dev mailbox.</summary>
    public string? EmbeddedDataFolder { get; init; }

    public async Task InitializeAsync()
    {
        if (EmbeddedDataFolder is { } folder)
        {
            _environment = "Development";
            _settings = new Dictionary<string, string?> { ["Kundportal:DataFolder"] = folder };
        }
        else
        {
            var connectionString = await PostgresCluster.Shared.CreateDatabaseAsync("operations");
            _smtp = SimpleSmtpServer.Start();
            _settings = new Dictionary<string, string?>
            {
                ["Kundportal:Database"] = "Postgres",
                ["ConnectionStrings:Kundportal"] = connectionString,
                ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
                ["Kundportal:Smtp:Host"] = "127.0.0.1",
                ["Kundportal:Smtp:Port"] = _smtp.Configuration.Port.ToString(CultureInfo.InvariantCulture),
            };
        }
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Kundportal:ApiKeys:0:Name"] = "staff",
            ["Kundportal:ApiKeys:0:Key"] = StaffKey,
            ["Kundportal:ApiKeys:0:Roles:0"] = "Staff",
            ["Kundportal:ApiKeys:1:Name"] = "drift",
            ["Kundportal:ApiKeys:1:Key"] = OperationsKey,
            ["Kundportal:ApiKeys:1:Roles:0"] = "Operations",
            ["Kundportal:ApiKeys:2:Name"] = "customer",
            ["Kundportal:ApiKeys:2:Key"] = CustomerKey,
            ["Kundportal:ApiKeys:2:Roles:0"] = "Customer",
            ["Kundportal:Hangfire:SchedulePollingInterval"] = "00:00:01",
        })
        {
            _settings[key] = value;
        }
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _smtp?.Dispose();
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    public HttpClient Staff() => WithKey(StaffKey);

    public HttpClient WithKey(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
        });
    }
}
