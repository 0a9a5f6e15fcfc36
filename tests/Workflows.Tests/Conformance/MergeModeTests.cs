using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Conformance;

/// <summary>
/// An activity's <c>customProperties.mergeMode</c>, with the meaning Elsa gives it: Stream (the default) flows once the
/// branches upstream are done, ignoring untaken ones; Merge waits for every forward inbound connection; Converge for
/// every inbound connection, loops included; Cascade runs once per arriving branch; Race runs on the first.
/// </summary>
public sealed class MergeModeTests
{
    /// <summary>start → task (a person) and start → quick; both → merge → after.</summary>
    private static Flow ForkWithATask(string? mergeMode)
    {
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Elsa.UserTask", Literal("taskName", "Granska"), Obj("outcomes", """["Vidare","Annat"]"""))
            .Activity("quick", "Elsa.WriteLine", Literal("text", "snabb"))
            .Activity("merge", "Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), Literal("subject", "Klart"))
            .Activity("other", "Elsa.WriteLine", Literal("text", "annat"))
            .Connect("start", "Done", "task").Connect("start", "Done", "quick")
            .Connect("task", "Vidare", "merge").Connect("quick", "Done", "merge").Connect("task", "Annat", "other");
        return mergeMode is null ? flow : flow.MergeMode("merge", mergeMode);
    }

    /// <summary>decide: True → yes, False → no; yes and no → merge.</summary>
    private static Flow ExclusiveBranches(string mergeMode) =>
        Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "true"))
            .Activity("yes", "Elsa.WriteLine", Literal("text", "yes"))
            .Activity("no", "Elsa.WriteLine", Literal("text", "no"))
            .Activity("merge", "Elsa.WriteLine", Literal("text", "merge"))
            .Connect("start", "Done", "decide").Connect("decide", "True", "yes").Connect("decide", "False", "no")
            .Connect("yes", "Done", "merge").Connect("no", "Done", "merge")
            .MergeMode("merge", mergeMode);

    /// <summary>start → entry → count (+1) → decide (count &lt; 3): True loops back to entry, False → done.</summary>
    private static Flow LoopEntry(string mergeMode) =>
        Flow.Create()
            .Variable("count", "Int32", 0)
            .Activity("start", "Elsa.Start")
            .Activity("entry", "Elsa.WriteLine", Literal("text", "varv"))
            .Activity("count", "Elsa.SetVariable", Js("value", "variables.count + 1"))
            .Raw("count", "variable", new JsonObject { ["id"] = "count-id", ["name"] = "count" })
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "variables.count < 3"))
            .Activity("done", "Elsa.WriteLine", Literal("text", "klar"))
            .Connect("start", "Done", "entry").Connect("entry", "Done", "count").Connect("count", "Done", "decide")
            .Connect("decide", "True", "entry").Connect("decide", "False", "done")
            .MergeMode("entry", mergeMode);

    [Theory]
    [InlineData(null)]
    [InlineData("Stream")]
    [InlineData("None")]
    public async Task Stream_IsTheDefault_WaitsForTheBranchStillRunning_ThenRunsOnce(string? mode)
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ForkWithATask(mode));
        Assert.Empty(await engine.MailAsync(step.InstanceId));

        await engine.AnswerAsync(step.InstanceId, "task", "Vidare");

        Assert.Single(await engine.MailAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task Stream_TreatsABranchThatWentElsewhereAsDone_AndRunsOnce()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ForkWithATask("Stream"));
        await engine.AnswerAsync(step.InstanceId, "task", "Annat");

        Assert.Single(await engine.MailAsync(step.InstanceId));
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "other"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task Stream_ExclusiveBranches_RunsOnce()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ExclusiveBranches("Stream"));

        Assert.Equal(["start", "decide", "yes", "merge"], await engine.CompletedAsync(step.InstanceId));
    }

    [Fact]
    public async Task Merge_WaitsForEveryForwardBranch_ThenRunsOnce()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ForkWithATask("Merge"));
        Assert.Empty(await engine.MailAsync(step.InstanceId));
        await engine.AnswerAsync(step.InstanceId, "task", "Vidare");

        Assert.Single(await engine.MailAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task Merge_BlocksOnAnUntakenBranch_AndTheFlowchartStillCompletes()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ExclusiveBranches("Merge"));

        Assert.Equal(["start", "decide", "yes"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task Merge_BranchThatWentElsewhere_NeverRunsTheMerge()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ForkWithATask("Merge"));
        await engine.AnswerAsync(step.InstanceId, "task", "Annat");

        Assert.Empty(await engine.MailAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task Merge_IgnoresTheLoopBackConnection_SoTheLoopRuns()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(LoopEntry("Merge"));

        Assert.Equal(3, await engine.TimesCompletedAsync(step.InstanceId, "entry"));
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "done"));
        Assert.Equal(3, (await engine.StateAsync(step.InstanceId)).Variables["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Converge_RequiresTheLoopBackConnectionToo_SoTheEntryNeverRuns()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(LoopEntry("Converge"));

        Assert.Equal(["start"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task Converge_WaitsForEveryBranch_ThenRunsOnce()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ForkWithATask("Converge"));
        Assert.Empty(await engine.MailAsync(step.InstanceId));
        await engine.AnswerAsync(step.InstanceId, "task", "Vidare");

        Assert.Single(await engine.MailAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task Converge_BlocksOnAnUntakenBranch()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ExclusiveBranches("Converge"));

        Assert.DoesNotContain("merge", await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task Cascade_RunsOncePerArrivingBranch()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ForkWithATask("Cascade"));
        Assert.Single(await engine.MailAsync(step.InstanceId));
        await engine.AnswerAsync(step.InstanceId, "task", "Vidare");

        Assert.Equal(2, (await engine.MailAsync(step.InstanceId)).Count);
    }

    [Fact]
    public async Task Race_RunsOnTheFirstBranch_AndWithdrawsTheOthers()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ForkWithATask("Race"));

        Assert.Single(await engine.MailAsync(step.InstanceId));
        Assert.Empty(await engine.ActiveBookmarksAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }
}
