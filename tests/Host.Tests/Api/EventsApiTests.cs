using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Api;

/// <summary><c>POST /elsa/api/events/{eventName}/trigger</c>: raises an event for the workflows waiting on it (Elsa.Event), as Elsa's API does.</summary>
public sealed class EventsApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private readonly KundportalHost _host = fixture.Host;
    private readonly HttpClient _staff = fixture.Host.Staff();

    /// <summary>Start → Elsa.Event (<paramref name="eventName"/>, its payload into the variable <c>answer</c>) → End.</summary>
    private async Task<string> PublishWaitForEventAsync(string eventName)
    {
        var id = TestDefinitions.NewId("event");
        var definition = TestDefinitions.Flowchart(id,
            [
                TestDefinitions.Activity("start", "Elsa.Start"),
                TestDefinitions.Activity("wait", "Elsa.Event", ("eventName", TestDefinitions.Literal(eventName)),
                    ("result", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "answer" } })),
                TestDefinitions.Activity("end", "Elsa.End"),
            ],
            [("start", "Done", "wait"), ("wait", "Done", "end")]);
        definition["variables"] = new JsonArray(new JsonObject { ["id"] = "answer", ["name"] = "answer", ["typeName"] = "Object" });
        await (await _staff.PostJsonAsync("/elsa/api/workflow-definitions", definition)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await _staff.PostAsync($"/elsa/api/workflow-definitions/{id}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);
        return id;
    }

    private async Task<WorkflowInstanceRecord> InstanceAsync(Guid id)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    [Fact]
    public async Task Trigger_WithCorrelationId_ResumesOnlyThatWorkflow_WithTheInputAsPayload()
    {
        var eventName = "AvtalSignerat-" + Guid.NewGuid().ToString("N")[..6];
        var id = await PublishWaitForEventAsync(eventName);
        var mine = await _host.StartAsync(id, correlationId: "CS1000001");
        var other = await _host.StartAsync(id, correlationId: "CS1000002");

        var answer = await (await _staff.PostJsonAsync($"/elsa/api/events/{eventName}/trigger",
            new JsonObject { ["correlationId"] = "CS1000001", ["input"] = new JsonObject { ["signedBy"] = "Eva Ek" } })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(mine.InstanceId.ToString(), Assert.Single(answer["resumed"]!.AsArray())!.GetValue<string>());
        var finished = await InstanceAsync(mine.InstanceId);
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
        Assert.Equal("Eva Ek", ExecutionState.Deserialise(finished.State).Variables["answer"]!["signedBy"]!.GetValue<string>());
        Assert.Equal(WorkflowSubStatus.Suspended, (await InstanceAsync(other.InstanceId)).SubStatus);
    }

    [Fact]
    public async Task Trigger_ForOneInstance_LeavesTheOthersWaiting()
    {
        var eventName = "RollerÄndrade-" + Guid.NewGuid().ToString("N")[..6];
        var id = await PublishWaitForEventAsync(eventName);
        var first = await _host.StartAsync(id);
        var second = await _host.StartAsync(id);

        await (await _staff.PostJsonAsync($"/elsa/api/events/{Uri.EscapeDataString(eventName)}/trigger",
            new JsonObject { ["workflowInstanceId"] = second.InstanceId.ToString(), ["payload"] = new JsonObject { ["n"] = 1 } })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(WorkflowSubStatus.Suspended, (await InstanceAsync(first.InstanceId)).SubStatus);
        Assert.Equal(WorkflowStatus.Finished, (await InstanceAsync(second.InstanceId)).Status);
    }

    [Fact]
    public async Task Trigger_WithoutBody_ResumesEveryWorkflowWaitingOnTheEvent_AndASecondTriggerFindsNone()
    {
        var eventName = "Tick-" + Guid.NewGuid().ToString("N")[..6];
        var id = await PublishWaitForEventAsync(eventName);
        var a = await _host.StartAsync(id, correlationId: "A");
        var b = await _host.StartAsync(id, correlationId: "B");

        var answer = await (await _staff.PostAsync($"/elsa/api/events/{eventName}/trigger", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, answer["resumed"]!.AsArray().Count);
        Assert.Equal(WorkflowStatus.Finished, (await InstanceAsync(a.InstanceId)).Status);
        Assert.Equal(WorkflowStatus.Finished, (await InstanceAsync(b.InstanceId)).Status);

        var again = await (await _staff.PostAsync($"/elsa/api/events/{eventName}/trigger", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(again["resumed"]!.AsArray());
    }

    [Fact]
    public async Task Trigger_StartsTheWorkflowsThatHaveTheEventAsTrigger_CorrelatedAndWithThePayload()
    {
        var eventName = "AnsökanInkommen-" + Guid.NewGuid().ToString("N")[..6];
        var id = TestDefinitions.NewId("trigger");
        var trigger = TestDefinitions.Activity("received", "Elsa.Event", ("eventName", TestDefinitions.Literal(eventName)),
            ("result", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "answer" } }));
        trigger["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        var definition = TestDefinitions.Flowchart(id, [trigger, TestDefinitions.Activity("end", "Elsa.End")], [("received", "Done", "end")]);
        definition["variables"] = new JsonArray(new JsonObject { ["id"] = "answer", ["name"] = "answer", ["typeName"] = "Object" });
        await (await _staff.PostJsonAsync("/elsa/api/workflow-definitions", definition)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await _staff.PostAsync($"/elsa/api/workflow-definitions/{id}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);

        var answer = await (await _staff.PostJsonAsync($"/elsa/api/events/{eventName}/trigger",
            new JsonObject { ["correlationId"] = "CS1000009", ["input"] = new JsonObject { ["organisation"] = "Region Exempel" } })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Empty(answer["resumed"]!.AsArray());
        var started = await InstanceAsync(Guid.Parse(Assert.Single(answer["started"]!.AsArray())!.GetValue<string>()));
        Assert.Equal((id, "CS1000009", WorkflowStatus.Finished), (started.DefinitionId, started.CorrelationId, started.Status));
        Assert.Equal("Region Exempel", ExecutionState.Deserialise(started.State).Variables["answer"]!["organisation"]!.GetValue<string>());

        var forOneInstance = await (await _staff.PostJsonAsync($"/elsa/api/events/{eventName}/trigger",
            new JsonObject { ["workflowInstanceId"] = started.Id.ToString() })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(forOneInstance["started"]!.AsArray());
    }

    [Fact]
    public async Task Trigger_IsAuthorisedLikeTheRestOfTheApi()
    {
        var eventName = "Hemlig-" + Guid.NewGuid().ToString("N")[..6];
        var id = await PublishWaitForEventAsync(eventName);
        var waiting = await _host.StartAsync(id);

        await (await _host.Anonymous().PostAsync($"/elsa/api/events/{eventName}/trigger", null)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await _host.WithKey(KundportalHost.CustomerKey).PostAsync($"/elsa/api/events/{eventName}/trigger", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(WorkflowSubStatus.Suspended, (await InstanceAsync(waiting.InstanceId)).SubStatus);
    }

    [Fact]
    public async Task Trigger_WithAnInstanceIdThatIsNotOne_Is400()
    {
        var problem = await (await _staff.PostJsonAsync("/elsa/api/events/x/trigger", new JsonObject { ["workflowInstanceId"] = "nej" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("$.workflowInstanceId", problem["errors"]!.AsObject().Select(e => e.Key));
    }
}
