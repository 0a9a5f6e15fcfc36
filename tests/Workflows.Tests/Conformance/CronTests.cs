using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Conformance;

/// <summary>Elsa.Cron waits for the next occurrence of its expression with a durable timer: a bookmark with a resume time in the database.</summary>
public sealed class CronTests
{
    [Fact]
    public async Task Cron_WaitsForTheNextOccurrence_AndFiresOnceAfterARestart()
    {
        var database = await TestEngine.NewDatabaseAsync();
        var clock = TestEngine.NewClock();
        clock.Advance(TimeSpan.FromMinutes(20));
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("hourly", "Elsa.Cron", Literal("cronExpression", "0 0 * * * *"))
            .Activity("report", "Elsa.SendEmail", Obj("to", """["drift@inera.se"]"""), Literal("subject", "Timrapport"))
            .Connect("start", "Done", "hourly").Connect("hourly", "Done", "report");

        Guid instanceId;
        await using (var before = await TestEngine.StartAsync(database, clock))
        {
            var step = await before.PublishAndStartAsync(flow);
            instanceId = step.InstanceId;
            var timer = Assert.Single(await before.ActiveBookmarksAsync(instanceId));
            Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), timer.ResumeAt);
            clock.Advance(TimeSpan.FromMinutes(39));
            Assert.Equal(0, await before.Timers.RunDueTimersAsync());
        }

        clock.Advance(TimeSpan.FromHours(3));
        await using var after = await TestEngine.StartAsync(database, clock);
        Assert.Equal(1, await after.Timers.RunDueTimersAsync());
        Assert.Equal(0, await after.Timers.RunDueTimersAsync());

        Assert.Single(await after.MailAsync(instanceId));
        await after.AssertFinishedAsync(instanceId);
    }

    /// <summary>A loop around a cron fires once per occurrence it waits for; occurrences missed while nothing ran are not made up.</summary>
    [Fact]
    public async Task CronInALoop_FiresOncePerOccurrence_AndDoesNotMakeUpMissedOnes()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Variable("runs", "Int32", 0)
            .Activity("start", "Elsa.Start")
            .Activity("tick", "Elsa.Cron", Literal("cronExpression", "*/15 * * * *"))
            .Activity("count", "Elsa.SetVariable", Js("value", "variables.runs + 1"))
            .Raw("count", "variable", new JsonObject { ["id"] = "runs-id", ["name"] = "runs" })
            .Activity("again", "Elsa.FlowDecision", Js("condition", "variables.runs < 3"))
            .Connect("start", "Done", "tick").Connect("tick", "Done", "count").Connect("count", "Done", "again").Connect("again", "True", "tick");

        var step = await engine.PublishAndStartAsync(flow);
        Assert.Equal(engine.Clock.GetUtcNow().AddMinutes(15), Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId)).ResumeAt);

        engine.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(1, await engine.Timers.RunDueTimersAsync());
        Assert.Equal(0, await engine.Timers.RunDueTimersAsync());
        Assert.Equal(engine.Clock.GetUtcNow().AddMinutes(15), Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId)).ResumeAt);

        engine.Clock.Advance(TimeSpan.FromMinutes(65));
        Assert.Equal(1, await engine.Timers.RunDueTimersAsync());
        Assert.Equal(0, await engine.Timers.RunDueTimersAsync());
        Assert.Equal(2, (await engine.StateAsync(step.InstanceId)).Variables["runs"]!.GetValue<long>());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero), Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId)).ResumeAt);
    }

    [Fact]
    public async Task Cron_WithAnExpressionThatIsNotCron_IsRefusedAtPublish()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create().Activity("start", "Elsa.Start").Activity("tick", "Elsa.Cron", Literal("cronExpression", "every hour"))
            .Connect("start", "Done", "tick");

        var refused = await Assert.ThrowsAsync<WorkflowDefinitionInvalidException>(() => engine.PublishAsync(flow.Json));

        Assert.Contains(refused.Errors, e => e.Path == "$.root.activities[1].cronExpression");
    }
}
