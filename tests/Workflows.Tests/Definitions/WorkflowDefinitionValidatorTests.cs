using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Definitions;

public sealed class WorkflowDefinitionValidatorTests
{
    private static readonly WorkflowDefinitionValidator Validator = CreateValidator();

    private static WorkflowDefinitionValidator CreateValidator()
    {
        var registry = new ActivityRegistry();
        registry.RegisterAssembly(typeof(Activities.Start).Assembly);
        return new WorkflowDefinitionValidator(registry);
    }

    private static Flow Valid() => Flow.Create()
        .Activity("start", "Elsa.Start")
        .Activity("write", "Elsa.WriteLine", Literal("text", "Hello"))
        .Connect("start", "Done", "write");

    private static ValidationError Single(Flow flow) => Assert.Single(Validator.Validate(flow.Json));

    [Fact]
    public void Validate_AValidFlowchart_HasNoErrors() => Assert.Empty(Validator.Validate(Valid().Json));

    [Theory]
    [InlineData("Fixtures/fork-three-branches.json")]
    [InlineData("Fixtures/timer-then-writeline.json")]
    public void Validate_ElsaExports_HaveNoErrors(string file) => Assert.Empty(Validator.Validate(File.ReadAllText(file)));

    [Fact]
    public void Validate_UnknownActivityType_NamesItAndItsPath()
    {
        var error = Single(Valid().Activity("x", "Acme.Teleport").Connect("write", "Done", "x"));
        Assert.Equal(("$.root.activities[2].type", "x"), (error.Path, error.ActivityId));
        Assert.Contains("'Acme.Teleport'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingRequiredInput_NamesTheInput()
    {
        var error = Single(Valid().Activity("d", "Elsa.Delay").Connect("write", "Done", "d"));
        Assert.Equal(("$.root.activities[2].timeSpan", "timeSpan"), (error.Path, error.Input));
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WrongInputType_SaysWhatWasExpected()
    {
        var error = Single(Valid().Activity("d", "Elsa.Delay", Literal("timeSpan", "soon")).Connect("write", "Done", "d"));
        Assert.Equal("$.root.activities[2].timeSpan.expression.value", error.Path);
        Assert.Contains("expects TimeSpan; 'soon'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JavaScriptSyntaxError_IsReportedOnTheInput()
    {
        var error = Single(Valid().Activity("d", "Elsa.FlowDecision", Js("condition", "return (1 +;")).Connect("write", "Done", "d"));
        Assert.Equal("$.root.activities[2].condition.expression.value", error.Path);
        Assert.Contains("syntax", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnsupportedExpressionType_IsAnError()
    {
        var error = Single(Valid().Activity("w2", "Elsa.WriteLine", ("text", "CSharp", JsonValue.Create("\"x\""))).Connect("write", "Done", "w2"));
        Assert.Equal("$.root.activities[2].text.expression.type", error.Path);
    }

    [Fact]
    public void Validate_DanglingConnection_PointsAtTheMissingEnd()
    {
        var error = Single(Valid().Connect("write", "Done", "ghost"));
        Assert.Equal("$.root.connections[1].target.activity", error.Path);
        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownPort_ListsTheActivitysOutcomes()
    {
        var error = Single(Valid().Activity("w2", "Elsa.WriteLine", Literal("text", "b")).Connect("write", "Maybe", "w2"));
        Assert.Equal("$.root.connections[1].source.port", error.Path);
        Assert.Contains("its outcomes are: Done", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ForkPorts_ComeFromItsBranches()
    {
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Obj("branches", """["A","B"]"""))
            .Activity("a", "Elsa.WriteLine", Literal("text", "a"))
            .Activity("c", "Elsa.WriteLine", Literal("text", "c"))
            .Connect("start", "Done", "fork").Connect("fork", "A", "a").Connect("fork", "C", "c");
        var error = Single(flow);
        Assert.Equal("$.root.connections[2].source.port", error.Path);
        Assert.Contains("A, B", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnreachableActivity_IsNamed()
    {
        var error = Single(Valid().Activity("island", "Elsa.WriteLine", Literal("text", "alone")));
        Assert.Equal(("$.root.activities[2]", "island"), (error.Path, error.ActivityId));
        Assert.Contains("cannot be reached from the start 'start'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoStart_IsAnError()
    {
        var flow = Flow.Create()
            .Activity("a", "Elsa.WriteLine", Literal("text", "a"))
            .Activity("b", "Elsa.WriteLine", Literal("text", "b"))
            .Connect("a", "Done", "b").Connect("b", "Done", "a");
        var error = Single(flow);
        Assert.Equal("$.root.activities", error.Path);
        Assert.Contains("no start", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"definitionId":"x","root":{"type":"Elsa.Sequence","activities":[]}}""", "must be an Elsa.Flowchart")]
    [InlineData("""{"root":{"type":"Elsa.Flowchart","activities":[]}}""", "'definitionId' is required")]
    public void Validate_MalformedDocument_SaysWhy(string json, string expected) =>
        Assert.Contains(Validator.Validate(json), e => e.Message.Contains(expected, StringComparison.Ordinal));
}
