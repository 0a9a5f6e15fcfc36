using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Invariants;

/// <summary>
/// Starting is idempotent: the same start (its idempotency key, or the correlation id of a definition that allows one
/// running instance per correlation id) returns the same instance, never a second one, enforced by the database.
/// </summary>
public sealed class IdempotentStartTests
{
    /// <summary>Start → a task addressed to no one (its token goes to whoever started it) → end.</summary>
    private static Flow MachineTask() => Flow.Create()
        .Activity("start", "Elsa.Start")
        .Activity("task", "Elsa.UserTask", Literal("taskName", "Confirm"))
        .Activity("end", "Elsa.End")
        .Connect("start", "Done", "task").Connect("task", "Done", "end");

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task SameKeyAgain_ReturnsTheSameInstance_WithANewTokenThatWorks_AndTheUnreceivedOneWithdrawn(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(await TestEngine.NewDatabaseAsync(provider));
        var flow = MachineTask();
        await engine.PublishAsync(flow.Json);
        var request = new StartWorkflowRequest(flow.DefinitionId) { IdempotencyKey = "order-4711", Actor = "erp", Input = new JsonObject { ["n"] = 1 } };

        var first = await engine.Runtime.StartAsync(request);
        var again = await engine.Runtime.StartAsync(request);

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Equal(1, await engine.QueryAsync(db => db.Instances.CountAsync()));
        var firstToken = Assert.Single(first.IssuedTokens).Token;
        var newToken = Assert.Single(again.IssuedTokens).Token;
        Assert.NotEqual(firstToken, newToken);
        Assert.Equal(ResumeOutcome.AlreadyHandled, (await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(firstToken), new ResumeRequest("erp"))).Outcome);
        Assert.Equal(ResumeOutcome.Resumed, (await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(newToken), new ResumeRequest("erp"))).Outcome);
        Assert.Equal(WorkflowStatus.Finished, (await engine.InstanceAsync(first.InstanceId)).Status);

        var afterFinish = await engine.Runtime.StartAsync(request);
        Assert.Equal((first.InstanceId, true, 0), (afterFinish.InstanceId, afterFinish.Replayed, afterFinish.IssuedTokens.Count));
        Assert.Single(await engine.JournalAsync(first.InstanceId), j => j.Kind == JournalKinds.InstanceStarted);
    }

    [Fact]
    public async Task SameKeyFromAnotherCaller_OrWithoutAKey_StartsAnotherInstance()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = MachineTask();
        await engine.PublishAsync(flow.Json);

        var a = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { IdempotencyKey = "1", Actor = "erp" });
        var b = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { IdempotencyKey = "1", Actor = "crm" });
        var c = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { CorrelationId = "x" });
        var d = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { CorrelationId = "x" });

        Assert.Equal(4, new[] { a, b, c, d }.Select(s => s.InstanceId).Distinct().Count());
        Assert.DoesNotContain(new[] { a, b, c, d }, s => s.Replayed);
    }

    [Fact]
    public async Task FortyConcurrentStartsWithOneKey_OnTwoNodes_MakeOneInstance_AndEveryCallerGetsIt()
    {
        var database = await TestEngine.NewDatabaseAsync();
        await using var node1 = await TestEngine.StartAsync(database);
        await using var node2 = await TestEngine.StartAsync(database);
        var flow = MachineTask();
        await node1.PublishAsync(flow.Json);

        using var go = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            go.Wait();
            return await (i % 2 == 0 ? node1 : node2).Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { IdempotencyKey = "one", Actor = "erp" });
        })).ToList();
        go.Set();
        var results = await Task.WhenAll(calls);

        var id = Assert.Single(results.Select(r => r.InstanceId).Distinct());
        Assert.Single(results, r => !r.Replayed);
        Assert.Equal(1, await node1.QueryAsync(db => db.Instances.CountAsync()));
        // Whichever answer came last holds the one working token.
        var active = Assert.Single(await node1.BookmarksAsync(id), b => b.Status == BookmarkStatus.Active);
        Assert.Single(results.SelectMany(r => r.IssuedTokens), t => BookmarkToken.HashOf(t.Token) == active.TokenHash);
    }

    [Fact]
    public async Task CorrelatedSingletonDefinition_ReturnsTheRunningInstanceForItsCorrelationId_AndStartsANewOneOnceItFinished()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = MachineTask().Option("activationStrategyType", "Elsa.Workflows.Runtime.ActivationValidators.CorrelatedSingletonStrategy, Elsa.Workflows.Runtime");
        await engine.PublishAsync(flow.Json);

        var first = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { CorrelationId = "232100-0016", Actor = "a" });
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { CorrelationId = "232100-0016", Actor = "b" }))));
        var other = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { CorrelationId = "232100-0024", Actor = "a" });

        Assert.All(concurrent, s => Assert.Equal((first.InstanceId, true), (s.InstanceId, s.Replayed)));
        // Another caller gets the instance, never its task's link.
        Assert.All(concurrent, s => Assert.Empty(s.IssuedTokens));
        Assert.NotEqual(first.InstanceId, other.InstanceId);
        await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(first.IssuedTokens.Single().Token), new ResumeRequest("a"));

        var next = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { CorrelationId = "232100-0016", Actor = "a" });
        Assert.False(next.Replayed);
        Assert.NotEqual(first.InstanceId, next.InstanceId);
        Assert.Equal(3, await engine.QueryAsync(db => db.Instances.CountAsync()));
    }
}
