using Elsa.Kundportal.Host.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Elsa.Kundportal.Host.Tests.Infrastructure;

public sealed class KundportalSettingsTests
{
    [Fact]
    public void Resolve_NoSettingsInDevelopment_IsTheEmbeddedModeWithDevTools()
    {
        var settings = KundportalSettings.Resolve(Configuration(), Environment("Development"));

        Assert.True(settings.IsEmbedded);
        Assert.True(settings.DevTools);
        Assert.Equal(Path.Combine("/srv/kundportal", "data"), settings.DataFolder);
        Assert.Contains(Path.Combine("/srv/kundportal", "data", "kundportal.db"), settings.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(new Uri("http://localhost:5080"), settings.PublicBaseUrl);
        Assert.EndsWith("workflows-json", settings.DefinitionsFolder, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Resolve_SqliteOutsideDevelopment_HasNoDevToolsAndNoDemoData(string environment)
    {
        var settings = KundportalSettings.Resolve(Configuration(("Kundportal:PublicBaseUrl", "https://kundportal.inera.se")), Environment(environment));

        Assert.True(settings.IsEmbedded);
        Assert.False(settings.DevTools);
        Assert.False(settings.DemoData);
    }

    [Theory]
    [InlineData("Kundportal:DevTools")]
    [InlineData("Kundportal:DemoData")]
    public void Resolve_ProductionWithDevToolsOrDemoData_RefusesToStart(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            KundportalSettings.Resolve(Configuration((setting, "true"), ("Kundportal:PublicBaseUrl", "https://kundportal.inera.se")), Environment("Production")));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_DevToolsExplicitlyOnOutsideProduction_AreOn()
    {
        var settings = KundportalSettings.Resolve(Configuration(("Kundportal:DevTools", "true")), Environment("Staging"));

        Assert.True(settings.DevTools);
    }

    [Fact]
    public void Resolve_WithoutDevToolsOrPublicBaseUrl_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KundportalSettings.Resolve(Configuration(), Environment("Production")));

        Assert.Contains("PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Postgres_IsProductionWithoutDevTools()
    {
        var settings = KundportalSettings.Resolve(Configuration(
            ("Kundportal:Database", "Postgres"),
            ("ConnectionStrings:Kundportal", "Host=db;Database=kundportal"),
            ("Kundportal:PublicBaseUrl", "https://kundportal.inera.se")), Environment("Production"));

        Assert.False(settings.IsEmbedded);
        Assert.False(settings.DevTools);
        Assert.Null(settings.DataFolder);
        Assert.Equal("Host=db;Database=kundportal", settings.ConnectionString);
        Assert.Equal(new Uri("https://kundportal.inera.se"), settings.PublicBaseUrl);
    }

    [Fact]
    public void Resolve_PostgresWithoutConnectionString_SaysWhatIsMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            KundportalSettings.Resolve(Configuration(("Kundportal:Database", "Postgres"), ("Kundportal:PublicBaseUrl", "https://x.se")), Environment("Production")));

        Assert.Contains("ConnectionStrings:Kundportal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PostgresWithoutPublicBaseUrl_IsRefused_BecauseLinksMustNotComeFromTheHostHeader()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            KundportalSettings.Resolve(Configuration(("Kundportal:Database", "Postgres"), ("ConnectionStrings:Kundportal", "Host=db")), Environment("Production")));

        Assert.Contains("PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EmptyDefinitionsFolder_ImportsNothing()
    {
        var settings = KundportalSettings.Resolve(Configuration(("Kundportal:DefinitionsFolder", "")), Environment("Development"));

        Assert.Null(settings.DefinitionsFolder);
    }

    [Fact]
    public void Resolve_DevToolsCanBeSwitchedOffInTheEmbeddedMode()
    {
        Assert.False(KundportalSettings.Resolve(Configuration(("Kundportal:DevTools", "false")), Environment("Development")).DevTools);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static TestEnvironment Environment(string name) => new() { EnvironmentName = name };

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "Elsa.Kundportal.Host";
        public string ContentRootPath { get; set; } = "/srv/kundportal";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
