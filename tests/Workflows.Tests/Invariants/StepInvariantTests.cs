using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Invariants;

/// <summary>The invariants of the architecture, each tried against real PostgreSQL.</summary>
public sealed class StepInvariantTests
{
    /// <summary>Start → task (sends mail, waits) → mail → second task.</summary>
    private static Flow TwoTasks() => Flow.Create()
        .Activity("start", "Elsa.Start")
        .Activity("first", "Elsa.UserTask", Literal("taskName", "First"))
        .Activity("mail", "Elsa.SendEmail", Obj("to", """["someone@region.se"]"""), Literal("subject", "Next step"))
        .Activity("second", "Elsa.UserTask", Literal("taskName", "Second"))
        .Connect("start", "Done", "first").Connect("first", "Done", "mail").Connect("mail", "Done", "second");

    private sealed record Snapshot(int Revision, string State, string SubStatus, string Bookmarks, int Journal, int Outbox);

    private static async Task<Snapshot> SnapshotAsync(TestEngine engine, Guid id)
    {
        var instance = await engine.InstanceAsync(id);
        var bookmarks = string.Join(";", (await engine.BookmarksAsync(id)).Select(b => $"{b.Id}:{b.Status}"));
        var journal = await engine.QueryAsync(db => db.Journal.CountAsync(j => j.InstanceId == id));
        var outbox = await engine.QueryAsync(db => db.Outbox.CountAsync(m => m.InstanceId == id));
        return new Snapshot(instance.Revision, instance.State, instance.SubStatus, bookmarks, journal, outbox);
    }

