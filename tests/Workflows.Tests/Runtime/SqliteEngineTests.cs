using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Runtime;

/// <summary>The embedded default: the same engine on a SQLite file, migrations included.</summary>
public sealed class SqliteEngineTests
{
    [Fact]
    public async Task Sqlite_StartResumeTimersAndRestart_Work()
    {
        var database = await TestEngine.NewDatabaseAsync(DatabaseProvider.Sqlite);
        var clock = TestEngine.NewClock();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Elsa.UserTask", Literal("taskName", "Approve"))
            .Activity("delay", "Elsa.Delay", Literal("timeSpan", "P1D"))
            .Activity("mail", "Elsa.SendEmail", Obj("to", """["a@b.se"]"""), Literal("subject", "Klart"))
            .Connect("start", "Done", "task").Connect("task", "Done", "delay").Connect("delay", "Done", "mail");
        StepResult step;
        await using (var first = await TestEngine.StartAsync(database, clock))
        {
            await first.PublishAsync(flow.Json);
            step = await first.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
            var token = step.IssuedTokens.Single().Token;
            var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => first.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("anna")))));
            Assert.Single(results, r => r.Outcome == ResumeOutcome.Resumed);
            Assert.Equal(4, results.Count(r => r.Outcome == ResumeOutcome.AlreadyHandled));
        }

        await using var second = await TestEngine.StartAsync(database, clock);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await second.Timers.RunDueTimersAsync());
        Assert.Equal(1, await second.Outbox.DispatchDueAsync());
        Assert.Equal(WorkflowStatus.Finished, (await second.InstanceAsync(step.InstanceId)).Status);
        var journal = await second.JournalAsync(step.InstanceId);
        Assert.Equal(Enumerable.Range(1, journal.Count), journal.Select(j => j.Sequence));
    }
}
