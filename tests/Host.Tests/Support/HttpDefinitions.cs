using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>Elsa 3 definitions with the Elsa.Http activities, shaped as Elsa Studio exports them (published on import).</summary>
public static class HttpDefinitions
{
    /// <summary>HttpEndpoint <c>{prefix}/orders/{id}</c> (POST, anonymous) starts the workflow → WriteHttpResponse 201 echoing the route value and the body.</summary>
    public static JsonObject OrderReceipt(string definitionId, string prefix) => Published(TestDefinitions.Flowchart(definitionId,
        [
            WithStart(Endpoint("receive", $"{prefix}/orders/{{id}}", ["POST"], authorize: false)),
            TestDefinitions.Activity("respond", "Elsa.WriteHttpResponse",
                ("statusCode", new JsonObject { ["typeName"] = "System.Net.HttpStatusCode, System.Net.Primitives", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "Created" } }),
                ("content", Script("({ order: variables.Route.id, amount: variables.Body.amount })")),
                ("contentType", TestDefinitions.Literal("application/json")),
                ("responseHeaders", new JsonObject { ["typeName"] = "HttpHeaders", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "{\"X-Order-Source\":[\"workflow\"]}" } })),
        ],
        [("receive", "Done", "respond")]), ["Route", "Body"]);

    /// <summary>Start → HttpEndpoint <c>{prefix}/approvals/{id}</c> (POST, authenticated) → WriteHttpResponse "Godkänd {id}" → End.</summary>
    public static JsonObject Approval(string definitionId, string prefix) => Published(TestDefinitions.Flowchart(definitionId,
        [
            TestDefinitions.Activity("start", "Elsa.Start"),
            Endpoint("approve", $"{prefix}/approvals/{{id}}", ["POST"], authorize: true),
            TestDefinitions.Activity("respond", "Elsa.WriteHttpResponse", ("content", Script("'Godkänd ' + variables.Route.id"))),
            TestDefinitions.Activity("end", "Elsa.End"),
        ],
        [("start", "Done", "approve"), ("approve", "Done", "respond"), ("respond", "Done", "end")]), ["Route", "Body"]);

    /// <summary>
    /// Start → FlowSendHttpRequest GET <c>variables.Url</c> (expected 200 and 404, the instance id in a header) → one
    /// SetVariable per port: "200", "404", "Timeout" (each sets Branch).
    /// </summary>
    public static JsonObject CallOtherSystem(string definitionId) => Published(TestDefinitions.Flowchart(definitionId,
        [
            TestDefinitions.Activity("start", "Elsa.Start"),
            TestDefinitions.Activity("call", "Elsa.FlowSendHttpRequest",
                ("url", Script("variables.Url")),
                ("method", TestDefinitions.Literal("GET")),
                ("expectedStatusCodes", new JsonObject { ["typeName"] = "Int32[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[200,404]" } }),
                ("requestHeaders", Script("({ 'X-Workflow-Instance': workflowInstanceId })")),
                ("statusCode", Capture("StatusCode")),
                ("parsedContent", Capture("Answer"))),
            Branch("ok", "2xx"),
            Branch("missing", "4xx"),
            Branch("timedOut", "timeout"),
        ],
        [("start", "Done", "call"), ("call", "200", "ok"), ("call", "404", "missing"), ("call", "Timeout", "timedOut")]), ["Url", "StatusCode", "Answer", "Branch"]);

    private static JsonObject Endpoint(string id, string path, string[] methods, bool authorize) => TestDefinitions.Activity(id, "Elsa.HttpEndpoint",
        ("path", TestDefinitions.Literal(path)),
        ("supportedMethods", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = new JsonArray([.. methods.Select(m => (JsonNode)m)]).ToJsonString() } }),
        ("authorize", new JsonObject { ["typeName"] = "Boolean", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = authorize } }),
        ("policy", new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "" } }),
        ("routeData", Capture("Route")),
        ("parsedContent", Capture("Body")));

    private static JsonObject Branch(string id, string value) => TestDefinitions.Activity(id, "Elsa.SetVariable",
        ("variable", new JsonObject { ["id"] = "Branch", ["name"] = "Branch", ["typeName"] = "String" }),
        ("value", TestDefinitions.Literal(value)));

    private static JsonObject WithStart(JsonObject activity)
    {
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return activity;
    }

    private static JsonObject Script(string script) =>
        new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script } };

    private static JsonObject Capture(string variable) =>
        new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variable } };

    private static JsonObject Published(JsonObject definition, string[] variables)
    {
        definition["isPublished"] = true;
        definition["variables"] = new JsonArray([.. variables.Select(v => (JsonNode)new JsonObject { ["id"] = v, ["name"] = v, ["typeName"] = "Object", ["isArray"] = false, ["storageDriverTypeName"] = null })]);
        return definition;
    }
}
