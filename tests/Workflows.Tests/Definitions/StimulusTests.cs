using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Tests.Definitions;

public sealed class StimulusTests
{
    [Fact]
    public void Hash_DoesNotDependOnKeyOrderOrWhitespace()
    {
        var a = JsonNode.Parse("""{"eventName":"RolesChanged","org":{"nr":"5560000001","kind":"customer"}}""");
        var b = JsonNode.Parse("""{ "org": { "kind": "customer", "nr": "5560000001" },  "eventName": "RolesChanged" }""");
        Assert.Equal(Stimulus.Hash("Elsa.Event", a), Stimulus.Hash("Elsa.Event", b));
        Assert.NotEqual(Stimulus.Hash("Elsa.Event", a), Stimulus.Hash("Elsa.Signal", a));
    }

    [Fact]
    public void Hash_OfAPayloadAfterAStorageRoundTrip_EqualsTheOriginal()
    {
        var payload = new JsonObject { ["taskName"] = "Attestera beställning", ["n"] = 1.5, ["å"] = "ä" };
        var stored = payload.ToJsonString();
        Assert.Equal(Stimulus.Hash("Elsa.UserTask", payload), Stimulus.Hash("Elsa.UserTask", JsonNode.Parse(stored)));
    }

    [Fact]
    public void Hash_IsPinned_SoAFormatChangeIsAVisibleDecision() =>
        Assert.Equal(Stimulus.Sha256("""{"name":"Elsa.Event","payload":{"eventName":"X"}}"""), Stimulus.Hash("Elsa.Event", new JsonObject { ["eventName"] = "X" }));
}
