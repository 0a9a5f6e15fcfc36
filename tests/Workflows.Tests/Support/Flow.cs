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
        Find(id)[property] = value;
        return this;
    }

    /// <summary>Sets Elsa's <c>customProperties.mergeMode</c> of an activity (Stream, Merge, Converge, ...).</summary>
    public Flow MergeMode(string id, string mode)
    {
        var activity = Find(id);
        var properties = activity["customProperties"] as JsonObject ?? new JsonObject();
        properties["mergeMode"] = mode;
        activity["customProperties"] = properties;
        return this;
    }

    /// <summary>Gives a container (ForEach, ParallelForEach, FlowNode) its body: a nested flowchart built like this one.</summary>
    public Flow Body(string id, Func<Flow, Flow> build)
    {
        var body = build(new Flow(DefinitionId));
        var flowchart = (JsonObject)body._doc["root"]!.DeepClone();
        flowchart["id"] = id + "-body";
        Find(id)["body"] = flowchart;
        return this;
    }

    /// <summary>Adds a workflow input definition (Elsa's <c>inputs</c>).</summary>
    public Flow Input(string name, string typeName = "String")
    {
        ((JsonArray)_doc["inputs"]!).Add(new JsonObject { ["name"] = name, ["typeName"] = typeName });
        return this;
    }

    private JsonObject Find(string id) => _activities.OfType<JsonObject>().Single(a => a["id"]!.GetValue<string>() == id);

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

    public JsonObject Document => (JsonObject)_doc.DeepClone();

    /// <summary>The same definition with Elsa 3.0's flat connections (<c>source</c>, <c>sourcePort</c>, <c>target</c>, <c>targetPort</c>).</summary>
    public string JsonWithElsa30Connections
    {
        get
        {
            var doc = Document;
            var connections = (JsonArray)doc["root"]!["connections"]!;
            for (var i = 0; i < connections.Count; i++)
            {
                var c = connections[i]!;
                connections[i] = new JsonObject
                {
                    ["source"] = c["source"]!["activity"]!.GetValue<string>(),
                    ["sourcePort"] = c["source"]!["port"]!.GetValue<string>(),
                    ["target"] = c["target"]!["activity"]!.GetValue<string>(),
                    ["targetPort"] = c["target"]!["port"]!.GetValue<string>(),
                };
            }
            return doc.ToJsonString();
        }
    }

    public static (string, string, JsonNode?) Literal(string name, string value) => (name, "Literal", JsonValue.Create(value));
    public static (string, string, JsonNode?) Js(string name, string code) => (name, "JavaScript", JsonValue.Create(code));
    public static (string, string, JsonNode?) Obj(string name, string json) => (name, "Object", JsonValue.Create(json));
}
