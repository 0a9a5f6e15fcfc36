using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Steps;

/// <summary>
/// "Agenten måste ha Handläggare agent för tjänsten": version 2 refuses an order for a service the agent has no Handläggare
/// agent for, version 1 takes it. The rule is the step's input; versions stored before the input existed keep their own rule.
/// </summary>
public sealed class PlaceOrderTests
{
    private const string NoCaseOfficerForPu =
        "Agenten Journalsystem AB har ingen Handläggare agent för Personuppgiftstjänsten och kan inte ta emot beställningen. Välj en annan tjänst eller kontakta agenten.";

    [Fact]
    public async Task Version1_ServiceWithoutCaseOfficer_IsAccepted()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync(version: 1);

        await kp.AnswerOkAsync(People.CustomerOrderer, Order("PU", "PU-ANSLUTNING"));

        Assert.Equal(("PU", "CS1000001"), ((await kp.OrderAsync(id)).ServiceCode, (await kp.OrderAsync(id)).CaseNumber));
    }

    [Fact]
    public async Task Version2_ServiceWithoutCaseOfficer_IsRefusedInSwedish_AndNoOrderIsCreated()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync(version: 2);

        await AssertRefusedAsync(kp, id, Order("PU", "PU-ANSLUTNING"));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public async Task VersionStoredBeforeTheInputExisted_KeepsItsOwnRule(int version, bool accepted)
    {
        await using var kp = await CreateAsync(importDefinitions: false);
        var json = Shipped(version);
        PlaceOrderNode(json).Remove("requiresCaseOfficerForService");
        await kp.Definitions.ImportAsync(json.ToJsonString(), publish: true, "test");
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync(version);

        if (accepted)
            await kp.AnswerOkAsync(People.CustomerOrderer, Order("PU", "PU-ANSLUTNING"));
        else
            await AssertRefusedAsync(kp, id, Order("PU", "PU-ANSLUTNING"));
    }

    [Fact]
    public async Task WithoutTheInput_AndWithoutARoleCheck_TheRuleIsOn_AsForANewStep()
    {
        await using var kp = await CreateAsync(importDefinitions: false);
        var json = Shipped(1);
        PlaceOrderNode(json).Remove("requiresCaseOfficerForService");
        // No "Kontrollera roller": the start goes straight to the order.
        var activities = json["root"]!["activities"]!.AsArray();
        activities.Remove(activities.Single(a => (string?)a!["id"] == "checkRoles"));
        var connections = json["root"]!["connections"]!.AsArray();
        connections.Remove(connections.Single(c => (string?)c!["source"]!["activity"] == "checkRoles" && (string?)c["source"]!["port"] == "RolesInPlace"));
        connections.Remove(connections.Single(c => (string?)c!["source"]!["activity"] == "checkRoles"));
        foreach (var connection in connections.Where(c => (string?)c!["target"]!["activity"] == "checkRoles"))
            connection!["target"]!["activity"] = "placeOrder";
        var imported = await kp.Definitions.ImportAsync(json.ToJsonString(), publish: true, "test");
        Assert.Empty(imported.Errors);
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();

        await AssertRefusedAsync(kp, id, Order("PU", "PU-ANSLUTNING"));
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
    }

    private static async Task AssertRefusedAsync(KundportalHarness kp, Guid id, object answer)
    {
        var result = await kp.AnswerAsync(People.CustomerOrderer, answer);
        Assert.False(result.Succeeded);
        Assert.Equal(NoCaseOfficerForPu, result.FieldErrors!["serviceCode"]);
        Assert.Equal("placeOrder", (await kp.InstanceAsync(id)).WaitingAt);
        Assert.Equal(0, await kp.DomainAsync(db => db.Orders.CountAsync()));
    }

    private static JsonObject Shipped(int version) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(DefinitionsFolder, $"kundportal-agent-order.v{version}.json")))!.AsObject();

    private static JsonObject PlaceOrderNode(JsonObject definition) =>
        definition["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "placeOrder")!.AsObject();
}
