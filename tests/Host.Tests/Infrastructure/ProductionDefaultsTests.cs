using System.Net;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;

namespace Elsa.Kundportal.Host.Tests.Infrastructure;

/// <summary>
/// A host started with only <c>ASPNETCORE_ENVIRONMENT=Production</c> on the embedded SQLite database (and the SMTP and
/// public address production needs) has no development tools and no demo data; asking for them stops the host.
/// </summary>
public sealed class ProductionDefaultsTests : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("kundportal-prod-sqlite-").FullName;
    private KundportalHost _host = null!;

    public Task InitializeAsync()
    {
        _host = KundportalHost.Start("Production", Settings());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Theory]
    [InlineData("/dev/login")]
    [InlineData("/dev/mailbox")]
    [InlineData("/bankid-simulator/00000000-0000-0000-0000-000000000000")]
    public async Task DevelopmentTools_DoNotExist(string path)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Anonymous().GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task StartPage_HasNoDemoPeopleOrPassword()
    {
        var html = await (await _host.Anonymous().GetAsync("/")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("Demo-Losen", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/dev/login", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Demopersoner", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Kundportal:DevTools")]
    [InlineData("Kundportal:DemoData")]
    public void Production_WithDevToolsOrDemoData_DoesNotStart(string setting)
    {
        var settings = Settings();
        settings[setting] = "true";

        var error = Assert.ThrowsAny<Exception>(() => KundportalHost.Start("Production", settings).Dispose());

        Assert.Contains(setting, error.ToString(), StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Kundportal:DataFolder"] = _dataFolder,
        ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
        ["Kundportal:Smtp:Host"] = "127.0.0.1",
        ["Kundportal:Smtp:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
