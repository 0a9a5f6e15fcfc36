using System.Net;
using Elsa.Kundportal.Host.Operations;
using Elsa.Kundportal.Operations.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Operations.Tests.Api;

/// <summary>Publishing in the designer asks how many orders run on older versions and moves them, a dry run first.</summary>
public sealed class VersionMigrationApiTests(OperationsFixture fixture) : IClassFixture<OperationsFixture>
{
    private const string Definition = "kundportal-agent-order";
    private readonly Scenario _scenario = fixture.Scenario;
    private readonly HttpClient _operations = fixture.Host.WithKey(OperationsHost.OperationsKey);

    [Fact]
    public async Task RunningAndMigrate_CountPerVersion_DryRunChangesNothing_ThenEveryOlderOrderMoves()
    {
        var customer = await _scenario.CustomerAsync("Versionskommunen");
        var old = new[] { await _scenario.StartAsync(customer, version: 1), await _scenario.StartAsync(customer, version: 1) };
        var current = await _scenario.StartAsync(customer, version: 2);

        var running = await Scenario.JsonAsync(await _operations.GetAsync($"/api/operations/definitions/{Definition}/running"));
        Assert.Equal([(1, 2), (2, 1)], running["versions"]!.AsArray().Select(v => ((int)v!["version"]!, (int)v["running"]!)));

        var dry = await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/definitions/{Definition}/migrate", new { targetVersion = 2, dryRun = true }));
        Assert.Equal((2, 2, 0, true), ((int)dry["selected"]!, (int)dry["allowed"]!, (int)dry["moved"]!, (bool)dry["dryRun"]!));
        Assert.Equal(old.Order(), dry["instances"]!.AsArray().Select(i => Guid.Parse((string)i!["instanceId"]!)).Order());
        foreach (var id in old)
            Assert.Equal(1, (await _scenario.InstanceAsync(id)).Version);

        Assert.Equal(HttpStatusCode.BadRequest, (await Scenario.PostAsync(_operations, $"/api/operations/definitions/{Definition}/migrate", new { targetVersion = 2, dryRun = false })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Scenario.PostAsync(_operations, $"/api/operations/definitions/{Definition}/migrate", new { targetVersion = 9, dryRun = true })).StatusCode);

        var moved = await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/definitions/{Definition}/migrate",
            new { targetVersion = 2, dryRun = false, reason = "Publicering av version 2: roller före beställning" }));
        Assert.Equal((2, 2), ((int)moved["selected"]!, (int)moved["moved"]!));
        foreach (var id in old)
        {
            Assert.Equal(2, (await _scenario.InstanceAsync(id)).Version);
            var entry = Assert.Single(await _scenario.JournalAsync(id), j => j.Kind == JournalKinds.InstanceMigrated);
            Assert.Equal("Publicering av version 2: roller före beställning", entry.Message);
        }
        Assert.Equal(2, (await _scenario.InstanceAsync(current)).Version);
        running = await Scenario.JsonAsync(await _operations.GetAsync($"/api/operations/definitions/{Definition}/running"));
        Assert.Equal([(2, 3)], running["versions"]!.AsArray().Select(v => ((int)v!["version"]!, (int)v["running"]!)));

        // Nothing older is left: a second move selects nothing.
        var again = await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/definitions/{Definition}/migrate", new { targetVersion = 2, dryRun = true }));
        Assert.Equal(0, (int)again["selected"]!);
    }

    [Fact]
    public void Swedish_SaysWhyAWaitingStepCannotMove()
    {
        Assert.Equal("Steget fork som ärendet väntar vid finns inte i version 2.",
            VersionMigration.Swedish(new StepMapping("fork", "Elsa.Fork", null, false, "The waiting step 'Agent och kund parallellt' does not exist in version 2."), 2));
        Assert.Equal("Steget review som ärendet väntar vid är en annan sorts aktivitet i version 3.",
            VersionMigration.Swedish(new StepMapping("review", "Elsa.UserTask", "Elsa.Delay", false, "The waiting step 'Granska' is a Elsa.Delay in version 3, not a Elsa.UserTask."), 3));
        Assert.Equal("Från steget review skulle version 3 köra om steg som redan är utförda: Beställning, Kontrollera roller.",
            VersionMigration.Swedish(new StepMapping("review", "Elsa.UserTask", "Elsa.UserTask", false, "From 'Granska' version 3 would run again the completed step(s) 'Beställning', 'Kontrollera roller'."), 3));
    }
}
