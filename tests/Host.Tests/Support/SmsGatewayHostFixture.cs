using System.Globalization;
using Elsa.Kundportal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// The production configuration with an SMS gateway: PostgreSQL (a fresh database), Hangfire, SMTP, and a
/// <see cref="FakeSmsGateway"/> in the test as <c>Kundportal:Sms</c>. The host's clock moves only when a test advances it,
/// and its log lines are kept.
/// </summary>
public sealed class SmsGatewayHostFixture : IAsyncLifetime
{
    public const string Sender = "Kundportal";
    public static readonly TimeSpan GatewayTimeout = TimeSpan.FromSeconds(5);

    private Mailbox? _mail;

    public KundportalHost Host { get; private set; } = null!;

    public FakeSmsGateway Gateway { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Gateway = await FakeSmsGateway.StartNewAsync();
        _mail = Mailbox.Start();
        Host = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("sms"), _mail.Port, new Dictionary<string, string?>
        {
            ["Kundportal:Sms:GatewayUrl"] = Gateway.Url.ToString(),
            ["Kundportal:Sms:Username"] = FakeSmsGateway.Username,
            ["Kundportal:Sms:Password"] = FakeSmsGateway.Password,
            ["Kundportal:Sms:Sender"] = Sender,
            ["Kundportal:Sms:Timeout"] = GatewayTimeout.ToString("c", CultureInfo.InvariantCulture),
        }, Clock, services => services.AddSingleton<ILoggerProvider>(Logs));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Gateway.DisposeAsync();
        _mail?.Dispose();
    }
}
