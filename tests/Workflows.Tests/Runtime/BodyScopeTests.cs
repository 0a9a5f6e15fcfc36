using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Conformance;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Runtime;

/// <summary>Work inside a container's body takes part in incidents, retries and cancellation like any other.</summary>
public sealed class BodyScopeTests
{
    [Fact]
    public async Task ActivityFailingInsideAForEachBody_RecordsAnIncident_AndARetryGoesOnWithTheSameItem()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Variable("seen", "String", "")
            .Activity("start", "Elsa.Start")
            .Activity("each", "Elsa.ForEach", Obj("items", """["a","b"]"""))
            .Body("each", body => body
                .Activity("flaky", "Test.FailUntilAllowed")
                .Activity("note", "Elsa.SetVariable", Js("value", "variables.seen + getCurrentValue()"))
                .Raw("note", "variable", new System.Text.Json.Nodes.JsonObject { ["id"] = "seen-id", ["name"] = "seen" })
                .Connect("flaky", "Done", "note"))
            .Activity("after", "Elsa.WriteLine", Literal("text", "klar"))
            .Connect("start", "Done", "each").Connect("each", "Done", "after");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        Assert.Equal(WorkflowSubStatus.Faulted, step.SubStatus);
        FailUntilAllowed.Allowed[step.InstanceId] = true;
        var retried = await engine.Runtime.RetryAsync(step.InstanceId, "operator@inera.se");

        Assert.Equal(InstanceCommandOutcome.Done, retried.Outcome);
        Assert.Equal("ab", (await engine.StateAsync(step.InstanceId)).Variables["seen"]!.GetValue<string>());
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "after"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }

    [Fact]
    public async Task CancellingAnInstance_WithdrawsTheTasksOfEveryOpenBody()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("each", "Elsa.ParallelForEach", Obj("items", """["a","b"]"""))
            .Body("each", body => body.Activity("review", "Elsa.UserTask", Js("taskName", "'Granska ' + getCurrentValue()")))
            .Connect("start", "Done", "each");
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        Assert.Equal(2, (await engine.ActiveBookmarksAsync(step.InstanceId)).Count);

        await engine.Runtime.CancelAsync(step.InstanceId, "Dubblett", "operator@inera.se");

        Assert.Empty(await engine.ActiveBookmarksAsync(step.InstanceId));
        Assert.Equal(2, (await engine.BookmarksAsync(step.InstanceId)).Count(b => b.Status == BookmarkStatus.Withdrawn));
        Assert.Empty((await engine.StateAsync(step.InstanceId)).Flow!.Scopes);
    }

    [Fact]
    public async Task TaskInsideABody_ReissuedByAnOperator_StaysInItsBody()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("node", "Elsa.FlowNode")
            .Body("node", body => body.Activity("review", "Elsa.UserTask", Literal("taskName", "Granska")))
            .Activity("after", "Elsa.WriteLine", Literal("text", "klar"))
            .Connect("start", "Done", "node").Connect("node", "Done", "after");
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        var first = Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId));

        var reissued = await engine.Runtime.ReissueBookmarkAsync(first.Id, "operator@inera.se", "Länken kom bort");
        var resumed = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(reissued.Token!.Token), new ResumeRequest("anna@region.se"));

        Assert.Equal(ResumeOutcome.Resumed, resumed.Outcome);
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "after"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }
}
