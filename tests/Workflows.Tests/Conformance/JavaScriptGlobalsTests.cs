using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Tests.Support;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Conformance;

/// <summary>The functions and values Elsa's JavaScript module gives a script.</summary>
public sealed class JavaScriptGlobalsTests
{
    /// <summary>Runs <paramref name="script"/> as the value of a SetVariable into <c>result</c> and returns what it stored.</summary>
    private static async Task<(JsonNode? Result, TestEngine Engine, Guid InstanceId)> RunAsync(string script, Func<Flow, Flow>? extend = null, JsonNode? input = null)
    {
        var engine = await TestEngine.StartAsync();
        var flow = Flow.Create("js-globals")
            .Variable("Counter", "Int32", 2)
            .Variable("order_total", "Int32", 100)
            .Variable("result", "Object")
            .Input("OrderNumber")
            .Activity("start", "Elsa.Start")
            .Activity("ask", "Elsa.Event", Literal("eventName", "Svar"))
            .Raw("ask", "result", new JsonObject { ["typeName"] = "Object" })
            .Activity("run", "Elsa.SetVariable", Js("value", script))
            .Raw("run", "variable", new JsonObject { ["id"] = "result-id", ["name"] = "result" })
            .Connect("start", "Done", "ask").Connect("ask", "Done", "run");
        flow = extend?.Invoke(flow) ?? flow;
        var step = await engine.PublishAndStartAsync(flow, input, correlationId: "CS1000001");
        await engine.Runtime.PublishEventAsync("Svar", "CS1000001", new JsonObject { ["answer"] = "ja" }, "anna@region.se");
        var state = await engine.StateAsync(step.InstanceId);
        return (state.Variables["result"], engine, step.InstanceId);
    }

    [Fact]
    public async Task GeneratedAccessors_ReadAndWriteEveryVariable()
    {
        var (result, engine, id) = await RunAsync("setCounter(getCounter() + 1); setOrderTotal(getOrderTotal() * 2); return getCounter() + ':' + getOrderTotal();");
        await using var _ = engine;

        Assert.Equal("3:200", result!.GetValue<string>());
        var state = await engine.StateAsync(id);
        Assert.Equal(3, state.Variables["Counter"]!.GetValue<long>());
        Assert.Equal(200, state.Variables["order_total"]!.GetValue<long>());
    }

    [Fact]
    public async Task VariableFunctionsAndObject_SeeTheSameValues()
    {
        var (result, engine, _) = await RunAsync("setVariable('Counter', getVariable('Counter') + 5); return [variables.Counter, getCounter()].join(',');");
        await using var __ = engine;

        Assert.Equal("7,7", result!.GetValue<string>());
    }

    [Fact]
    public async Task AssignmentsToTheVariablesObject_AreKept()
    {
        var (_, engine, id) = await RunAsync("variables.Counter = 9; variables.order_total = variables.order_total + 1; return null;");
        await using var __ = engine;

        var state = await engine.StateAsync(id);
        Assert.Equal(9, state.Variables["Counter"]!.GetValue<long>());
        Assert.Equal(101, state.Variables["order_total"]!.GetValue<long>());
    }

    [Fact]
    public async Task WorkflowFunctions_TellWhichInstanceDefinitionAndCorrelation()
    {
        var (result, engine, id) = await RunAsync(
            "return [getWorkflowInstanceId() == workflowInstanceId, getWorkflowDefinitionId(), getWorkflowDefinitionVersion(), getCorrelationId(), correlationId].join('|');");
        await using var _ = engine;

        Assert.Equal("true|js-globals|1|CS1000001|CS1000001", result!.GetValue<string>());
        Assert.NotEqual(Guid.Empty, id);
    }

    [Fact]
    public async Task SetCorrelationId_ChangesTheInstancesCorrelation()
    {
        var (_, engine, id) = await RunAsync("setCorrelationId('CS2000002'); return getCorrelationId();");
        await using var __ = engine;

        Assert.Equal("CS2000002", (await engine.InstanceAsync(id)).CorrelationId);
    }

    [Fact]
    public async Task Inputs_AreReadByNameAndThroughTheirAccessor()
    {
        var (result, engine, _) = await RunAsync("return getInput('OrderNumber') + '/' + getOrderNumber() + '/' + input.OrderNumber;",
            input: new JsonObject { ["OrderNumber"] = "CS1000001" });
        await using var __ = engine;

        Assert.Equal("CS1000001/CS1000001/CS1000001", result!.GetValue<string>());
    }

    [Fact]
    public async Task ActivityOutputs_AreReadByActivityNameOrId()
    {
        var (result, engine, _) = await RunAsync("return getResultFromask().answer + getOutputFrom('ask', 'result').answer;");
        await using var __ = engine;

        Assert.Equal("jaja", result!.GetValue<string>());
    }

    [Fact]
    public async Task CommonFunctions_AreThere()
    {
        var (result, engine, _) = await RunAsync(
            "return [isNullOrWhiteSpace(' '), isNullOrEmpty(''), toJson({a: 1}), newGuidString().length, stringFromBase64(stringToBase64('åäö')), bytesToString(bytesFromString('öl'))].join('|');");
        await using var __ = engine;

        Assert.Equal("""true|true|{"a":1}|36|åäö|öl""", result!.GetValue<string>());
    }
}
