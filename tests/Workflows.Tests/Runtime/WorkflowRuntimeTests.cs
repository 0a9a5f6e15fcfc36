using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Runtime;

public sealed class WorkflowRuntimeTests
{
    [Fact]
    public async Task Start_ElsaExportedFork_RunsEveryBranchAndFinishes()
    {
        await using var engine = await TestEngine.StartAsync();
        var definitionId = await engine.PublishAsync(await File.ReadAllTextAsync("Fixtures/fork-three-branches.json"));

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(definitionId));

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (step.Status, step.SubStatus));
        var completed = (await engine.JournalAsync(step.InstanceId)).Where(j => j.Kind == JournalKinds.ActivityCompleted).Select(j => j.ActivityId).ToList();
        Assert.Equal(["f0a1", "w1", "w2", "w3"], completed.Order());
    }

    [Theory]
    [InlineData("variables.amount > 10")]
    [InlineData("return getVariable('amount') > 10;")]
    public async Task Decision_JavaScriptExpressionOrScriptBody_FollowsTheMatchingPort(string condition)
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Variable("amount", "Int32", 5)
            .Activity("start", "Elsa.Start")
            .Activity("set", "Elsa.SetVariable", Js("value", "variables.amount * 3"))
            .Raw("set", "variable", new JsonObject { ["id"] = "amount-id", ["name"] = "amount" })
            .Activity("decide", "Elsa.FlowDecision", Js("condition", condition))
            .Activity("big", "Elsa.WriteLine", Literal("text", "big"))
            .Activity("small", "Elsa.WriteLine", Literal("text", "small"))
            .Connect("start", "Done", "set").Connect("set", "Done", "decide")
            .Connect("decide", "True", "big").Connect("decide", "False", "small");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        var completed = (await engine.JournalAsync(step.InstanceId)).Where(j => j.Kind == JournalKinds.ActivityCompleted).ToList();
        Assert.Contains(completed, j => j.ActivityId == "decide" && j.Outcome == "True");
        Assert.Contains(completed, j => j.ActivityId == "big");
        Assert.DoesNotContain(completed, j => j.ActivityId == "small");
        var state = ExecutionState.Deserialise((await engine.InstanceAsync(step.InstanceId)).State);
        Assert.Equal(15, state.Variables["amount"]!.GetValue<long>());
    }

    [Fact]
    public async Task Switch_FollowsTheFirstMatchingCase_ElseDefault()
    {
        await using var engine = await TestEngine.StartAsync();
        var cases = JsonNode.Parse("""[{"label":"Low","condition":{"type":"JavaScript","value":"input.n < 10"}},{"label":"High","condition":{"type":"JavaScript","value":"input.n >= 10"}}]""")!;
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("switch", "Elsa.FlowSwitch").Raw("switch", "cases", cases)
            .Activity("low", "Elsa.WriteLine", Literal("text", "low"))
            .Activity("high", "Elsa.WriteLine", Literal("text", "high"))
            .Activity("other", "Elsa.WriteLine", Literal("text", "other"))
            .Connect("start", "Done", "switch").Connect("switch", "Low", "low").Connect("switch", "High", "high").Connect("switch", "Default", "other");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { Input = new JsonObject { ["n"] = 42 } });

        var outcome = (await engine.JournalAsync(step.InstanceId)).Single(j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "switch").Outcome;
        Assert.Equal("High", outcome);
    }

    [Fact]
    public async Task Event_PublishedForOneCorrelationId_ResumesOnlyThatInstance()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Event", Literal("eventName", "RolesChanged"))
            .Activity("end", "Elsa.End")
            .Connect("start", "Done", "wait").Connect("wait", "Done", "end");
        await engine.PublishAsync(flow.Json);
        var a = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { CorrelationId = "556000-0001" });
        var b = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { CorrelationId = "556000-0002" });

        var results = await engine.Runtime.PublishEventAsync("RolesChanged", "556000-0001", new JsonObject { ["by"] = "admin" }, "admin@region.se");

        Assert.Equal(ResumeOutcome.Resumed, Assert.Single(results).Outcome);
        Assert.Equal(WorkflowStatus.Finished, (await engine.InstanceAsync(a.InstanceId)).Status);
        Assert.Equal(WorkflowSubStatus.Suspended, (await engine.InstanceAsync(b.InstanceId)).SubStatus);
        Assert.Empty(await engine.Runtime.PublishEventAsync("OtherEvent", "556000-0002", null, "x"));
    }

    private static Flow TaskFlow(string? recipient = null, string? expiresIn = null)
    {
        var inputs = new List<(string, string, JsonNode?)> { Literal("taskName", "Approve"), Obj("outcomes", """["Approved","Rejected"]""") };
        if (recipient is not null)
            inputs.Add(Literal("recipient", recipient));
        if (expiresIn is not null)
            inputs.Add(Literal("expiresIn", expiresIn));
        return Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Elsa.UserTask", [.. inputs])
            .Activity("yes", "Elsa.WriteLine", Literal("text", "approved"))
            .Activity("no", "Elsa.WriteLine", Literal("text", "rejected"))
            .Connect("start", "Done", "task").Connect("task", "Approved", "yes").Connect("task", "Rejected", "no");
    }

    [Fact]
    public async Task UserTask_ResumedByToken_FollowsTheChosenOutcome_AndStoresOnlyTheTokenHash()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = TaskFlow();
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        var token = Assert.Single(step.IssuedTokens).Token;

        var bookmark = Assert.Single(await engine.BookmarksAsync(step.InstanceId));
        Assert.Equal(BookmarkToken.HashOf(token), bookmark.TokenHash);
        Assert.DoesNotContain(token, bookmark.TokenHash!, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length == 32);

        var result = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("anna@inera.se") { Input = new JsonObject { ["outcome"] = "Rejected" } });

        Assert.Equal(ResumeOutcome.Resumed, result.Outcome);
        Assert.Equal(WorkflowStatus.Finished, result.Step!.Status);
        var journal = await engine.JournalAsync(step.InstanceId);
        Assert.Contains(journal, j => j.Kind == JournalKinds.BookmarkResumed && j.Actor == "anna@inera.se");
        Assert.Contains(journal, j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "task" && j.Outcome == "Rejected");
    }

    [Fact]
    public async Task UserTask_InvalidAnswer_IsRejected_AndTheBookmarkStaysActive()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = TaskFlow();
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        var token = step.IssuedTokens[0].Token;
        var before = await engine.InstanceAsync(step.InstanceId);

        var result = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("anna") { Input = new JsonObject { ["outcome"] = "Maybe" } });

        Assert.Equal(ResumeOutcome.InputRejected, result.Outcome);
        Assert.True(result.FieldErrors!.ContainsKey("outcome"));
        var after = await engine.InstanceAsync(step.InstanceId);
        Assert.Equal((before.Revision, before.State), (after.Revision, after.State));
        Assert.Equal(BookmarkStatus.Active, Assert.Single(await engine.BookmarksAsync(step.InstanceId)).Status);
        var retry = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("anna") { Input = new JsonObject { ["outcome"] = "Approved" } });
        Assert.Equal(ResumeOutcome.Resumed, retry.Outcome);
    }

    [Fact]
    public async Task UserTask_WrongRecipient_ExpiredOrUnknownToken_AreRefusedWithoutChange()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = TaskFlow(recipient: "eva@region.se", expiresIn: "P30D");
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        var token = step.IssuedTokens[0].Token;
        var answer = new JsonObject { ["outcome"] = "Approved" };

        Assert.Equal(ResumeOutcome.WrongRecipient, (await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("mallory@x.se") { Input = answer })).Outcome);
        Assert.Equal(ResumeOutcome.NotFound, (await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(BookmarkToken.Create()), new ResumeRequest("eva@region.se"))).Outcome);

        engine.Clock.Advance(TimeSpan.FromDays(30));
        var expired = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("eva@region.se") { Input = answer });
        Assert.Equal(ResumeOutcome.Expired, expired.Outcome);
        Assert.Equal(BookmarkStatus.Active, Assert.Single(await engine.BookmarksAsync(step.InstanceId)).Status);
    }

    [Fact]
    public async Task ActivityThatThrows_RecordsAnIncident_AndRetryRerunsIt()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("call", "Test.FailUntilAllowed")
            .Activity("after", "Elsa.WriteLine", Literal("text", "after"))
            .Connect("start", "Done", "call").Connect("call", "Done", "after");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Faulted), (step.Status, step.SubStatus));
        var incident = await engine.QueryAsync(db => db.Incidents.AsNoTracking().SingleAsync(i => i.InstanceId == step.InstanceId));
        Assert.Equal(("call", "The downstream system is unavailable.", (DateTimeOffset?)null), (incident.ActivityId, incident.Message, incident.ResolvedAt));
        Assert.Contains(await engine.JournalAsync(step.InstanceId), j => j.Kind == JournalKinds.IncidentRecorded && j.ActivityId == "call");

        var stillFailing = await engine.Runtime.RetryAsync(step.InstanceId, "operator@inera.se");
        Assert.Equal(WorkflowSubStatus.Faulted, stillFailing.Step!.SubStatus);

        FailUntilAllowed.Allowed[step.InstanceId] = true;
        var retried = await engine.Runtime.RetryAsync(step.InstanceId, "operator@inera.se");

        Assert.Equal(WorkflowStatus.Finished, retried.Step!.Status);
        Assert.Equal(3, FailUntilAllowed.Attempts[step.InstanceId]);
        var incidents = await engine.QueryAsync(db => db.Incidents.AsNoTracking().Where(i => i.InstanceId == step.InstanceId).ToListAsync());
        Assert.All(incidents, i => Assert.NotNull(i.ResolvedAt));
        Assert.Contains(await engine.JournalAsync(step.InstanceId), j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "after");
        Assert.Equal(InstanceCommandOutcome.NotAllowed, (await engine.Runtime.RetryAsync(step.InstanceId, "operator")).Outcome);
    }

    [Fact]
    public async Task StartInputRefusedByAnActivity_StoresNothing_AndTellsTheCaller()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create().Activity("start", "Elsa.Start").Activity("check", "Test.RequireName").Connect("start", "Done", "check");
        await engine.PublishAsync(flow.Json);

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId)));

        Assert.Equal("Required.", refused.FieldErrors["name"]);
        Assert.Equal(0, await engine.QueryAsync(db => db.Instances.CountAsync()));
        var started = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { Input = new JsonObject { ["name"] = "Region Exempel" } });
        Assert.Equal(WorkflowStatus.Finished, started.Status);
    }

    [Fact]
    public async Task FaultActivity_FaultsTheInstanceWithItsMessage()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create().Activity("start", "Elsa.Start").Activity("fault", "Elsa.Fault", Literal("message", "No agreement")).Connect("start", "Done", "fault");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        Assert.Equal(WorkflowSubStatus.Faulted, step.SubStatus);
        Assert.Equal("No agreement", (await engine.QueryAsync(db => db.Incidents.SingleAsync(i => i.InstanceId == step.InstanceId))).Message);
    }

    [Fact]
    public async Task Cancel_WithAReason_WithdrawsEveryBookmark_AndJournalsWhoAndWhy()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = TaskFlow();
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        var result = await engine.Runtime.CancelAsync(step.InstanceId, "Customer withdrew the order", "ops@inera.se");

        Assert.Equal(InstanceCommandOutcome.Done, result.Outcome);
        var instance = await engine.InstanceAsync(step.InstanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Cancelled), (instance.Status, instance.SubStatus));
        Assert.Equal(BookmarkStatus.Withdrawn, Assert.Single(await engine.BookmarksAsync(step.InstanceId)).Status);
        var cancelled = (await engine.JournalAsync(step.InstanceId)).Single(j => j.Kind == JournalKinds.InstanceCancelled);
        Assert.Equal(("ops@inera.se", "Customer withdrew the order"), (cancelled.Actor, cancelled.Message));
        var late = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(step.IssuedTokens[0].Token), new ResumeRequest("x") { Input = new JsonObject { ["outcome"] = "Approved" } });
        Assert.Equal((ResumeOutcome.AlreadyHandled, BookmarkStatus.Withdrawn, "ops@inera.se"), (late.Outcome, late.HandledHow, late.HandledBy));
        Assert.Equal(InstanceCommandOutcome.NotAllowed, (await engine.Runtime.CancelAsync(step.InstanceId, "again", "ops")).Outcome);
    }

    [Fact]
    public async Task End_InOneBranch_WithdrawsTheOtherBranchesBookmarks()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Obj("branches", """["A","B"]"""))
            .Activity("a", "Elsa.UserTask", Literal("taskName", "A"), Obj("outcomes", """["Ok","Stop"]"""))
            .Activity("b", "Elsa.UserTask", Literal("taskName", "B"))
            .Activity("end", "Elsa.End")
            .Connect("start", "Done", "fork").Connect("fork", "A", "a").Connect("fork", "B", "b").Connect("a", "Stop", "end");
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        Assert.Equal(2, step.IssuedTokens.Count);

        await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(step.IssuedTokens.Single(t => t.ActivityId == "a").Token), new ResumeRequest("x") { Input = new JsonObject { ["outcome"] = "Stop" } });

        Assert.Equal(WorkflowStatus.Finished, (await engine.InstanceAsync(step.InstanceId)).Status);
        Assert.Equal(BookmarkStatus.Withdrawn, (await engine.BookmarksAsync(step.InstanceId)).Single(b => b.ActivityId == "b").Status);
    }

    [Fact]
    public async Task JoinWaitAny_ContinuesOnTheFirstBranch_AndWithdrawsTheOther()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Obj("branches", """["Answer","Timeout"]"""))
            .Activity("answer", "Elsa.UserTask", Literal("taskName", "Answer"))
            .Activity("timeout", "Elsa.Delay", Literal("timeSpan", "P7D"))
            .Activity("join", "Elsa.FlowJoin", Literal("mode", "WaitAny"))
            .Activity("after", "Elsa.WriteLine", Literal("text", "after"))
            .Connect("start", "Done", "fork").Connect("fork", "Answer", "answer").Connect("fork", "Timeout", "timeout")
            .Connect("answer", "Done", "join").Connect("timeout", "Done", "join").Connect("join", "Done", "after");
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        engine.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await engine.Timers.RunDueTimersAsync());

        Assert.Equal(WorkflowStatus.Finished, (await engine.InstanceAsync(step.InstanceId)).Status);
        Assert.Equal(BookmarkStatus.Withdrawn, (await engine.BookmarksAsync(step.InstanceId)).Single(b => b.ActivityId == "answer").Status);
        Assert.Single(await engine.JournalAsync(step.InstanceId), j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "after");
    }

    [Fact]
    public async Task FlowchartThatLoopsWithoutWaiting_FaultsInsteadOfSpinning()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("a", "Elsa.WriteLine", Literal("text", "a"))
            .Activity("b", "Elsa.WriteLine", Literal("text", "b"))
            .Connect("start", "Done", "a").Connect("a", "Done", "b").Connect("b", "Done", "a");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        Assert.Equal(WorkflowSubStatus.Faulted, step.SubStatus);
        Assert.Contains("loops", (await engine.QueryAsync(db => db.Incidents.SingleAsync(i => i.InstanceId == step.InstanceId))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JavaScriptThatRunsForever_IsStoppedAndBecomesAnIncident()
    {
        await using var engine = await TestEngine.StartAsync(configure: s => s.Configure<WorkflowsOptions>(o => o.JavaScript.Timeout = TimeSpan.FromMilliseconds(200)));
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "while (true) {} return true;"))
            .Connect("start", "Done", "decide");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        Assert.Equal(WorkflowSubStatus.Faulted, step.SubStatus);
        Assert.StartsWith("Script stopped", (await engine.QueryAsync(db => db.Incidents.SingleAsync(i => i.InstanceId == step.InstanceId))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JavaScriptThatExhaustsMemory_IsStoppedAndBecomesAnIncident()
    {
        await using var engine = await TestEngine.StartAsync(configure: s => s.Configure<WorkflowsOptions>(o => o.JavaScript.MemoryLimitBytes = 4 * 1024 * 1024));
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "var a = []; for (var i = 0; i < 1e7; i++) { a.push('x' + i); } return true;"))
            .Connect("start", "Done", "decide");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        Assert.Equal(WorkflowSubStatus.Faulted, step.SubStatus);
        Assert.StartsWith("Script stopped", (await engine.QueryAsync(db => db.Incidents.SingleAsync(i => i.InstanceId == step.InstanceId))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correlate_SetsTheCorrelationId_ThatEventsAreMatchedOn()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("correlate", "Elsa.Correlate", Js("correlationId", "'order-' + input.orderNumber"))
            .Activity("wait", "Elsa.Event", Literal("eventName", "Paid"))
            .Connect("start", "Done", "correlate").Connect("correlate", "Done", "wait");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { Input = new JsonObject { ["orderNumber"] = "CS1000001" } });

        Assert.Equal("order-CS1000001", (await engine.InstanceAsync(step.InstanceId)).CorrelationId);
        Assert.Single(await engine.Runtime.PublishEventAsync("Paid", "order-CS1000001", null, "payments"));
        Assert.Equal(WorkflowStatus.Finished, (await engine.InstanceAsync(step.InstanceId)).Status);
    }

    [Fact]
    public async Task SendEmail_WritesTheOutboxInTheStep_AndTheDispatcherDeliversEachOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("mail", "Elsa.SendEmail", Obj("to", """["a@region.se","b@region.se"]"""), Literal("subject", "Hej"), Js("body", "'Order ' + input.order"))
            .Connect("start", "Done", "mail");
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId) { Input = new JsonObject { ["order"] = "CS123" } });

        var queued = await engine.QueryAsync(db => db.Outbox.AsNoTracking().Where(m => m.InstanceId == step.InstanceId).ToListAsync());
        Assert.Equal(["a@region.se", "b@region.se"], queued.Select(m => m.Recipient).Order());
        Assert.All(queued, m => Assert.Equal(("Hej", "Order CS123", OutboxStatus.Pending), (m.Subject, m.Body, m.Status)));
        Assert.Equal(2, await engine.Outbox.DispatchDueAsync());
        Assert.Equal(0, await engine.Outbox.DispatchDueAsync());
        Assert.Equal(queued.Select(m => m.MessageId).Order(), engine.Mail.Sent.Select(m => m.MessageId).Order());
    }
}
