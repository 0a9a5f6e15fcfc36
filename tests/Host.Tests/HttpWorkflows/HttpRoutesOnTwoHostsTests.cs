using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.HttpWorkflows;

/// <summary>Two hosts on one PostgreSQL: what one host publishes or retracts changes what the other's /workflows answers.</summary>
public sealed class HttpRoutesOnTwoHostsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private Mailbox _mail = null!;
    private KundportalHost _a = null!;
    private KundportalHost _b = null!;

    public async Task InitializeAsync()
    {
        var database = await PostgresCluster.Shared.CreateDatabaseAsync("httproutes");
        _mail = Mailbox.Start();
        var settings = new Dictionary<string, string?>
        {
            ["Kundportal:Database"] = "Postgres",
            ["ConnectionStrings:Kundportal"] = database,
            ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
            ["Kundportal:Smtp:Host"] = "127.0.0.1",
            ["Kundportal:Smtp:Port"] = _mail.Port.ToString(CultureInfo.InvariantCulture),
        };
        _a = KundportalHost.Start("Production", settings, _clock);
        _b = KundportalHost.Start("Production", settings, _clock);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _mail.Dispose();
    }

    [Fact]
    public async Task TriggerPublishedOnOneHost_StartsOnTheOther_AndStopsThereOnceRetracted()
    {
        var id = TestDefinitions.NewId("receipt");
        var callerOfB = _b.Anonymous();
        // B answers (and so has read the routes) before the definition exists.
        await (await callerOfB.PostAsJsonAsync($"/workflows/{id}/orders/7", new { amount = 1 })).ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await _a.Staff().PostJsonAsync("/elsa/api/workflow-definitions/import", HttpDefinitions.OrderReceipt(id, id))).ExpectJsonAsync(HttpStatusCode.OK);
        var started = await (await callerOfB.PostAsJsonAsync($"/workflows/{id}/orders/7", new { amount = 1 })).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("7", started["order"]!.GetValue<string>());

        await (await _a.Staff().PostAsync($"/elsa/api/workflow-definitions/{id}/retract?version=1", null)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await callerOfB.PostAsJsonAsync($"/workflows/{id}/orders/8", new { amount = 1 })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
