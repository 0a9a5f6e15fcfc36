using Elsa.Kundportal.Operations.Tests.Support;

namespace Elsa.Kundportal.Operations.Tests.Api;

/// <summary>The dashboard's queries on the embedded SQLite database, where grouping runs in memory and ids are text.</summary>
public sealed class EmbeddedModeTests : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("kundportal-operations-").FullName;
    private OperationsHost _host = null!;
    private Scenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _host = new OperationsHost { EmbeddedDataFolder = _dataFolder };
        await _host.InitializeAsync();
        _scenario = new Scenario(_host);
        await _scenario.AgentsAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task OverviewListAndActions_WorkOnSqlite()
    {
        var customer = await _scenario.CustomerAsync("Inbäddade kommunen");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
            ids.Add(await _scenario.StartAsync(customer, version: 1 + (i % 2)));
        var client = _host.WithKey(OperationsHost.OperationsKey);

        var overview = await Scenario.JsonAsync(await client.GetAsync("/api/operations/overview"));
        var waiting = overview["funnel"]!.AsArray().SelectMany(f => f!["steps"]!.AsArray()).Where(s => (string?)s!["activityId"] == "placeOrder").Sum(s => (int)s!["count"]!);
        Assert.Equal(3, waiting);
        Assert.Equal(3, overview["throughput"]!.AsArray().Sum(d => (int)d!["started"]!));

        var first = await Scenario.JsonAsync(await client.GetAsync($"/api/operations/instances?organisation=inb%C3%A4ddade&pageSize=2"));
        var second = await Scenario.JsonAsync(await client.GetAsync($"/api/operations/instances?organisation=inb%C3%A4ddade&pageSize=2&after={(string?)first["next"]}"));
        var listed = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => Guid.Parse((string)i!["id"]!)).ToList();
        Assert.Equal(ids.Order(), listed.Order());
        Assert.Null((string?)second["next"]);

        await Scenario.JsonAsync(await Scenario.PostAsync(client, $"/api/operations/instances/{ids[0]}/cancel", new { reason = "Prov" }));
        var cancelled = await Scenario.JsonAsync(await client.GetAsync($"/api/operations/instances?status=Cancelled"));
        Assert.Equal(ids[0], Guid.Parse((string)Assert.Single(cancelled["items"]!.AsArray())!["id"]!));
        Assert.Contains("Beställning", System.Net.WebUtility.HtmlDecode(await (await client.GetAsync("/drift")).Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
