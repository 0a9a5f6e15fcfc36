using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;

namespace Elsa.Kundportal.Host.Tests.Infrastructure;

/// <summary>/health checks the SMTP server the host is configured with, whatever else delivers messages (an SMS gateway).</summary>
public sealed class SmtpHealthTests : IAsyncLifetime
{
    private KundportalHost _host = null!;

    public async Task InitializeAsync() =>
        // SMTP on a port nothing listens on; SMS through a gateway.
        _host = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("smtphealth"), FreePort.Next(), new Dictionary<string, string?>
        {
            ["Kundportal:Sms:GatewayUrl"] = "http://127.0.0.1:9/sms",
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Health_WithSmtpConfiguredAndDown_IsNotHealthy()
    {
        var response = await _host.Anonymous().GetAsync("/health");
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var smtp = health["checks"]!["smtp"]!;
        Assert.Equal("Degraded", (string?)smtp["status"]);
        Assert.Contains("127.0.0.1", (string?)smtp["description"], StringComparison.Ordinal);
        Assert.NotEqual("Healthy", (string?)health["status"]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, "Degraded still answers 200, so load balancers keep the node");
    }
}
