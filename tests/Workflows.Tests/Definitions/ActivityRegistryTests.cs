using System.Text.Json;
using Elsa.Kundportal.Workflows.Descriptors;

namespace Elsa.Kundportal.Workflows.Tests.Definitions;

public sealed class ActivityRegistryTests
{
    private static ActivityRegistry Registry()
    {
        var registry = new ActivityRegistry();
        registry.RegisterAssembly(typeof(Activities.Start).Assembly);
        return registry;
    }

    [Fact]
    public void Registry_ListsEveryBuiltInWithElsasTypeNames()
    {
        var names = Registry().Descriptors.Select(d => d.TypeName).ToHashSet();
        string[] expected = ["Elsa.Start", "Elsa.End", "Elsa.Complete", "Elsa.WriteLine", "Elsa.SetVariable", "Elsa.FlowDecision", "Elsa.FlowSwitch",
            "Elsa.FlowFork", "Elsa.FlowJoin", "Elsa.Delay", "Elsa.Timer", "Elsa.Event", "Elsa.Correlate", "Elsa.Fault", "Elsa.SendEmail", "Elsa.UserTask",
            "Elsa.ForEach", "Elsa.ParallelForEach", "Elsa.FlowNode", "Elsa.Cron"];
        Assert.Subset(names, expected.ToHashSet());
    }

    [Fact]
    public void Descriptor_DescribesInputsOutputsAndOutcomesForTheDesigner()
    {
        var registry = Registry();
        var decision = registry.Find("Elsa.FlowDecision")!;
        Assert.Equal(["True", "False"], decision.Outcomes);
        Assert.All(decision.Ports, p => Assert.Equal(("Flow", true), (p.Type, p.IsBrowsable)));
        var condition = Assert.Single(decision.Inputs);
        Assert.Equal(("condition", "Boolean", true, "code-editor", "JavaScript"), (condition.Name, condition.TypeName, condition.IsRequired, condition.UIHint, condition.DefaultSyntax));

        var join = registry.Find("Elsa.FlowJoin")!;
        var mode = Assert.Single(join.Inputs);
        Assert.Equal(["WaitAny", "WaitAll", "WaitAllActive"], mode.Options!);
        Assert.Equal("WaitAny", mode.DefaultValue!.GetValue<string>());
        Assert.Equal("dropdown", mode.UIHint);
        var items = mode.UISpecifications!["dropdown"]!["selectList"]!["items"]!.AsArray();
        Assert.Equal(["WaitAny", "WaitAll", "WaitAllActive"], items.Select(i => i!["value"]!.GetValue<string>()));

        var delay = registry.Find("Elsa.Delay")!;
        Assert.Equal(("TimeSpan", "singleline", "Action", true), (delay.Inputs.Single().TypeName, delay.Inputs.Single().UIHint, delay.Kind, delay.Waits));
        Assert.Equal("Trigger", registry.Find("Elsa.Timer")!.Kind);
        Assert.Equal("Task", registry.Find("Elsa.UserTask")!.Kind);
        Assert.Equal("Action", registry.Find("Elsa.WriteLine")!.Kind);

        var evt = registry.Find("Elsa.Event")!;
        Assert.Equal(("result", "Object"), (evt.Outputs.Single().Name, evt.Outputs.Single().TypeName));
        Assert.True(registry.Find("Elsa.FlowFork")!.HasDynamicOutcomes);
        Assert.Equal("dynamic-outcomes", registry.Find("Elsa.FlowFork")!.Inputs.Single().UIHint);
        Assert.Empty(registry.Find("Elsa.End")!.Outcomes);
        Assert.True(registry.Find("Elsa.End")!.IsTerminal);
        Assert.False(registry.Find("Elsa.FlowFork")!.IsTerminal);
        Assert.True(registry.Find("Elsa.Start")!.IsStart);
    }

    [Fact]
    public void Descriptors_IncludeTheFlowchartAsANonBrowsableContainer()
    {
        var flowchart = Assert.Single(Registry().Descriptors, d => d.TypeName == "Elsa.Flowchart");

        Assert.Equal((true, false), (flowchart.IsContainer, flowchart.IsBrowsable));
        Assert.Null(Registry().Find("Elsa.Flowchart"));
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Descriptor_SerialisesWithoutClrDetails()
    {
        var json = JsonSerializer.Serialize(Registry().Find("Elsa.WriteLine"), Web);
        Assert.Contains("\"typeName\":\"Elsa.WriteLine\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("clrType", json, StringComparison.OrdinalIgnoreCase);
    }
}
