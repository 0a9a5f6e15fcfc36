using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Operations.Tests.Support;

namespace Elsa.Kundportal.Operations.Tests.Observability;

public sealed class ObservabilityTests(OperationsFixture fixture) : IClassFixture<OperationsFixture>
{
    [Fact]
    public async Task Metrics_ArePublishedInPrometheusFormat()
    {
        var customer = await fixture.Scenario.CustomerAsync("Mätkommunen");
        await fixture.Scenario.StartAsync(customer);
        Assert.True((await fixture.Scenario.PlaceOrderAsync(customer)).Succeeded);

        var response = await fixture.Host.Anonymous().GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("workflows_instances_started", text, StringComparison.Ordinal);
        Assert.Contains("workflows_resume_duration", text, StringComparison.Ordinal);
        Assert.Contains("kundportal_outbox_pending", text, StringComparison.Ordinal);
        Assert.Contains("kundportal_outbox_oldest_age", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ChecksTheDatabaseHangfireAndSmtp()
    {
        var response = await fixture.Host.Anonymous().GetAsync("/health");
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (string?)health["status"]);
        foreach (var check in new[] { "database", "hangfire", "smtp" })
            Assert.Equal("Healthy", (string?)health["checks"]![check]!["status"]);
    }
}
