using System.Net;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Workflows.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests;

/// <summary>The embedded mode keeps Hangfire's jobs in memory; the due work itself is in the database, so a restart loses none.</summary>
public sealed class EmbeddedRestartTests : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("kundportal-restart-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TimerDueWhileTheHostWasDown_FiresAfterRestart_AndItsMailIsDelivered()
    {
        var start = TimeProvider.System.GetUtcNow();
        var definitionId = TestDefinitions.NewId("restart");
        Guid instanceId;
        await using (var before = Start(new FakeTimeProvider(start)))
        {
            var staff = before.Staff();
            await (await staff.PostJsonAsync("/elsa/api/workflow-definitions",
                TestDefinitions.DelayThenMail(definitionId, TimeSpan.FromHours(1), "attestant@journalsystem.se", "Dags att attestera")))
                .ExpectJsonAsync(HttpStatusCode.OK);
            await (await staff.PostAsync($"/elsa/api/workflow-definitions/{definitionId}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);
            instanceId = (await before.StartAsync(definitionId)).InstanceId;
            var waiting = await (await staff.GetAsync($"/elsa/api/workflow-instances/{instanceId}/details")).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal("Suspended", waiting["instance"]!["subStatus"]!.GetValue<string>());
        }

        // Two hours later: the in-memory delayed job is gone with the old process; the sweep at start finds the timer.
        using var finished = new InstrumentSignal(WorkflowTelemetry.InstancesFinished);
        await using var after = Start(new FakeTimeProvider(start.AddHours(2)));
        var client = after.Staff();
        await Recheck.UntilAsync(
            async () => (await (await client.GetAsync($"/elsa/api/workflow-instances/{instanceId}/details")).ExpectJsonAsync(HttpStatusCode.OK))["instance"]!["subStatus"]!.GetValue<string>(),
            status => status == "Finished", "the instance to finish after the restart", status => $"sub-status {status}", changed: finished.NextAsync);

        var anonymous = after.Anonymous();
        await Recheck.UntilAsync(() => anonymous.GetStringAsync("/dev/mailbox"),
            html => html.Contains("Dags att attestera", StringComparison.Ordinal) && html.Contains("Levererat", StringComparison.Ordinal),
            "the mail sent after the timer to reach the dev mailbox", html => $"the page:\n{html}");
    }

    private KundportalHost Start(TimeProvider clock) =>
        KundportalHost.Start("Development", new Dictionary<string, string?> { ["Kundportal:DataFolder"] = _dataFolder }, clock);
}
