using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Testing.BankId;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// A host in the production configuration for one test class: PostgreSQL (a fresh database named after
/// <paramref name="database"/>), Hangfire on PostgreSQL, and a real SMTP server in the test as the host's SMTP, plus
/// the given settings; with <paramref name="bankId"/> BankID's Relying Party API as a TLS stand-in.
/// </summary>
public abstract class ProductionHostFixture(string database, IDictionary<string, string?>? settings = null, bool bankId = false) : IAsyncLifetime
{
    private Mailbox? _mail;

    /// <summary>BankID's stand-in the host talks to (when the fixture was made with <c>bankId</c>).</summary>
    public BankIdStandIn BankId { get; private set; } = null!;

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
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (bankId)
        {
            BankId = await BankIdStandIn.StartAsync();
            foreach (var (key, value) in BankId.Settings)
                all[key] = value;
        }
        Host = KundportalHost.StartProduction(ConnectionString, _mail.Port, all, Clock);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _mail?.Dispose();
        if (BankId is not null)
            await BankId.DisposeAsync();
    }
}
