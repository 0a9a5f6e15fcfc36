using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Conformance;

/// <summary>Loops back through a decision, as Elsa runs them: the connection back is not a branch to wait for.</summary>
public sealed class LoopTests
{
    private static Flow CountTo3(Flow flow) =>
        flow.Variable("count", "Int32", 0)
            .Activity("increment", "Elsa.SetVariable", Js("value", "variables.count + 1"))
            .Raw("increment", "variable", new JsonObject { ["id"] = "count-id", ["name"] = "count" })
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "variables.count < 3"))
            .Activity("done", "Elsa.WriteLine", Literal("text", "klar"))
            .Connect("increment", "Done", "decide").Connect("decide", "False", "done");

    [Fact]
    public async Task LoopBackThroughADecision_RunsTheBodyUntilTheConditionFails()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = CountTo3(Flow.Create().Activity("start", "Elsa.Start").Activity("body", "Elsa.WriteLine", Literal("text", "varv")))
            .Connect("start", "Done", "body").Connect("body", "Done", "increment").Connect("decide", "True", "body");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Equal(
            ["start", "body", "increment", "decide", "body", "increment", "decide", "body", "increment", "decide", "done"],
            await engine.CompletedAsync(step.InstanceId));
        Assert.Equal(3, (await engine.StateAsync(step.InstanceId)).Variables["count"]!.GetValue<long>());
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    /// <summary>The loop's entry is also an implicit merge of two branches: the first round waits for both, later rounds come back once.</summary>
    [Fact]
    public async Task LoopWhoseEntryMergesTwoBranches_RunsTheEntryOncePerRound()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = CountTo3(Flow.Create()
                .Activity("start", "Elsa.Start")
                .Activity("a", "Elsa.WriteLine", Literal("text", "a"))
                .Activity("b", "Elsa.WriteLine", Literal("text", "b"))
                .Activity("entry", "Elsa.WriteLine", Literal("text", "varv")))
            .Connect("start", "Done", "a").Connect("start", "Done", "b").Connect("a", "Done", "entry").Connect("b", "Done", "entry")
            .Connect("entry", "Done", "increment").Connect("decide", "True", "entry");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Equal(3, await engine.TimesCompletedAsync(step.InstanceId, "entry"));
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "done"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    /// <summary>A loop around a person's task: every round is a step of its own and leaves exactly one task open.</summary>
    [Fact]
    public async Task LoopAroundATask_EachRoundOpensOneTask()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = CountTo3(Flow.Create()
                .Activity("start", "Elsa.Start")
                .Activity("ask", "Elsa.UserTask", Literal("taskName", "Komplettera ansökan")))
            .Connect("start", "Done", "ask").Connect("ask", "Done", "increment").Connect("decide", "True", "ask");

        var step = await engine.PublishAndStartAsync(flow);
        for (var round = 1; round <= 3; round++)
        {
            Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId));
            await engine.AnswerAsync(step.InstanceId, "ask");
        }

        Assert.Empty(await engine.ActiveBookmarksAsync(step.InstanceId));
        Assert.Equal(3, await engine.TimesCompletedAsync(step.InstanceId, "ask"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }
}
