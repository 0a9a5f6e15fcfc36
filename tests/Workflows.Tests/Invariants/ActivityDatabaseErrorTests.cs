using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Invariants;

/// <summary>
/// An activity whose own database write is refused (a taken key, a value longer than its column, a raw statement) leaves
/// none of the step's writes behind: the step rolls back whole, the incident is recorded apart with the database's own
/// error (code and constraint or column, never the values), and a retry starts clean.
/// </summary>
public sealed class ActivityDatabaseErrorTests
{
    /// <summary>Start → task → save two rows → write a line.</summary>
    private static Flow TaskThenSave(string how) => Flow.Create()
        .Activity("start", "Elsa.Start")
        .Activity("task", "Elsa.UserTask", Literal("taskName", "Approve"))
        .Activity("save", "Test.SaveTwoRows", Literal("how", how))
        .Activity("after", "Elsa.WriteLine", Literal("text", "after"))
        .Connect("start", "Done", "task").Connect("task", "Done", "save").Connect("save", "Done", "after");

    [Theory]
    [InlineData(DatabaseProvider.Postgres, SaveTwoRows.Duplicate, "23505", TestRowsDbContext.Constraint)]
    [InlineData(DatabaseProvider.Postgres, SaveTwoRows.TooLong, "22001", "test_rows.name")]
    [InlineData(DatabaseProvider.Postgres, SaveTwoRows.RawDuplicate, "23505", TestRowsDbContext.Constraint)]
    [InlineData(DatabaseProvider.Sqlite, SaveTwoRows.Duplicate, "UNIQUE", "test_rows.key")]
    [InlineData(DatabaseProvider.Sqlite, SaveTwoRows.RawDuplicate, "UNIQUE", "test_rows.key")]
    public async Task RefusedSecondWrite_InAResumedStep_RollsTheStepBackWhole_RecordsTheDatabaseError_AndARetryStartsClean(
        DatabaseProvider provider, string how, string code, string where)
    {
        await using var engine = await TestEngine.StartAsync(await TestEngine.NewDatabaseAsync(provider));
        await TestRowsDbContext.CreateTableAsync(engine);
        var flow = TaskThenSave(how);
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        var id = step.InstanceId;
        var token = step.IssuedTokens.Single().Token;

        var resumed = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("anna") { Input = new JsonObject { ["answer"] = "yes" } });

        Assert.Equal(ResumeOutcome.Resumed, resumed.Outcome);
        Assert.Equal(WorkflowSubStatus.Faulted, resumed.Step!.SubStatus);
        Assert.Empty(await TestRowsDbContext.RowsOfAsync(engine, id));
        var incident = await engine.QueryAsync(db => db.Incidents.AsNoTracking().SingleAsync(i => i.InstanceId == id));
        Assert.Equal("save", incident.ActivityId);
        Assert.Contains(code, incident.Message, StringComparison.Ordinal);
        Assert.Contains(where, incident.Message, StringComparison.Ordinal);
        AssertNoValues(incident.Message);
        AssertNoValues(incident.StackTrace ?? "");
        var journal = await engine.JournalAsync(id);
        AssertNoValues(string.Join('\n', journal.Select(j => $"{j.Message} {j.Data}")));
        Assert.Single(journal, j => j.Kind == JournalKinds.IncidentRecorded && j.ActivityId == "save");
        Assert.Single(journal, j => j.Kind == JournalKinds.BookmarkResumed);
        Assert.DoesNotContain(journal, j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "task");
        Assert.Equal(BookmarkStatus.Resumed, Assert.Single(await engine.BookmarksAsync(id)).Status);
        Assert.Equal(ResumeOutcome.AlreadyHandled, (await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("anna"))).Outcome);

        var stillRefused = await engine.Runtime.RetryAsync(id, "operator@inera.se");
        Assert.Equal(WorkflowSubStatus.Faulted, stillRefused.Step!.SubStatus);
        Assert.Empty(await TestRowsDbContext.RowsOfAsync(engine, id));

        SaveTwoRows.Allowed[id] = true;
        var retried = await engine.Runtime.RetryAsync(id, "operator@inera.se");

        Assert.Equal(WorkflowStatus.Finished, retried.Step!.Status);
        Assert.Equal(["first", "second"], await TestRowsDbContext.RowsOfAsync(engine, id));
        var incidents = await engine.QueryAsync(db => db.Incidents.AsNoTracking().Where(i => i.InstanceId == id).ToListAsync());
        Assert.Equal(2, incidents.Count);
        Assert.All(incidents, i => Assert.NotNull(i.ResolvedAt));
        var after = await engine.JournalAsync(id);
        Assert.Equal(Enumerable.Range(1, after.Count), after.Select(j => j.Sequence));
        Assert.Single(after, j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "task");
        Assert.Single(after, j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "save");
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task RefusedRawStatement_InTheFirstStep_StoresTheInstanceFaultedWithOnlyTheIncident(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(await TestEngine.NewDatabaseAsync(provider));
        await TestRowsDbContext.CreateTableAsync(engine);
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("save", "Test.SaveTwoRows", Literal("how", SaveTwoRows.RawDuplicate))
            .Connect("start", "Done", "save");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { CorrelationId = "order-1" });

        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Faulted), (step.Status, step.SubStatus));
        var instance = await engine.InstanceAsync(step.InstanceId);
        Assert.Equal(("order-1", 1, "save"), (instance.CorrelationId, instance.IncidentCount, instance.WaitingAt));
        Assert.Empty(await TestRowsDbContext.RowsOfAsync(engine, step.InstanceId));
        var incident = await engine.QueryAsync(db => db.Incidents.AsNoTracking().SingleAsync(i => i.InstanceId == step.InstanceId));
        AssertNoValues(incident.Message);
        Assert.DoesNotContain("25P02", incident.Message, StringComparison.Ordinal);
        Assert.Equal(
            [JournalKinds.InstanceStarted, JournalKinds.IncidentRecorded],
            (await engine.JournalAsync(step.InstanceId)).Select(j => j.Kind));

        SaveTwoRows.Allowed[step.InstanceId] = true;
        var retried = await engine.Runtime.RetryAsync(step.InstanceId, "operator@inera.se");

        Assert.Equal(WorkflowStatus.Finished, retried.Step!.Status);
        Assert.Equal(["first", "second"], await TestRowsDbContext.RowsOfAsync(engine, step.InstanceId));
    }

    private static void AssertNoValues(string text)
    {
        Assert.DoesNotContain(TestRowsDbContext.TakenKey, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SaveTwoRows.LongName, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("An error occurred while saving the entity changes", text, StringComparison.Ordinal);
    }
}
