using Elsa.Kundportal.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// A host in the production configuration for one test class: PostgreSQL (a fresh database named after
/// <paramref name="database"/>), Hangfire on PostgreSQL, and a real SMTP server in the test as the host's SMTP, plus
/// the given settings; with <paramref name="bankIdSimulator"/> in the test environment with the BankID simulator (see
/// <see cref="KundportalHost.StartProduction"/>).
/// </summary>
public abstract class ProductionHostFixture(string database, IDictionary<string, string?>? settings = null, bool bankIdSimulator = false) : IAsyncLifetime
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
        ConnectionString = await PostgresCluster.Shared.CreateDatabaseAsync(database);
        _mail = Mailbox.Start();
        Host = KundportalHost.StartProduction(ConnectionString, _mail.Port, settings, Clock, bankIdSimulator: bankIdSimulator);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _mail?.Dispose();
    }
}
