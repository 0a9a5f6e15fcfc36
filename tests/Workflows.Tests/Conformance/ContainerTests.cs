using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Conformance;

/// <summary>Elsa.ForEach, Elsa.ParallelForEach and Elsa.FlowNode: activities with a body (a nested flowchart) they run.</summary>
public sealed class ContainerTests
{
    private static (string, string, JsonNode?) Items(string json) => Obj("items", json);

    [Fact]
    public async Task ForEach_RunsItsBodyOncePerItem_InOrder_ThenContinues()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Variable("seen", "String", "")
            .Variable("current", "Object")
            .Activity("start", "Elsa.Start")
            .Activity("each", "Elsa.ForEach", Items("""["a","b","c"]"""))
            .Raw("each", "currentValue", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "current-id" } })
            .Body("each", body => body
                .Activity("note", "Elsa.SetVariable", Js("value", "variables.seen + getCurrentValue() + getCurrentIndex()"))
                .Raw("note", "variable", new JsonObject { ["id"] = "seen-id", ["name"] = "seen" }))
            .Activity("after", "Elsa.WriteLine", Literal("text", "klar"))
            .Connect("start", "Done", "each").Connect("each", "Done", "after");

        var step = await engine.PublishAndStartAsync(flow);

        var state = await engine.StateAsync(step.InstanceId);
        Assert.Equal("a0b1c2", state.Variables["seen"]!.GetValue<string>());
        Assert.Equal("c", state.Variables["current"]!.GetValue<string>());
        Assert.Equal(["start", "note", "note", "note", "each", "after"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task ForEach_BodyWaitingOnAPerson_OpensOneTaskAtATime()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("each", "Elsa.ForEach", Items("""["Region Exempel","Journalsystem AB"]"""))
            .Body("each", body => body.Activity("review", "Elsa.UserTask", Js("taskName", "'Granska ' + getCurrentValue()")))
            .Activity("after", "Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), Literal("subject", "Alla granskade"))
            .Connect("start", "Done", "each").Connect("each", "Done", "after");

        var step = await engine.PublishAndStartAsync(flow);
        foreach (var party in new[] { "Region Exempel", "Journalsystem AB" })
        {
            var task = Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId));
            Assert.Contains(party, task.Payload!);
            Assert.Empty(await engine.MailAsync(step.InstanceId));
            await engine.AnswerAsync(step.InstanceId, "review");
        }

        Assert.Single(await engine.MailAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task ForEach_WithNoItems_ContinuesAtOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("each", "Elsa.ForEach", Items("[]"))
            .Body("each", body => body.Activity("review", "Elsa.UserTask", Literal("taskName", "Granska")))
            .Activity("after", "Elsa.WriteLine", Literal("text", "klar"))
            .Connect("start", "Done", "each").Connect("each", "Done", "after");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Equal(["start", "each", "after"], await engine.CompletedAsync(step.InstanceId));
    }

    [Fact]
    public async Task ParallelForEach_StartsEveryBodyAtOnce_AndContinuesOnceAllAreDone()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("each", "Elsa.ParallelForEach", Items("""["anna@region.se","bo@region.se","cecilia@region.se"]"""))
            .Body("each", body => body
                .Activity("attest", "Elsa.UserTask", Literal("taskName", "Attestera"), Js("recipient", "getCurrentValue()"))
                .Activity("thanks", "Elsa.SendEmail", Js("to", "[getCurrentValue()]"), Literal("subject", "Tack för din attest"))
                .Connect("attest", "Done", "thanks"))
            .Activity("after", "Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), Literal("subject", "Alla har attesterat"))
            .Connect("start", "Done", "each").Connect("each", "Done", "after");

        var step = await engine.PublishAndStartAsync(flow);
        Assert.Equal(["anna@region.se", "bo@region.se", "cecilia@region.se"], step.IssuedTokens.Select(t => t.Recipient).Order());

        foreach (var bookmark in (await engine.ActiveBookmarksAsync(step.InstanceId)).Take(2))
            await engine.Runtime.ResumeAsync(BookmarkAddress.ById(bookmark.Id), new ResumeRequest(bookmark.Recipient!));
        Assert.Equal(2, (await engine.MailAsync(step.InstanceId)).Count);
        await engine.AssertSuspendedAsync(step.InstanceId);

        var last = Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId));
        await engine.Runtime.ResumeAsync(BookmarkAddress.ById(last.Id), new ResumeRequest(last.Recipient!));

        var mail = await engine.MailAsync(step.InstanceId);
        Assert.Equal(["anna@region.se", "bo@region.se", "cecilia@region.se", "kund@region.se"], mail.Select(m => m.Recipient).Order());
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "each"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task ParallelForEach_WithABodyThatDoesNotWait_FinishesInOneStep()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("first", "Elsa.WriteLine", Literal("text", "Start"))
            .Activity("each", "Elsa.ParallelForEach", Js("items", """["Apple", "Banana", "Cherry"]"""))
            .Body("each", body => body.Activity("fruit", "Elsa.WriteLine", Js("text", "`Current fruit: ${getCurrentValue()}`")))
            .Activity("last", "Elsa.WriteLine", Literal("text", "End"))
            .Connect("first", "Done", "each").Connect("each", "Done", "last");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Equal(["first", "fruit", "fruit", "fruit", "each", "last"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task FlowNode_RunsItsBody_ThenContinues()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("node", "Elsa.FlowNode")
            .Body("node", body => body
                .Activity("wait", "Elsa.Delay", Literal("timeSpan", "01:00:00"))
                .Activity("inside", "Elsa.WriteLine", Literal("text", "inne"))
                .Connect("wait", "Done", "inside"))
            .Activity("after", "Elsa.WriteLine", Literal("text", "efter"))
            .Connect("start", "Done", "node").Connect("node", "Done", "after");

        var step = await engine.PublishAndStartAsync(flow);
        await engine.AssertSuspendedAsync(step.InstanceId);
        engine.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await engine.Timers.RunDueTimersAsync());

        Assert.Equal(["start", "wait", "inside", "node", "after"], await engine.CompletedAsync(step.InstanceId));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    /// <summary>Elsa.End inside a body ends that body (its flowchart), not the workflow.</summary>
    [Fact]
    public async Task EndInsideABody_EndsTheBody_AndTheWorkflowGoesOn()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("node", "Elsa.FlowNode")
            .Body("node", body => body
                .Activity("quick", "Elsa.End")
                .Activity("slow", "Elsa.UserTask", Literal("taskName", "Glöms"))
                .Activity("begin", "Elsa.Start")
                .Connect("begin", "Done", "slow").Connect("begin", "Done", "quick"))
            .Activity("after", "Elsa.WriteLine", Literal("text", "efter"))
            .Connect("start", "Done", "node").Connect("node", "Done", "after");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Empty(await engine.ActiveBookmarksAsync(step.InstanceId));
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "after"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }
}
