using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Tests.Support;
using Elsa.Kundportal.Workflows;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Activities.Tests.Definitions;

/// <summary>The process definitions in workflows-json: valid for the engine, and the two versions differ where the page does.</summary>
public sealed class DefinitionFilesTests
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddWorkflows(WorkflowsDatabase.Sqlite("Data Source=:memory:"))
        .AddKundportal(WorkflowsDatabase.Sqlite("Data Source=:memory:"))
        .BuildServiceProvider();

    public static TheoryData<int> Versions => [1, 2];

    private static string Text(int version) => File.ReadAllText(Path.Combine(KundportalHarness.DefinitionsFolder, $"kundportal-agent-order.v{version}.json"));

    private static JsonObject Json(int version) => JsonNode.Parse(Text(version))!.AsObject();

    private static JsonObject Activity(JsonObject definition, string id) =>
        definition["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == id)!.AsObject();

    private static List<(string From, string Port, string To)> Connections(JsonObject definition) =>
        [.. definition["root"]!["connections"]!.AsArray().Select(c => ((string)c!["source"]!["activity"]!, (string)c["source"]!["port"]!, (string)c["target"]!["activity"]!))];

    [Theory]
    [MemberData(nameof(Versions))]
    public void File_PassesTheEngineValidator(int version)
    {
        var errors = Services.GetRequiredService<WorkflowDefinitionService>().Validate(Text(version));

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void File_IsAPublishedVersionOfOneDefinition_WithDesignerPositions(int version)
    {
        var json = Json(version);

        Assert.Equal(("kundportal-agent-order", version, true, version == 2), ((string?)json["definitionId"], (int?)json["version"], (bool?)json["isPublished"], (bool?)json["isLatest"]));
        Assert.Equal("Elsa.Flowchart", (string?)json["root"]!["type"]);
        Assert.All(json["root"]!["activities"]!.AsArray(), a =>
        {
            Assert.NotNull(a!["metadata"]!["designer"]!["position"]!["x"]);
            Assert.NotNull(a["metadata"]!["designer"]!["position"]!["y"]);
        });
        Assert.Equal(Activities.Process.ProcessVariables.All.Order(), json["variables"]!.AsArray().Select(v => (string)v!["name"]!).Order());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void EveryOutcomeOfEveryKundportalStep_IsConnected(int version)
    {
        var json = Json(version);
        var registry = Services.GetRequiredService<ActivityRegistry>();
        var connections = Connections(json);
        foreach (var activity in json["root"]!["activities"]!.AsArray().Where(a => ((string)a!["type"]!).StartsWith("Kundportal.", StringComparison.Ordinal)))
        {
            var id = (string)activity!["id"]!;
            foreach (var outcome in registry.Find((string)activity["type"]!)!.Outcomes)
                Assert.True(connections.Any(c => c.From == id && c.Port == outcome), $"v{version}: {id}.{outcome} leads nowhere");
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void HumanSteps_CarryTheDefaultTimings(int version)
    {
        var json = Json(version);
        foreach (var id in new[] { "approveApplication", "signAgreement", "checkRoles", "placeOrder", "agentReview", "agentAttestation", "customerAttestation" })
        {
            var activity = Activity(json, id);
            Assert.Equal(("P3D", "P7D", "P30D"), (
                (string?)activity["firstReminderAfter"]!["expression"]!["value"],
                (string?)activity["secondReminderAfter"]!["expression"]!["value"],
                (string?)activity["expiresAfter"]!["expression"]!["value"]));
        }
    }

    [Fact]
    public void Version1_AttestsInParallel_Version2_StrictlyAfterTheAgent()
    {
        var v1 = Connections(Json(1));
        var v2 = Connections(Json(2));

        Assert.Contains(("placeOrder", "Placed", "fork"), v1);
        Assert.Contains(("fork", "Agent", "agentReview"), v1);
        Assert.Contains(("fork", "Kund", "customerAttestation"), v1);
        Assert.Contains(("agentAttestation", "Attested", "join"), v1);
        Assert.Contains(("customerAttestation", "Attested", "join"), v1);
        Assert.Contains(("join", "Done", "technicalHandover"), v1);
        Assert.Equal("WaitAll", (string?)Activity(Json(1), "join")["mode"]!["expression"]!["value"]);

        Assert.Contains(("placeOrder", "Placed", "agentReview"), v2);
        Assert.Contains(("agentAttestation", "Attested", "customerAttestation"), v2);
        Assert.Contains(("customerAttestation", "Attested", "technicalHandover"), v2);
        Assert.DoesNotContain(v2, c => c.To is "fork" or "join");
    }

    [Fact]
    public void Version2_RequiresTheAgentsRoles_Version1_OnlyTheCustomers()
    {
        static JsonNode Roles(int version) => JsonNode.Parse((string)Activity(Json(version), "checkRoles")["requiredRoles"]!["expression"]!["value"]!)!;

        Assert.Equal("""{"customer":["Beställare","Attestant"],"agent":[]}""", Roles(1).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("""{"customer":["Beställare","Attestant"],"agent":["Handläggare agent","Attestant"]}""", Roles(2).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void Version2_RequiresACaseOfficerForTheOrderedService_Version1_DoesNot()
    {
        static JsonNode? Rule(int version) => Activity(Json(version), "placeOrder")["requiresCaseOfficerForService"];

        // Written as Elsa writes a literal: the value as text.
        Assert.Equal(("Boolean", "Literal", "false"), ((string?)Rule(1)?["typeName"], (string?)Rule(1)?["expression"]?["type"], (string?)Rule(1)?["expression"]?["value"]));
        Assert.Equal(("Boolean", "Literal", "true"), ((string?)Rule(2)?["typeName"], (string?)Rule(2)?["expression"]?["type"], (string?)Rule(2)?["expression"]?["value"]));
    }

    [Fact]
    public void UnknownRoleOrBadTiming_IsReportedByTheValidator()
    {
        var json = Json(2);
        Activity(json, "checkRoles")["requiredRoles"]!["expression"]!["value"] = """{"customer":["Beställare","Chef"]}""";
        Activity(json, "placeOrder")["secondReminderAfter"]!["expression"]!["value"] = "P40D";

        var errors = Services.GetRequiredService<WorkflowDefinitionService>().Validate(json.ToJsonString());

        Assert.Contains(errors, e => e.Message.Contains("okänd roll (kund: 'Chef')", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("en påminnelse måste komma innan steget går ut", StringComparison.Ordinal));
    }
}
