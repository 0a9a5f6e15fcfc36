using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Conformance;

/// <summary>
/// Elsa's explicit join, <c>Elsa.FlowJoin</c>: WaitAny (Elsa's default) continues on the first branch and cancels the
/// others; WaitAll waits for every inbound branch; WaitAllActive for every branch that was taken.
/// </summary>
public sealed class JoinModeTests
{
    /// <summary>start → task (a person) and start → quick, both → join → after.</summary>
    private static Flow TaskAndQuickBranch(string? mode) =>
        Join(Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Elsa.UserTask", Literal("taskName", "Granska"))
            .Activity("quick", "Elsa.WriteLine", Literal("text", "snabb")), mode)
            .Activity("after", "Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), Literal("subject", "Vidare"))
            .Connect("start", "Done", "task").Connect("start", "Done", "quick")
            .Connect("task", "Done", "join").Connect("quick", "Done", "join").Connect("join", "Done", "after");

    /// <summary>decide (true): True → yes, False → no; both → join → after.</summary>
    private static Flow ExclusiveBranches(string mode) =>
        Join(Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "true"))
            .Activity("yes", "Elsa.WriteLine", Literal("text", "yes"))
            .Activity("no", "Elsa.WriteLine", Literal("text", "no")), mode)
            .Activity("after", "Elsa.WriteLine", Literal("text", "after"))
            .Connect("start", "Done", "decide").Connect("decide", "True", "yes").Connect("decide", "False", "no")
            .Connect("yes", "Done", "join").Connect("no", "Done", "join").Connect("join", "Done", "after");

    private static Flow Join(Flow flow, string? mode) =>
        mode is null ? flow.Activity("join", "Elsa.FlowJoin") : flow.Activity("join", "Elsa.FlowJoin", Literal("mode", mode));

    [Fact]
    public async Task Descriptor_OffersElsasModes_WithWaitAnyAsDefault()
    {
        await using var engine = await TestEngine.StartAsync();
        var mode = engine.Services.GetRequiredService<ActivityRegistry>().Find("Elsa.FlowJoin")!.Inputs.Single(i => i.Name == "mode");

        Assert.Equal(["WaitAny", "WaitAll", "WaitAllActive"], mode.Options!);
        Assert.Equal("WaitAny", mode.DefaultValue!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("WaitAny")]
    public async Task WaitAny_IsTheDefault_ContinuesOnTheFirstBranch_AndCancelsTheOther(string? mode)
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(TaskAndQuickBranch(mode));

        Assert.Single(await engine.MailAsync(step.InstanceId));
        Assert.Empty(await engine.ActiveBookmarksAsync(step.InstanceId));
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "join"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task WaitAll_WaitsForEveryBranch_ThenContinuesOnce()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(TaskAndQuickBranch("WaitAll"));
        Assert.Empty(await engine.MailAsync(step.InstanceId));
        await engine.AssertSuspendedAsync(step.InstanceId);

        await engine.AnswerAsync(step.InstanceId, "task");

        Assert.Single(await engine.MailAsync(step.InstanceId));
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "join"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task WaitAll_BranchNeverTaken_BlocksTheJoin()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ExclusiveBranches("WaitAll"));

        Assert.Equal(["start", "decide", "yes"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task WaitAllActive_ContinuesOnceTheTakenBranchesArrived()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(ExclusiveBranches("WaitAllActive"));

        Assert.Equal(["start", "decide", "yes", "join", "after"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task WaitAllActive_WaitsForATakenBranchStillWaiting_ThenContinuesOnce()
    {
        await using var engine = await TestEngine.StartAsync();

        var step = await engine.PublishAndStartAsync(TaskAndQuickBranch("WaitAllActive"));
        Assert.Empty(await engine.MailAsync(step.InstanceId));

        await engine.AnswerAsync(step.InstanceId, "task");

        Assert.Single(await engine.MailAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    /// <summary>A longer branch and a shorter one: WaitAllActive waits for the longer one however far behind it is.</summary>
    [Fact]
    public async Task WaitAllActive_WaitsForALongerBranch()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("a1", "Elsa.WriteLine", Literal("text", "a1"))
            .Activity("a2", "Elsa.WriteLine", Literal("text", "a2"))
            .Activity("a3", "Elsa.WriteLine", Literal("text", "a3"))
            .Activity("b", "Elsa.WriteLine", Literal("text", "b"))
            .Activity("join", "Elsa.FlowJoin", Literal("mode", "WaitAllActive"))
            .Activity("after", "Elsa.WriteLine", Literal("text", "after"))
            .Connect("start", "Done", "a1").Connect("a1", "Done", "a2").Connect("a2", "Done", "a3").Connect("a3", "Done", "join")
            .Connect("start", "Done", "b").Connect("b", "Done", "join").Connect("join", "Done", "after");

        var step = await engine.PublishAndStartAsync(flow);

        var completed = await engine.CompletedAsync(step.InstanceId);
        Assert.Equal(1, completed.Count(a => a == "after"));
        Assert.True(completed.IndexOf("a3") < completed.IndexOf("join"));
    }
}
