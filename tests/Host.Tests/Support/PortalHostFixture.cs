using Elsa.Kundportal.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// The production configuration with the shipped process definitions, as people use the portal: PostgreSQL (a fresh
/// database per test class), Hangfire on PostgreSQL, and a real SMTP server in the test as the host's SMTP.
/// </summary>
public sealed class PortalHostFixture : IAsyncLifetime
{
    private Mailbox? _mail;

    public KundportalHost Host { get; private set; } = null!;

    /// <summary>The host's clock: starts at the real time and moves only when a test advances it.</summary>
    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public string ConnectionString { get; private set; } = "";

    /// <summary>The host's SMTP server: every e-mail the host delivered.</summary>
    public Mailbox Mail => _mail!;

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresCluster.Shared.CreateDatabaseAsync("portal");
        _mail = Mailbox.Start();
        Host = KundportalHost.Start("Production", new Dictionary<string, string?>
        {
            ["Kundportal:Database"] = "Postgres",
            ["ConnectionStrings:Kundportal"] = ConnectionString,
            ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
            ["Kundportal:Smtp:Host"] = "127.0.0.1",
            ["Kundportal:Smtp:Port"] = _mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kundportal:DefinitionsFolder"] = null,
            // Every test person signs in from 127.0.0.1; the limits themselves are tested on their own host.
            ["Kundportal:RateLimits:LoginPerMinute"] = "1000",
        }, Clock);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _mail?.Dispose();
    }
}