    [Theory]
    [InlineData(StepPhase.BookmarkBurned)]
    [InlineData(StepPhase.InstanceSaved)]
    [InlineData(StepPhase.BeforeCommit)]
    public async Task AtomicStep_FailureAtAnyPointOfAResume_LeavesEverythingAsBefore_AndARetrySucceeds(StepPhase phase)
    {
        var injector = new FaultInjector();
        await using var engine = await TestEngine.StartAsync(configure: s => s.AddSingleton<IWorkflowStepInterceptor>(injector));
        var flow = TwoTasks();
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        var token = step.IssuedTokens.Single().Token;
        var before = await SnapshotAsync(engine, step.InstanceId);

        injector.FailAt = phase;
        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("anna")));

        Assert.Equal(before, await SnapshotAsync(engine, step.InstanceId));

        injector.FailAt = null;
        var retry = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("anna"));
        Assert.Equal(ResumeOutcome.Resumed, retry.Outcome);
        var after = await SnapshotAsync(engine, step.InstanceId);
        Assert.Equal((before.Revision + 1, before.Outbox + 1), (after.Revision, after.Outbox));
        Assert.Equal(WorkflowSubStatus.Suspended, after.SubStatus);
        Assert.Equal("second", (await engine.InstanceAsync(step.InstanceId)).WaitingAt);
    }

    [Fact]
    public async Task ExactlyOnceResume_FiftyConcurrentResumesOfOneBookmark_RunOneStep_AndTellTheOthersWhen()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = TwoTasks();
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        var token = step.IssuedTokens.Single().Token;

        using var go = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            go.Wait();
            return await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest($"caller-{i}"));
        })).ToList();
        go.Set();
        var results = await Task.WhenAll(callers);

        var winner = Assert.Single(results, r => r.Outcome == ResumeOutcome.Resumed);
        var others = results.Where(r => r != winner).ToList();
        Assert.Equal(49, others.Count);
        Assert.All(others, r =>
        {
            Assert.Equal(ResumeOutcome.AlreadyHandled, r.Outcome);
            Assert.Equal(winner.HandledBy, r.HandledBy);
            Assert.NotNull(r.HandledAt);
            Assert.Equal(BookmarkStatus.Resumed, r.HandledHow);
        });
        var journal = await engine.JournalAsync(step.InstanceId);
        Assert.Single(journal, j => j.Kind == JournalKinds.BookmarkResumed);
        Assert.Single(journal, j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "mail");
        Assert.Equal(1, await engine.QueryAsync(db => db.Outbox.CountAsync(m => m.InstanceId == step.InstanceId)));
    }

    /// <summary>Fork into <paramref name="branches"/> waiting tasks, all joined.</summary>
    private static Flow ForkJoin(int branches)
    {
        var names = Enumerable.Range(1, branches).Select(i => $"B{i}").ToList();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Obj("branches", new JsonArray([.. names.Select(n => JsonValue.Create(n))]).ToJsonString()))
            .Activity("join", "Elsa.FlowJoin", Literal("mode", "WaitAll"))
            .Activity("after", "Elsa.SendEmail", Obj("to", """["done@region.se"]"""), Literal("subject", "All branches done"))
            .Connect("start", "Done", "fork").Connect("join", "Done", "after");
        foreach (var name in names)
            flow.Activity(name, "Elsa.UserTask", Literal("taskName", name)).Connect("fork", name, name).Connect(name, "Done", "join");
        return flow;
    }

    [Fact]
    public async Task ParallelBookmarks_ForkIntoTwoWaits_ResumedConcurrently_BothCompleteAndJoinContinuesOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = ForkJoin(2);
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        Assert.Equal(2, step.IssuedTokens.Count);
        Assert.Equal(WorkflowSubStatus.Suspended, step.SubStatus);

        var results = await Task.WhenAll(step.IssuedTokens.Select(t => Task.Run(() =>
            engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(t.Token), new ResumeRequest("anna")))));

        Assert.All(results, r => Assert.Equal(ResumeOutcome.Resumed, r.Outcome));
        var journal = await engine.JournalAsync(step.InstanceId);
        Assert.Equal(["B1", "B2"], journal.Where(j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId!.StartsWith('B')).Select(j => j.ActivityId).Order());
        Assert.Single(journal, j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "join");
        Assert.Equal(1, await engine.QueryAsync(db => db.Outbox.CountAsync(m => m.InstanceId == step.InstanceId)));
        Assert.Equal(WorkflowStatus.Finished, (await engine.InstanceAsync(step.InstanceId)).Status);
    }

    [Fact]
    public async Task TwoEngines_ResumingBookmarksOfTheSameInstancesConcurrently_LoseNoUpdateAndDoubleNoStep()
    {
        var database = await TestEngine.NewDatabaseAsync();
        await using var node1 = await TestEngine.StartAsync(database);
        await using var node2 = await TestEngine.StartAsync(database);
        var flow = ForkJoin(4);
        await node1.PublishAsync(flow.Json);
        var steps = new List<StepResult>();
        for (var i = 0; i < 10; i++)
            steps.Add(await node1.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId)));

        // Every token is resumed once by each node, all at the same time.
        using var go = new ManualResetEventSlim();
        var calls = steps.SelectMany(s => s.IssuedTokens).SelectMany(t => new[] { node1, node2 }.Select(node => Task.Run(async () =>
        {
            go.Wait();
            return await node.Runtime.ResumeAsync(BookmarkAddress.ByToken(t.Token), new ResumeRequest("anna"));
        }))).ToList();
        go.Set();
        var results = await Task.WhenAll(calls);

        Assert.Equal(40, results.Count(r => r.Outcome == ResumeOutcome.Resumed));
        Assert.Equal(40, results.Count(r => r.Outcome == ResumeOutcome.AlreadyHandled));
        foreach (var step in steps)
        {
            var instance = await node2.InstanceAsync(step.InstanceId);
            Assert.Equal(WorkflowStatus.Finished, instance.Status);
            var journal = await node2.JournalAsync(step.InstanceId);
            Assert.Equal(Enumerable.Range(1, journal.Count), journal.Select(j => j.Sequence));
            Assert.Equal(4, journal.Count(j => j.Kind == JournalKinds.BookmarkResumed));
            Assert.Single(journal, j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "join");
            Assert.Equal(1, await node2.QueryAsync(db => db.Outbox.CountAsync(m => m.InstanceId == step.InstanceId)));
        }
    }
}
