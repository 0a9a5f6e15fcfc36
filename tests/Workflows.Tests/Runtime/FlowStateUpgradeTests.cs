using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Conformance;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Runtime;

/// <summary>Instances stored before flowcharts kept tokens go on as they would have.</summary>
public sealed class FlowStateUpgradeTests
{
    [Fact]
    public async Task InstanceWhoseWaitAllJoinKeptArrivals_ContinuesWhenTheLastBranchArrives()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Obj("branches", """["A","B"]"""))
            .Activity("a", "Elsa.UserTask", Literal("taskName", "A"))
            .Activity("b", "Elsa.UserTask", Literal("taskName", "B"))
            .Activity("join", "Elsa.FlowJoin", Literal("mode", "WaitAll"))
            .Activity("after", "Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), Literal("subject", "Båda klara"))
            .Connect("start", "Done", "fork").Connect("fork", "A", "a").Connect("fork", "B", "b")
            .Connect("a", "Done", "join").Connect("b", "Done", "join").Connect("join", "Done", "after");
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        await engine.AnswerAsync(step.InstanceId, "a");

        // As the engine stored it before: no flow state, the join's arrivals among its properties.
        await engine.QueryAsync(async db =>
        {
            var instance = await db.Instances.SingleAsync(i => i.Id == step.InstanceId);
            var state = JsonNode.Parse(instance.State)!.AsObject();
            state.Remove("flow");
            state["activityState"]!["join"] = new JsonObject { ["arrivals"] = new JsonArray("a:Done->join") };
            instance.State = state.ToJsonString();
            return await db.SaveChangesAsync();
        });

        await engine.AnswerAsync(step.InstanceId, "b");

        Assert.Single(await engine.MailAsync(step.InstanceId));
        Assert.Equal(1, await engine.TimesCompletedAsync(step.InstanceId, "join"));
        await engine.AssertFinishedAsync(step.InstanceId);
    }
}
