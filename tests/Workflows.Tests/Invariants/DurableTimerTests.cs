using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Invariants;

public sealed class DurableTimerTests
{
    private static Flow DelayFlow(string duration = "01:00:00") => Flow.Create()
        .Activity("start", "Elsa.Start")
        .Activity("delay", "Elsa.Delay", Literal("timeSpan", duration))
        .Activity("mail", "Elsa.SendEmail", Obj("to", """["ops@inera.se"]"""), Literal("subject", "Timer fired"))
        .Connect("start", "Done", "delay").Connect("delay", "Done", "mail");

    [Fact]
    public async Task Timer_SurvivesAnEngineRestart_AndFiresOnceWhenDue()
    {
        var database = await TestEngine.NewDatabaseAsync();
        var clock = TestEngine.NewClock();
        var flow = DelayFlow();
        Guid instanceId;
        await using (var before = await TestEngine.StartAsync(database, clock))
        {
            await before.PublishAsync(flow.Json);
            instanceId = (await before.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId))).InstanceId;
            clock.Advance(TimeSpan.FromMinutes(59));
            Assert.Equal(0, await before.Timers.RunDueTimersAsync());
        }

        await using var after = await TestEngine.StartAsync(database, clock);
        Assert.Equal(WorkflowSubStatus.Suspended, (await after.InstanceAsync(instanceId)).SubStatus);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, await after.Timers.RunDueTimersAsync());
        Assert.Equal(0, await after.Timers.RunDueTimersAsync());
        Assert.Equal(WorkflowStatus.Finished, (await after.InstanceAsync(instanceId)).Status);
        var journal = await after.JournalAsync(instanceId);
        Assert.Single(journal, j => j.Kind == JournalKinds.BookmarkResumed && j.Actor == Actors.Timer);
        Assert.Single(journal, j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "mail");
    }

    [Fact]
    public async Task Timer_DueOnTwoNodesSweepingAtOnce_FiresOnce()
    {
        var database = await TestEngine.NewDatabaseAsync();
        var clock = TestEngine.NewClock();
        await using var node1 = await TestEngine.StartAsync(database, clock);
        await using var node2 = await TestEngine.StartAsync(database, clock);
        var flow = DelayFlow();
        await node1.PublishAsync(flow.Json);
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
            ids.Add((await node1.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId))).InstanceId);
        clock.Advance(TimeSpan.FromHours(2));

        var fired = await Task.WhenAll(
            Task.Run(() => node1.Timers.RunDueTimersAsync()), Task.Run(() => node2.Timers.RunDueTimersAsync()),
            Task.Run(() => node1.Timers.RunDueTimersAsync()), Task.Run(() => node2.Timers.RunDueTimersAsync()));

        Assert.Equal(20, fired.Sum());
        foreach (var id in ids)
            Assert.Single(await node1.JournalAsync(id), j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "mail");
    }

    [Fact]
    public async Task TwoParallelDelays_BothResume()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Obj("branches", """["Short","Long"]"""))
            .Activity("short", "Elsa.Delay", Literal("timeSpan", "00:10:00"))
            .Activity("long", "Elsa.Delay", Literal("timeSpan", "00:20:00"))
            .Activity("join", "Elsa.FlowJoin", Literal("mode", "WaitAll"))
            .Connect("start", "Done", "fork").Connect("fork", "Short", "short").Connect("fork", "Long", "long")
            .Connect("short", "Done", "join").Connect("long", "Done", "join");
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        engine.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await engine.Timers.RunDueTimersAsync());
        Assert.Equal(WorkflowSubStatus.Suspended, (await engine.InstanceAsync(step.InstanceId)).SubStatus);
        engine.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await engine.Timers.RunDueTimersAsync());

        Assert.Equal(WorkflowStatus.Finished, (await engine.InstanceAsync(step.InstanceId)).Status);
    }

    [Fact]
    public async Task ElsaExportedTimerWorkflow_RunsUnchanged()
    {
        await using var engine = await TestEngine.StartAsync();
        var definitionId = await engine.PublishAsync(await File.ReadAllTextAsync("Fixtures/timer-then-writeline.json"));
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(definitionId));
        Assert.Equal(WorkflowSubStatus.Suspended, step.SubStatus);

        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await engine.Timers.RunDueTimersAsync());

        Assert.Equal(WorkflowStatus.Finished, (await engine.InstanceAsync(step.InstanceId)).Status);
    }
}
