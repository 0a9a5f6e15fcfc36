using Elsa.Kundportal.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>The production configuration: PostgreSQL (a fresh database per test class), Hangfire on PostgreSQL, SMTP, no dev tools.</summary>
public sealed class PostgresHostFixture : IAsyncLifetime
{
    private Mailbox? _mail;

    public KundportalHost Host { get; private set; } = null!;

    /// <summary>The host's clock: starts at the real time and moves only when a test advances it.</summary>
    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresCluster.Shared.CreateDatabaseAsync("host");
        _mail = Mailbox.Start();
        Host = KundportalHost.Start("Production", new Dictionary<string, string?>
        {
            ["Kundportal:Database"] = "Postgres",
            ["ConnectionStrings:Kundportal"] = ConnectionString,
            ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
            ["Kundportal:Smtp:Host"] = "127.0.0.1",
            ["Kundportal:Smtp:Port"] = _mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, Clock);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _mail?.Dispose();
    }
}
