using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Conformance;

/// <summary>
/// An activity with several inbound connections is an implicit merge: as in Elsa it runs once when the branches that
/// reach it have arrived, not once per branch.
/// </summary>
public sealed class ImplicitMergeTests
{
    /// <summary>
    /// start → decide; True → left and True → right (one port, two connections: Elsa's implicit split); False → skip.
    /// left and right both lead to <c>merge</c>, which leads to <c>after</c>.
    /// </summary>
    private static Flow DiamondAfterDecision(string mergeType, params (string, string, JsonNode?)[] mergeInputs) =>
        Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "input.go"))
            .Activity("left", "Elsa.WriteLine", Literal("text", "left"))
            .Activity("right", "Elsa.WriteLine", Literal("text", "right"))
            .Activity("skip", "Elsa.WriteLine", Literal("text", "skip"))
            .Activity("merge", mergeType, mergeInputs)
            .Activity("after", "Elsa.WriteLine", Literal("text", "after"))
            .Connect("start", "Done", "decide")
            .Connect("decide", "True", "left").Connect("decide", "True", "right").Connect("decide", "False", "skip")
            .Connect("left", "Done", "merge").Connect("right", "Done", "merge").Connect("merge", "Done", "after");

    private static readonly JsonObject Go = new() { ["go"] = true };

    [Fact]
    public async Task DiamondAfterDecision_MergeStepSendsItsEmailOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = DiamondAfterDecision("Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), Literal("subject", "Beställningen är mottagen"));

        var step = await engine.PublishAndStartAsync(flow, Go);

        Assert.Single(await engine.MailAsync(step.InstanceId));
        Assert.Equal(["start", "decide", "left", "right", "merge", "after"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task DiamondAfterDecision_MergeStepWaitingOnAPerson_CreatesOneTask()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = DiamondAfterDecision("Elsa.UserTask", Literal("taskName", "Granska beställningen"));

        var step = await engine.PublishAndStartAsync(flow, Go);

        Assert.Single(step.IssuedTokens);
        Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId));
        await engine.AnswerAsync(step.InstanceId, "merge");
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "after"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task DiamondAfterDecision_MergeStepIsADelay_MakesOneTimer()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = DiamondAfterDecision("Elsa.Delay", Literal("timeSpan", "1.00:00:00"));

        var step = await engine.PublishAndStartAsync(flow, Go);

        var timer = Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId));
        Assert.Equal(engine.Clock.GetUtcNow().AddDays(1), timer.ResumeAt);
        engine.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await engine.Timers.RunDueTimersAsync());
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "after"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task DiamondAfterDecision_OtherOutcome_SkipsTheMergeAndFinishes()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = DiamondAfterDecision("Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), Literal("subject", "Klart"));

        var step = await engine.PublishAndStartAsync(flow, new JsonObject { ["go"] = false });

        Assert.Empty(await engine.MailAsync(step.InstanceId));
        Assert.Equal(["start", "decide", "skip"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Theory]
    [InlineData(true, "yes")]
    [InlineData(false, "no")]
    public async Task ExclusiveBranchesOfADecision_MeetAtOneStep_ThatRunsOnce(bool go, string branch)
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "input.go"))
            .Activity("yes", "Elsa.WriteLine", Literal("text", "yes"))
            .Activity("no", "Elsa.WriteLine", Literal("text", "no"))
            .Activity("merge", "Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), Literal("subject", "Klart"))
            .Connect("start", "Done", "decide").Connect("decide", "True", "yes").Connect("decide", "False", "no")
            .Connect("yes", "Done", "merge").Connect("no", "Done", "merge");

        var step = await engine.PublishAndStartAsync(flow, new JsonObject { ["go"] = go });

        Assert.Equal(["start", "decide", branch, "merge"], await engine.CompletedAsync(step.InstanceId));
        Assert.Single(await engine.MailAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task BothOutcomesOfADecisionConnectedToOneStep_RunItOnceAndFinish()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "true"))
            .Activity("next", "Elsa.WriteLine", Literal("text", "next"))
            .Connect("start", "Done", "decide").Connect("decide", "True", "next").Connect("decide", "False", "next");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Equal(["start", "decide", "next"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task ForkWhoseBranchWaitsOnAPerson_MergesOnceAfterTheAnswer()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Obj("branches", """["Agent","Kund"]"""))
            .Activity("agent", "Elsa.UserTask", Literal("taskName", "Agentens granskning"))
            .Activity("customer", "Elsa.WriteLine", Literal("text", "kund"))
            .Activity("merge", "Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), Literal("subject", "Båda klara"))
            .Connect("start", "Done", "fork").Connect("fork", "Agent", "agent").Connect("fork", "Kund", "customer")
            .Connect("agent", "Done", "merge").Connect("customer", "Done", "merge");

        var step = await engine.PublishAndStartAsync(flow);
        Assert.Empty(await engine.MailAsync(step.InstanceId));
        await engine.AssertSuspendedAsync(step.InstanceId);

        await engine.AnswerAsync(step.InstanceId, "agent");

        Assert.Single(await engine.MailAsync(step.InstanceId));
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "merge"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    /// <summary>1 → 2, 3; 2 → 4, 5; 3 → 5, 6; 4, 5, 6 → 7: every activity runs once, in breadth order, and the workflow finishes.</summary>
    [Fact]
    public async Task BraidedGraph_RunsEveryActivityOnceInOrder()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create();
        foreach (var n in Enumerable.Range(1, 7))
            flow.Activity($"w{n}", "Elsa.WriteLine", Literal("text", $"WriteLine{n}"));
        flow.Connect("w1", "Done", "w2").Connect("w1", "Done", "w3")
            .Connect("w2", "Done", "w4").Connect("w2", "Done", "w5")
            .Connect("w3", "Done", "w5").Connect("w3", "Done", "w6")
            .Connect("w4", "Done", "w7").Connect("w5", "Done", "w7").Connect("w6", "Done", "w7");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Equal(["w1", "w2", "w3", "w4", "w5", "w6", "w7"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    /// <summary>The braid with a person in it: the merges after the task wait for the answer, and still run once each.</summary>
    [Fact]
    public async Task BraidedGraphWithATask_MergesRunOnceAfterTheAnswer()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create().Activity("w1", "Elsa.WriteLine", Literal("text", "1")).Activity("w2", "Elsa.UserTask", Literal("taskName", "2"));
        foreach (var n in Enumerable.Range(3, 5))
            flow.Activity($"w{n}", "Elsa.WriteLine", Literal("text", $"{n}"));
        flow.Connect("w1", "Done", "w2").Connect("w1", "Done", "w3")
            .Connect("w2", "Done", "w4").Connect("w2", "Done", "w5")
            .Connect("w3", "Done", "w5").Connect("w3", "Done", "w6")
            .Connect("w4", "Done", "w7").Connect("w5", "Done", "w7").Connect("w6", "Done", "w7");

        var step = await engine.PublishAndStartAsync(flow);
        Assert.Equal(["w1", "w3", "w6"], await engine.CompletedAsync(step.InstanceId));

        await engine.AnswerAsync(step.InstanceId, "w2");

        Assert.Equal(["w1", "w3", "w6", "w2", "w4", "w5", "w7"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }
}
