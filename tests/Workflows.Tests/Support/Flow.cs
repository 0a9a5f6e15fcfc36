using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Tests.Support;

/// <summary>Writes Elsa 3 definition JSON for tests, so each test shows its flowchart in a few lines.</summary>
public sealed class Flow
{
    private readonly JsonObject _doc;
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];

    private Flow(string definitionId)
    {
        _doc = new JsonObject
        {
            ["$schema"] = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
            ["id"] = definitionId + "-v1",
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["version"] = 1,
            ["variables"] = _variables,
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["isLatest"] = true,
            ["isPublished"] = true,
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["id"] = "root",
                ["activities"] = _activities,
                ["connections"] = _connections,
            },
        };
    }

    public static Flow Create(string? definitionId = null) => new(definitionId ?? "test-" + Guid.NewGuid().ToString("N")[..8]);

    public string DefinitionId => _doc["definitionId"]!.GetValue<string>();

    /// <summary>Sets one of the definition's Elsa options (e.g. <c>activationStrategyType</c>).</summary>
    public Flow Option(string name, JsonNode? value)
    {
        ((JsonObject)(_doc["options"] ??= new JsonObject()))[name] = value;
        return this;
    }

    public Flow Variable(string name, string typeName = "Object", JsonNode? value = null)
    {
        _variables.Add(new JsonObject { ["id"] = name + "-id", ["name"] = name, ["typeName"] = typeName, ["value"] = value });
        return this;
    }

    /// <summary>Adds an activity; inputs are (name, expression type, value) triples.</summary>
    public Flow Activity(string id, string type, params (string Name, string ExpressionType, JsonNode? Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["name"] = id,
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = _activities.Count * 200, ["y"] = 0 } } },
        };
        foreach (var (name, expressionType, value) in inputs)
            activity[name] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value } };
        _activities.Add(activity);
        return this;
    }

    public Flow Raw(string id, string property, JsonNode value)
    {
        var activity = _activities.OfType<JsonObject>().Single(a => a["id"]!.GetValue<string>() == id);
        activity[property] = value;
        return this;
    }

    public Flow Connect(string source, string port, string target)
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        });
        return this;
    }

    public string Json => _doc.ToJsonString();

    public static (string, string, JsonNode?) Literal(string name, string value) => (name, "Literal", JsonValue.Create(value));
    public static (string, string, JsonNode?) Js(string name, string code) => (name, "JavaScript", JsonValue.Create(code));
    public static (string, string, JsonNode?) Obj(string name, string json) => (name, "Object", JsonValue.Create(json));
}
