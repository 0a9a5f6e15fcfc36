using Elsa.Kundportal.Host.Dev;
using Elsa.Kundportal.Host.Infrastructure;
using Elsa.Kundportal.Host.Sms;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Elsa.Kundportal.Host.Tests.Sms;

/// <summary><c>Kundportal:Sms</c>: which transport takes SMS in each mode, and settings that cannot work stop the host at start.</summary>
public sealed class SmsGatewayOptionsTests
{
    private const string Gateway = "https://api.46elks.com/a1/sms";

    [Fact]
    public void Resolve_46elksSettings_AreAccepted_WithTheDefaults()
    {
        var options = SmsGatewayOptions.Resolve(Section(("GatewayUrl", Gateway), ("Username", "u1234"), ("Password", "secret")));

        Assert.Equal(new Uri(Gateway), options.Endpoint);
        Assert.Equal("Inera", options.Sender);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }

    [Fact]
    public void Resolve_SenderAsNumber_AndTimeout_AreBound()
    {
        var options = SmsGatewayOptions.Resolve(Section(("GatewayUrl", "http://sms-gateway.internal:8080/send"), ("Sender", "+46766861004"), ("Timeout", "00:00:05")));

        Assert.Equal("+46766861004", options.Sender);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Null(options.Username);
    }

    [Theory]
    [InlineData("GatewayUrl", "api.46elks.com/a1/sms", "Kundportal:Sms:GatewayUrl must be an absolute http or https address")]
    [InlineData("GatewayUrl", "/a1/sms", "Kundportal:Sms:GatewayUrl must be an absolute http or https address")]
    [InlineData("GatewayUrl", "ftp://api.46elks.com/a1/sms", "Kundportal:Sms:GatewayUrl must be an absolute http or https address")]
    [InlineData("Sender", "Inera Kundportal", "Kundportal:Sms:Sender must be 3 to 11 letters and digits")]
    [InlineData("Sender", "InerasKundportal", "Kundportal:Sms:Sender must be 3 to 11 letters and digits")]
    [InlineData("Sender", "", "Kundportal:Sms:Sender must be 3 to 11 letters and digits")]
    [InlineData("Timeout", "00:00:00", "Kundportal:Sms:Timeout must be more than 0 and at most 00:01:00")]
    [InlineData("Timeout", "00:05:00", "Kundportal:Sms:Timeout must be more than 0 and at most 00:01:00")]
    [InlineData("Username", "u1234", "Set both Kundportal:Sms:Username and Kundportal:Sms:Password")]
    [InlineData("Password", "secret", "Set both Kundportal:Sms:Username and Kundportal:Sms:Password")]
    public void Resolve_SettingsThatCannotWork_SayWhatToFix(string key, string value, string expected)
    {
        var settings = new List<(string, string)> { ("GatewayUrl", Gateway) };
        settings.RemoveAll(s => s.Item1 == key);
        settings.Add((key, value));

        var error = Assert.Throws<InvalidOperationException>(() => SmsGatewayOptions.Resolve(Section([.. settings])));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_CredentialsInTheAddress_AreRefused_WithoutRepeatingThem()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SmsGatewayOptions.Resolve(Section(("GatewayUrl", "https://u1234:hemligt@api.46elks.com/a1/sms"))));

        Assert.Contains("must not hold credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hemligt", error.Message, StringComparison.Ordinal);
        var wrongScheme = Assert.Throws<InvalidOperationException>(() => SmsGatewayOptions.Resolve(Section(("GatewayUrl", "ftp://u1234:hemligt@api.46elks.com/"))));
        Assert.DoesNotContain("hemligt", wrongScheme.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddKundportalMail_DevModeWithAGateway_SendsSmsThroughTheGateway_AndMailToTheDevMailbox()
    {
        var transports = Transports("Development", ("Kundportal:Sms:GatewayUrl", Gateway), ("Kundportal:Sms:Username", "u"), ("Kundportal:Sms:Password", "p"));

        Assert.IsType<SmsGatewayTransport>(Assert.Single(transports, t => t.Channel == OutboxChannels.Sms));
        Assert.IsType<DevMailboxTransport>(Assert.Single(transports, t => t.Channel == OutboxChannels.Email));
    }

    [Fact]
    public void AddKundportalMail_DevModeWithoutAGateway_KeepsSmsInTheDevMailbox()
    {
        var transports = Transports("Development");

        Assert.IsType<DevMailboxTransport>(Assert.Single(transports, t => t.Channel == OutboxChannels.Sms));
    }

    [Fact]
    public void AddKundportalMail_ProductionWithAGateway_SendsSmsThroughTheGateway_AndMailBySmtp()
    {
        var transports = Transports("Production", Production([("Kundportal:Sms:GatewayUrl", Gateway)]));

        Assert.IsType<SmsGatewayTransport>(Assert.Single(transports, t => t.Channel == OutboxChannels.Sms));
        Assert.IsType<SmtpMailTransport>(Assert.Single(transports, t => t.Channel == OutboxChannels.Email));
    }

    [Fact]
    public void AddKundportalMail_ProductionWithoutAGateway_HasNoSmsTransport()
    {
        var transports = Transports("Production", Production([]));

        Assert.DoesNotContain(transports, t => t.Channel == OutboxChannels.Sms);
    }

    [Fact]
    public void AddKundportalMail_GatewaySettingsThatCannotWork_StopTheHostAtStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Transports("Production", Production([("Kundportal:Sms:GatewayUrl", "sms.example.se/send")])));

        Assert.Contains("Kundportal:Sms:GatewayUrl must be an absolute http or https address", error.Message, StringComparison.Ordinal);
    }

    private static (string, string)[] Production((string, string)[] more) =>
    [
        ("Kundportal:Database", "Postgres"),
        ("ConnectionStrings:Kundportal", "Host=db;Database=kundportal"),
        ("Kundportal:PublicBaseUrl", "https://kundportal.example.se"),
        ("Kundportal:Smtp:Host", "smtp.example.se"),
        .. more,
    ];

    private static List<IMessageTransport> Transports(string environment, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        var settings = KundportalSettings.Resolve(configuration, new TestEnvironment { EnvironmentName = environment });
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddKundportalMail(settings, configuration);
        using var provider = services.BuildServiceProvider();
        return [.. provider.GetServices<IMessageTransport>()];
    }

    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"{SmsGatewayOptions.Section}:{v.Key}", v.Value)))
            .Build().GetSection(SmsGatewayOptions.Section);

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "Elsa.Kundportal.Host";
        public string ContentRootPath { get; set; } = "/srv/kundportal";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
