using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tests.Support;
using Elsa.Kundportal.Workflows;
using Elsa.Kundportal.Workflows.Persistence;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Persistence;

/// <summary>The embedded default: the engine and the domain share one SQLite file, migrated by each start-up.</summary>
public sealed class SqliteTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kundportal-sqlite-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ExistingAgreement_RunsToHandover_OnSqlite()
    {
        await using var kp = await CreateAsync(database: WorkflowsDatabase.Sqlite($"Data Source={Path.Combine(_directory, "kundportal.db")}"));
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();

        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        var refused = await kp.AnswerAsync(People.AgentOrderer, new { decision = "Proceed" });
        Assert.Equal(Workflows.Runtime.ResumeOutcome.InputRejected, refused.Outcome);
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest());
        await kp.AdvanceAsync(TimeSpan.FromDays(3));
        await kp.AnswerOkAsync(People.CustomerAttestant, kp.Attest());

        Assert.Equal(WorkflowSubStatus.Finished, (await kp.InstanceAsync(id)).SubStatus);
        var order = await kp.OrderAsync(id);
        Assert.Equal((OrderStatus.Completed, "CS1000001"), (order.Status, order.CaseNumber));
        Assert.Contains(People.CustomerAttestant, order.Participants);
        Assert.Single(await kp.JournalAsync(id), j => j.Kind == "Reminder");
    }
}
