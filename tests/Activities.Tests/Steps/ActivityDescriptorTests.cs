using Elsa.Kundportal.Workflows.Descriptors;

namespace Elsa.Kundportal.Activities.Tests.Steps;

public sealed class ActivityDescriptorTests
{
    private static readonly ActivityRegistry Registry = CreateRegistry();

    private static ActivityRegistry CreateRegistry()
    {
        var registry = new ActivityRegistry();
        registry.RegisterAssembly(typeof(KundportalOptions).Assembly);
        return registry;
    }

    [Theory]
    [InlineData("Kundportal.CustomerApplication", "Kundansökan", "Submitted,AgreementExists")]
    [InlineData("Kundportal.ApproveApplication", "Inera godkänner kundansökan", "Approved,Rejected,Expired")]
    [InlineData("Kundportal.SignAgreement", "Firmatecknaren signerar avtalet", "Signed,Declined,Expired")]
    [InlineData("Kundportal.CheckRoles", "Kontrollera roller", "RolesInPlace,Expired")]
    [InlineData("Kundportal.PlaceOrder", "Beställning", "Placed,Expired")]
    [InlineData("Kundportal.AgentReview", "Agenten granskar beställningen", "Proceed,Rejected,Expired")]
    [InlineData("Kundportal.AgentAttestation", "Agentens attest", "Attested,Cancelled,Expired")]
    [InlineData("Kundportal.CustomerAttestation", "Kundens attest", "Attested,Cancelled,Expired")]
    [InlineData("Kundportal.TechnicalHandover", "Teknisk anslutning", "Done")]
    public void EveryStep_IsDescribedWithItsSwedishNameAndOutcomes(string type, string displayName, string outcomes)
    {
        var descriptor = Registry.Find(type);

        Assert.NotNull(descriptor);
        Assert.Equal((displayName, outcomes), (descriptor.DisplayName, string.Join(',', descriptor.Outcomes)));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description));
    }

    [Theory]
    [InlineData("Kundportal.ApproveApplication")]
    [InlineData("Kundportal.CheckRoles")]
    [InlineData("Kundportal.CustomerAttestation")]
    public void WaitingSteps_HaveEditableTimingInputsWithDefaults(string type)
    {
        var inputs = Registry.Find(type)!.Inputs.ToDictionary(i => i.Name);

        Assert.Equal(("TimeSpan", "singleline", "P3D"), (inputs["firstReminderAfter"].TypeName, inputs["firstReminderAfter"].UIHint, inputs["firstReminderAfter"].DefaultValue!.ToString()));
        Assert.Equal("P7D", inputs["secondReminderAfter"].DefaultValue!.ToString());
        Assert.Equal(("P30D", "Går ut efter"), (inputs["expiresAfter"].DefaultValue!.ToString(), inputs["expiresAfter"].DisplayName));
        Assert.Equal((ActivityKinds.Task, true), (Registry.Find(type)!.Kind, Registry.Find(type)!.Waits));
    }

    [Fact]
    public void CheckRoles_TakesTheRequiredRolesPerParty()
    {
        var input = Registry.Find("Kundportal.CheckRoles")!.Inputs.Single(i => i.Name == "requiredRoles");

        Assert.Equal(("RoleRequirements", true), (input.TypeName, input.IsRequired));
        Assert.Equal("""{"customer":["Beställare","Attestant"],"agent":[]}""", input.DefaultValue!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void PlaceOrder_TakesTheCaseOfficerRule_OnForANewStep()
    {
        var input = Registry.Find("Kundportal.PlaceOrder")!.Inputs.Single(i => i.Name == "requiresCaseOfficerForService");

        Assert.Equal(("Boolean", "checkbox", "Agenten måste ha Handläggare agent för tjänsten", true),
            (input.TypeName, input.UIHint, input.DisplayName, input.DefaultValue!.GetValue<bool>()));
        Assert.Contains("Ett nytt steg har regeln på", input.Description, StringComparison.Ordinal);
    }
}
