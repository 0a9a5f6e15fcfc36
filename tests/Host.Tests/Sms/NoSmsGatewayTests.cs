using Elsa.Kundportal.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Host.Tests.Sms;

/// <summary>Without an SMS gateway and without the dev tools nothing can deliver SMS: the host says so once, at start.</summary>
public sealed class NoSmsGatewayTests : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("kundportal-nosms-").FullName;
    private readonly CapturingLoggerProvider _logs = new();
    private KundportalHost _host = null!;

    public Task InitializeAsync()
    {
        _host = KundportalHost.Start("Production", new Dictionary<string, string?>
        {
            ["Kundportal:DataFolder"] = _dataFolder,
            ["Kundportal:DevTools"] = "false",
            ["Kundportal:Smtp:Host"] = "127.0.0.1",
            ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
        }, services: services => services.AddSingleton<ILoggerProvider>(_logs));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public void Start_WithoutAGatewayOrDevTools_WarnsThatSmsCodesCannotBeDelivered()
    {
        var warning = Assert.Single(_logs.Messages, m => m.Contains("SMS one-time codes cannot be delivered", StringComparison.Ordinal));

        Assert.StartsWith("Warning ", warning, StringComparison.Ordinal);
        Assert.Contains("Kundportal:Sms:GatewayUrl", warning, StringComparison.Ordinal);
    }
}
