using Elsa.Kundportal.Activities;
using Elsa.Kundportal.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Host.Tests.Infrastructure;

/// <summary>Ineras Kundservice's address and phone, as texts that say to contact it give them, come from the host's settings.</summary>
public sealed class KundserviceContactTests : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("kundportal-kundservice-").FullName;
    private KundportalHost _host = null!;

    public Task InitializeAsync()
    {
        _host = KundportalHost.Start("Development", new Dictionary<string, string?>
        {
            ["Kundportal:DataFolder"] = _dataFolder,
            ["Kundportal:KundserviceEmail"] = "kundservice@inera.example",
            ["Kundportal:KundservicePhone"] = "0771-00 00 00",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public void Settings_GiveTheAddressAndPhoneTextsUse()
    {
        var options = _host.Services.GetRequiredService<IOptions<KundportalOptions>>().Value;

        Assert.Equal("e-post kundservice@inera.example, telefon 0771-00 00 00", options.KundserviceContact);
    }
}
