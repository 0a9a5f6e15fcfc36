using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Browser.Tests.Support;

/// <summary>A small review process (start, a log line, a user task, end) for the tests of the instance view.</summary>
public static class ReviewProcess
{
    /// <summary>Publishes a small review definition and starts it in-process; it waits at its user task.</summary>
    public static async Task<string> StartWaitingInstanceAsync(DesignerHost host) => (await StartWaitingAsync(host)).InstanceId;

    /// <summary>As <see cref="StartWaitingInstanceAsync"/>, with the new definition's id.</summary>
    public static async Task<(string DefinitionId, string InstanceId)> StartWaitingAsync(DesignerHost host)
    {
        var definitionId = $"review-{Guid.NewGuid():N}"[..20];
        using var staff = host.Staff();
        var response = await staff.PostAsync("/elsa/api/workflow-definitions/import?publish=true",
            new StringContent(ReviewDefinition(definitionId).ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var step = await host.Services.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest(definitionId) { CorrelationId = "CS1001" });
        return (definitionId, step.InstanceId.ToString());
    }

    private static JsonObject ReviewDefinition(string definitionId) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = "Granskning",
        ["version"] = 1,
        ["isPublished"] = true,
        ["variables"] = new JsonArray(),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["id"] = "flowchart",
            ["activities"] = new JsonArray(
                Activity("start", "Elsa.Start", "Start", 0),
                Activity("note", "Elsa.WriteLine", "Skriv i loggen", 260, ("text", Literal("Granskning startad"))),
                Activity("review", "Elsa.UserTask", "Granska beställningen", 520,
                    ("taskName", Literal("Granska")),
                    ("outcomes", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"Godkänn\",\"Avslå\"]" } })),
                Activity("end", "Elsa.End", "Klar", 800)),
            ["connections"] = new JsonArray(Connection("start", "Done", "note"), Connection("note", "Done", "review"), Connection("review", "Godkänn", "end"), Connection("review", "Avslå", "end")),
        },
    };

    private static JsonObject Activity(string id, string type, string displayText, int x, params (string Name, JsonNode Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["metadata"] = new JsonObject { ["displayText"] = displayText, ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = x, ["y"] = 0 } } },
        };
        foreach (var (name, value) in inputs)
            activity[name] = value;
        return activity;
    }

    private static JsonObject Literal(string value) => new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };

    private static JsonObject Connection(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };
}
