using System.Text.Json.Nodes;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Http;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Workflows.Tests.Http;

/// <summary>
/// SendHttpRequest and FlowSendHttpRequest against a stand-in server on real Kestrel, on real PostgreSQL: the call is
/// made by the due-work processor outside any step, failures become incidents whose retry calls again, and two nodes
/// make one call.
/// </summary>
public sealed class OutgoingHttpRequestTests
{
    private static string Call(string type, bool handleFailures, JsonNode? embedded = null) =>
        WithFailurePorts(Flow.Create()
            .Variable("Url").Variable("Branch")
            .Activity("start", "Elsa.Start")
            .Activity("call", type, Flow.Js("url", "variables.Url"))
            .Raw("call", "expectedStatusCodes", type == "Elsa.FlowSendHttpRequest"
                ? new JsonObject { ["typeName"] = "Int32[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[200]" } }
                : new JsonArray(new JsonObject { ["statusCode"] = 200, ["activity"] = embedded }))
            .Activity("ok", "Elsa.SetVariable", Flow.Literal("value", "ok"))
            .Raw("ok", "variable", new JsonObject { ["id"] = "Branch-id", ["name"] = "Branch" })
            .Connect("start", "Done", "call")
            .Connect("call", type == "Elsa.FlowSendHttpRequest" ? "200" : "Done", "ok"), handleFailures).Json;

    private static Flow WithFailurePorts(Flow flow, bool handle) => !handle ? flow : flow
        .Activity("unreachable", "Elsa.SetVariable", Flow.Literal("value", "unreachable"))
        .Raw("unreachable", "variable", new JsonObject { ["id"] = "Branch-id", ["name"] = "Branch" })
        .Connect("call", "Failed to connect", "unreachable");

    [Fact]
    public async Task FailedToConnect_WithoutAPortForIt_IsAnIncident_AndRetryCallsAgain()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.PublishAsync(Call("Elsa.FlowSendHttpRequest", handleFailures: false));
        var port = FreePort.Next();
        var step = await StartAsync(engine, id, $"http://127.0.0.1:{port}/ok");

        await engine.Timers.RunDueTimersAsync();

        var faulted = await engine.InstanceAsync(step.InstanceId);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        var incident = await engine.QueryAsync(db => db.Incidents.AsNoTracking().SingleAsync(i => i.InstanceId == step.InstanceId));
        Assert.StartsWith("Failed to connect", incident.Message, StringComparison.Ordinal);

        await using var other = await StandInServer.StartAsync(port);
        await engine.Runtime.RetryAsync(step.InstanceId, "operatör");
        await engine.Timers.RunDueTimersAsync();

        var finished = await engine.InstanceAsync(step.InstanceId);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal("ok", ExecutionState.Deserialise(finished.State).Variables["Branch"]!.GetValue<string>());
        Assert.Equal(["/ok"], other.Seen);
    }

    [Fact]
    public async Task FailedToConnect_WithAPortForIt_TakesThatPort()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.PublishAsync(Call("Elsa.FlowSendHttpRequest", handleFailures: true));
        var step = await StartAsync(engine, id, $"http://127.0.0.1:{FreePort.Next()}/ok");

        await engine.Timers.RunDueTimersAsync();

        var finished = await engine.InstanceAsync(step.InstanceId);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal("unreachable", ExecutionState.Deserialise(finished.State).Variables["Branch"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendHttpRequest_NoAnswerWithinTheTimeout_IsAnIncident()
    {
        await using var other = await StandInServer.StartAsync();
        await using var engine = await TestEngine.StartAsync(configure: s => s.Configure<HttpActivityOptions>(o => o.Timeout = TimeSpan.FromSeconds(30)));
        var id = await engine.PublishAsync(Call("Elsa.SendHttpRequest", handleFailures: false));
        var step = await StartAsync(engine, id, new Uri(other.BaseAddress, "/slow").ToString());

        var due = engine.Timers.RunDueTimersAsync();
        await other.SlowReached.WaitAsync(TimeSpan.FromSeconds(30));
        engine.Clock.Advance(TimeSpan.FromSeconds(31));
        await due.WaitAsync(TimeSpan.FromSeconds(30));

        var faulted = await engine.InstanceAsync(step.InstanceId);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        var incident = await engine.QueryAsync(db => db.Incidents.AsNoTracking().SingleAsync(i => i.InstanceId == step.InstanceId));
        Assert.StartsWith("Timeout", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoNodes_RunningTheSameDueCall_MakeItOnce_AndResumeOnce()
    {
        await using var other = await StandInServer.StartAsync();
        var clock = TestEngine.NewClock();
        await using var a = await TestEngine.StartAsync(clock: clock);
        await using var b = await TestEngine.StartAsync(a.Database, clock);
        var id = await a.PublishAsync(Call("Elsa.FlowSendHttpRequest", handleFailures: false));
        var step = await StartAsync(a, id, new Uri(other.BaseAddress, "/gate").ToString());

        // While one node's call is under way, the others find the call claimed: they neither call nor wait for it.
        var first = a.Timers.RunDueTimersAsync();
        await other.GateReached.WaitAsync(TimeSpan.FromSeconds(30));
        var others = await Task.WhenAll(b.Timers.RunDueTimersAsync(), a.Timers.RunDueTimersAsync(), b.Timers.RunDueTimersAsync()).WaitAsync(TimeSpan.FromSeconds(10));
        other.OpenGate();
        Assert.Equal(1, await first);

        Assert.Equal([0, 0, 0], others);
        Assert.Equal(["/gate"], other.Seen);
        Assert.Equal(WorkflowSubStatus.Finished, (await a.InstanceAsync(step.InstanceId)).SubStatus);
        var journal = await a.JournalAsync(step.InstanceId);
        Assert.Single(journal, j => j.Kind == JournalKinds.BookmarkResumed);
        // The request (which may hold credentials) is not kept once the answer came.
        var state = ExecutionState.Deserialise((await a.InstanceAsync(step.InstanceId)).State);
        Assert.Null(state.ActivityState["call"][OutgoingHttpRequest.PropertyName]);
    }

    [Fact]
    public async Task SendHttpRequest_WithAnActivityEmbeddedForAStatusCode_IsRefusedAtPublish()
    {
        await using var engine = await TestEngine.StartAsync();
        var json = Call("Elsa.SendHttpRequest", handleFailures: false, embedded: new JsonObject { ["id"] = "nested", ["type"] = "Elsa.WriteLine" });

        var refused = await Assert.ThrowsAsync<Workflows.Definitions.WorkflowDefinitionInvalidException>(() => engine.PublishAsync(json));

        Assert.Contains(refused.Errors, e => e.Path.EndsWith(".expectedStatusCodes", StringComparison.Ordinal) && e.Message.Contains("Elsa.FlowSendHttpRequest", StringComparison.Ordinal));
    }

    private static Task<StepResult> StartAsync(TestEngine engine, string definitionId, string url) =>
        engine.Runtime.StartAsync(new StartWorkflowRequest(definitionId) { Variables = new Dictionary<string, object?> { ["Url"] = url } });
}
