using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Expressions;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Conformance;

/// <summary>What Elsa writes into a definition is read as Elsa reads it: both connection shapes, both duration formats, variable references as objects.</summary>
public sealed class DefinitionFormatTests
{
    private static Flow Decision() =>
        Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("decide", "Elsa.FlowDecision", Js("condition", "true"))
            .Activity("yes", "Elsa.WriteLine", Literal("text", "ja"))
            .Activity("no", "Elsa.WriteLine", Literal("text", "nej"))
            .Connect("start", "Done", "decide").Connect("decide", "True", "yes").Connect("decide", "False", "no");

    [Fact]
    public async Task Elsa30Connections_AreRead_AndWrittenBackInTheCurrentShape()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Decision();

        var step = await engine.PublishAndStartAsync(flow.JsonWithElsa30Connections, expected: flow.Document);

        Assert.Equal(["start", "decide", "yes"], await engine.CompletedAsync(step.InstanceId));
    }

    [Fact]
    public void Elsa30Connection_WithoutPorts_ReadsAsDoneToIn()
    {
        var json = Decision().Document;
        json["root"]!["connections"] = JsonNode.Parse("""[{"source":"start","target":"decide"},{"source":"decide","sourcePort":"True","target":"yes"}]""");

        var (model, errors) = WorkflowDefinitionReader.Read(json.ToJsonString());

        Assert.Empty(errors);
        Assert.Equal(["start:Done->decide", "decide:True->yes"], model!.Root.Connections.Select(c => c.Key));
        Assert.Equal("""{"activity":"start","port":"Done"}""", model.Json["root"]!["connections"]![0]!["source"]!.ToJsonString());
    }

    [Theory]
    [InlineData("3.00:00:00")]
    [InlineData("P3D")]
    public async Task Durations_InElsasFormatOrIso8601_MeanTheSame(string threeDays)
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create().Activity("start", "Elsa.Start").Activity("wait", "Elsa.Delay", Literal("timeSpan", threeDays)).Connect("start", "Done", "wait");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Equal(engine.Clock.GetUtcNow().AddDays(3), Assert.Single(await engine.ActiveBookmarksAsync(step.InstanceId)).ResumeAt);
    }

    [Fact]
    public void Durations_AreWrittenInElsasFormat()
    {
        Assert.Equal("3.00:00:00", ValueConverter.ToJson(TimeSpan.FromDays(3))!.GetValue<string>());
        Assert.Equal("00:30:00", ValueConverter.ToJson(TimeSpan.FromMinutes(30))!.GetValue<string>());
        Assert.Equal(TimeSpan.FromDays(30), ValueConverter.ParseTimeSpan("30.00:00:00"));
        Assert.Equal(TimeSpan.FromHours(4), ValueConverter.ParseTimeSpan("PT4H"));
    }

    /// <summary>Elsa's Variable expression holds the variable as Elsa stores it; a bare name is read too.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task VariableExpression_ReadsTheVariableObject_OrABareName(bool asObject)
    {
        await using var engine = await TestEngine.StartAsync();
        JsonNode reference = asObject
            ? new JsonObject { ["id"] = "subject-id", ["name"] = "subject", ["typeName"] = "String", ["isArray"] = false, ["value"] = "Ny beställning",
                ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" }
            : JsonValue.Create("subject");
        var flow = Flow.Create()
            .Variable("subject", "String", "Ny beställning")
            .Activity("start", "Elsa.Start")
            .Activity("mail", "Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), ("subject", "Variable", reference))
            .Connect("start", "Done", "mail");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Equal("Ny beställning", Assert.Single(await engine.MailAsync(step.InstanceId)).Subject);
    }

    [Fact]
    public async Task VariableExpression_NamingAnUnknownVariable_IsRefusedAtPublish()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("mail", "Elsa.SendEmail", Obj("to", """["kund@region.se"]"""), ("subject", "Variable", new JsonObject { ["id"] = "nope", ["name"] = "nope" }))
            .Connect("start", "Done", "mail");

        var refused = await Assert.ThrowsAsync<WorkflowDefinitionInvalidException>(() => engine.PublishAsync(flow.Json));

        Assert.Contains(refused.Errors, e => e.Path == "$.root.activities[1].subject.expression.value" && e.Message.Contains("'nope'"));
    }

    [Fact]
    public async Task WriteLine_WithoutText_PublishesAndRuns()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create().Activity("start", "Elsa.Start").Activity("line", "Elsa.WriteLine").Connect("start", "Done", "line");

        var step = await engine.PublishAndStartAsync(flow);

        Assert.Equal(["start", "line"], await engine.CompletedAsync(step.InstanceId));
    }
}
