using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>Elsa 3 definition JSON for tests.</summary>
public static class TestDefinitions
{
    public static string NewId(string prefix = "test") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Start → Elsa.UserTask (outcomes Godkänn / Avslå, optionally expiring) → End.</summary>
    public static JsonObject Review(string definitionId, TimeSpan? expiresIn = null)
    {
        var inputs = new List<(string, JsonNode)>
        {
            ("taskName", Literal("Granska beställningen")),
            ("outcomes", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"Godkänn\",\"Avslå\"]" } }),
        };
        if (expiresIn is { } expiry)
            inputs.Add(("expiresIn", Literal(expiry.ToString("c", System.Globalization.CultureInfo.InvariantCulture))));
        return Flowchart(definitionId,
            [Activity("start", "Elsa.Start"), Activity("review", "Elsa.UserTask", [.. inputs]), Activity("end", "Elsa.End")],
            [("start", "Done", "review"), ("review", "Godkänn", "end"), ("review", "Avslå", "end")]);
    }

    /// <summary>Start → SendEmail (subject, body with a link) → End.</summary>
    public static JsonObject Mail(string definitionId, string to, string subject, string body) => Flowchart(definitionId,
        [
            Activity("start", "Elsa.Start"),
            Activity("mail", "Elsa.SendEmail",
                ("to", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = $"[\"{to}\"]" } }),
                ("subject", Literal(subject)),
                ("body", Literal(body))),
            Activity("end", "Elsa.End"),
        ],
        [("start", "Done", "mail"), ("mail", "Done", "end")]);

    /// <summary>Start → Delay → SendEmail → End: a durable timer followed by mail.</summary>
    public static JsonObject DelayThenMail(string definitionId, TimeSpan delay, string to, string subject) => Flowchart(definitionId,
        [
            Activity("start", "Elsa.Start"),
            Activity("wait", "Elsa.Delay", ("timeSpan", Literal(delay.ToString("c", System.Globalization.CultureInfo.InvariantCulture)))),
            Activity("mail", "Elsa.SendEmail",
                ("to", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = $"[\"{to}\"]" } }),
                ("subject", Literal(subject)),
                ("body", Literal("Påminnelse."))),
            Activity("end", "Elsa.End"),
        ],
        [("start", "Done", "wait"), ("wait", "Done", "mail"), ("mail", "Done", "end")]);

    public static JsonObject Flowchart(string definitionId, JsonObject[] activities, (string Source, string Port, string Target)[] connections) => new()
    {
        ["$schema"] = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
        ["id"] = definitionId + "-1",
        ["definitionId"] = definitionId,
        ["name"] = definitionId,
        ["version"] = 1,
        ["variables"] = new JsonArray(),
        ["inputs"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
        ["isLatest"] = true,
        ["isPublished"] = false,
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["activities"] = new JsonArray([.. activities]),
            ["connections"] = new JsonArray([.. connections.Select(c => (JsonNode)new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = c.Source, ["port"] = c.Port },
                ["target"] = new JsonObject { ["activity"] = c.Target, ["port"] = "In" },
            })]),
        },
    };

    public static JsonObject Activity(string id, string type, params (string Name, JsonNode Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["name"] = id,
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } } },
        };
        foreach (var (name, value) in inputs)
            activity[name] = value;
        return activity;
    }

    public static JsonObject Literal(string value) =>
        new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
}
