using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;

namespace Elsa.Kundportal.Host.Tests.Contracts;

/// <summary>
/// The JSON Elsa Studio 3.8 (Elsa.Api.Client) reads from /elsa/api, pinned exactly: activity descriptors, a definition
/// with its links, the answer to a save, the instance list, and what Studio asks at start.
/// </summary>
public sealed class ElsaContractTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private const string Definitions = "/elsa/api/workflow-definitions";
    private readonly HttpClient _staff = fixture.Host.Staff();

    [Theory]
    [InlineData("Kundportal.AgentReview")]
    [InlineData("Kundportal.CheckRoles")]
    [InlineData("Kundportal.PlaceOrder")]
    [InlineData("Elsa.FlowJoin")]
    [InlineData("Elsa.FlowFork")]
    [InlineData("Elsa.UserTask")]
    [InlineData("Elsa.End")]
    [InlineData("Elsa.Flowchart")]
    public async Task ActivityDescriptor_IsElsasShape(string typeName)
    {
        var list = await (await _staff.GetAsync("/elsa/api/descriptors/activities")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(list["items"]!.AsArray().Count, list["count"]!.GetValue<int>());
        var descriptor = Assert.Single(list["items"]!.AsArray(), d => d!["typeName"]!.GetValue<string>() == typeName);
        JsonSnapshot.Matches($"descriptor.{typeName}", descriptor!);
    }

    [Fact]
    public async Task EveryDescriptor_HasAKindElsaKnows_AndBrowsableInputs()
    {
        var list = await (await _staff.GetAsync("/elsa/api/descriptors/activities")).ExpectJsonAsync(HttpStatusCode.OK);

        string[] kinds = ["Action", "Trigger", "Job", "Task"];
        string[] hints = ["checkbox", "checklist", "code-editor", "datetime-picker", "dictionary", "dropdown", "dynamic-outcomes", "expression-editor",
            "http-status-codes", "json-editor", "multiline", "multitext", "outcome-picker", "output-picker", "radiolist", "singleline",
            "flow-switch-editor", "switch-editor", "type-picker", "variable-picker", "input-picker", "workflow-definition-picker"];
        foreach (var d in list["items"]!.AsArray())
        {
            Assert.Contains(d!["kind"]!.GetValue<string>(), kinds);
            Assert.All(d["inputs"]!.AsArray(), i => Assert.Contains(i!["uiHint"]!.GetValue<string>(), hints));
            Assert.All(d["inputs"]!.AsArray(), i => Assert.True(i!["isBrowsable"]!.GetValue<bool>()));
            Assert.All(d["ports"]!.AsArray(), p => Assert.Equal("Flow", p!["type"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task SaveGetAndList_AreElsasShapes()
    {
        const string id = "contract-review";
        var saved = await (await _staff.PostJsonAsync(Definitions, new JsonObject { ["model"] = TestDefinitions.Review(id), ["publish"] = false }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        JsonSnapshot.Matches("save-response", saved);

        var definition = await (await _staff.GetAsync($"{Definitions}/by-definition-id/{id}?versionOptions=Latest")).ExpectJsonAsync(HttpStatusCode.OK);
        JsonSnapshot.Matches("definition-with-links", definition);

        var list = await (await _staff.GetAsync($"{Definitions}?versionOptions=Latest&Page=0&PageSize=10&SearchTerm=contract-review&IsSystem=False&OrderDirection=Ascending"))
            .ExpectJsonAsync(HttpStatusCode.OK);
        JsonSnapshot.Matches("definition-list", list);
    }

    [Fact]
    public async Task InstanceList_IsElsasPagedList()
    {
        const string id = "contract-instances";
        await (await _staff.PostJsonAsync(Definitions, new JsonObject { ["model"] = TestDefinitions.Review(id), ["publish"] = true })).ExpectJsonAsync(HttpStatusCode.OK);
        var started = await _staff.PostJsonAsync($"{Definitions}/{id}/execute", new JsonObject { ["versionOptions"] = "Published", ["correlationId"] = "kontrakt-1" });
        var instanceId = Assert.Single(started.Headers.GetValues("x-elsa-workflow-instance-id"));
        Assert.Equal(instanceId, (await started.ExpectJsonAsync(HttpStatusCode.OK))["instanceId"]!.GetValue<string>());

        var list = await (await _staff.PostJsonAsync("/elsa/api/workflow-instances", new JsonObject
        {
            ["page"] = 0, ["pageSize"] = 10, ["definitionIds"] = new JsonArray("contract-instances"), ["statuses"] = new JsonArray("Running"),
            ["orderBy"] = "Created", ["orderDirection"] = "Descending",
        })).ExpectJsonAsync(HttpStatusCode.OK);
        JsonSnapshot.Matches("instance-list", list);

        var instance = await (await _staff.GetAsync($"/elsa/api/workflow-instances/{instanceId}")).ExpectJsonAsync(HttpStatusCode.OK);
        JsonSnapshot.Matches("instance", instance);
        var state = await (await _staff.GetAsync($"/elsa/api/workflow-instances/{instanceId}/execution-state")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Running", "Suspended"), (state["status"]!.GetValue<string>(), state["workflowSubStatus"]!.GetValue<string>()));
    }

    [Fact]
    public async Task StartOfStudio_FeaturesVersionAndDescriptorLists()
    {
        JsonSnapshot.Matches("features-installed", await (await _staff.GetAsync("/elsa/api/features/installed")).ExpectJsonAsync(HttpStatusCode.OK));
        JsonSnapshot.Matches("package-version", await (await _staff.GetAsync("/elsa/api/package/version")).ExpectJsonAsync(HttpStatusCode.OK));
        JsonSnapshot.Matches("expression-descriptors", await (await _staff.GetAsync("/elsa/api/descriptors/expression-descriptors")).ExpectJsonAsync(HttpStatusCode.OK));
        JsonSnapshot.Matches("variable-types", await (await _staff.GetAsync("/elsa/api/descriptors/variables")).ExpectJsonAsync(HttpStatusCode.OK));
        JsonSnapshot.Matches("storage-drivers", await (await _staff.GetAsync("/elsa/api/descriptors/storage-drivers")).ExpectJsonAsync(HttpStatusCode.OK));
        foreach (var path in new[] { "workflow-activation-strategies", "incident-strategies", "log-persistence-strategies", "commit-strategies/workflows", "commit-strategies/activities" })
            Assert.Equal(0, (await (await _staff.GetAsync($"/elsa/api/descriptors/{path}")).ExpectJsonAsync(HttpStatusCode.OK))["count"]!.GetValue<int>());
    }
}
