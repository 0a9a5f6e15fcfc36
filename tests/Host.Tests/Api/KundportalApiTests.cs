using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Api;

/// <summary>The Kundportal API: applications, organisations, roles and orders, with Problem Details and staff protection.</summary>
public sealed class KundportalApiTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private static readonly string Agent = "556677889" + OrganisationNumber.CheckDigit("556677889");

    [Fact]
    public async Task Applications_StartTheProcess_OrAnswer422WithFieldPaths()
    {
        await SeedAsync();
        var application = new JsonObject
        {
            ["organisationNumber"] = "232100-0011",
            ["agentOrganisationNumber"] = Agent,
            ["application"] = new JsonObject
            {
                ["organisationName"] = "Region Api",
                ["administrator"] = Person("admin@api.test"),
                ["signatory"] = Person("firmatecknare@api.test"),
                ["agreementContact"] = Person("kontakt@api.test"),
            },
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Host.Anonymous().PostJsonAsync("/api/kundportal/applications", application)).StatusCode);

        var invalid = await (await fixture.Host.Staff().PostJsonAsync("/api/kundportal/applications", application)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(invalid["errors"]!["$.organisationNumber"]);

        application["organisationNumber"] = "232100001" + OrganisationNumber.CheckDigit("232100001");
        // The signatory signs with BankID: the application names their personnummer.
        var noPersonnummer = await (await fixture.Host.Staff().PostJsonAsync("/api/kundportal/applications", application)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(noPersonnummer["errors"]!["$.application.signatory.personalNumber"]);
        application["application"]!["signatory"]!["personalNumber"] = Elsa.Kundportal.Testing.BankId.TestPersonalNumbers.Written("firmatecknare@api.test");
        var created = await (await fixture.Host.Staff().PostJsonAsync("/api/kundportal/applications", application)).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Running", created["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Roles_AssignListAndRemove_StaffOnly()
    {
        await SeedAsync();
        var customer = fixture.Host.WithKey(KundportalHost.CustomerKey);
        await (await customer.GetAsync($"/api/kundportal/organisations/{Agent}/roles")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/kundportal/organisations/{Agent}")).StatusCode);

        var staff = fixture.Host.Staff();
        var organisation = await (await staff.GetAsync($"/api/kundportal/organisations/{Agent}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Journalsystem AB", organisation["name"]!.GetValue<string>());
        await (await staff.GetAsync("/api/kundportal/organisations/123")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var badRole = await (await staff.PostJsonAsync($"/api/kundportal/organisations/{Agent}/roles",
            new JsonObject { ["email"] = "ny@journalsystem.test", ["name"] = "Nils Ny", ["role"] = "Kung" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(badRole["errors"]!["$.role"]);
        await (await staff.PostJsonAsync($"/api/kundportal/organisations/{Agent}/roles",
            new JsonObject { ["email"] = "ny@journalsystem.test", ["name"] = "Nils Ny", ["role"] = "Attestant" })).ExpectJsonAsync(HttpStatusCode.OK);
        var roles = await (await staff.GetAsync($"/api/kundportal/organisations/{Agent}/roles")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(roles["users"]!.AsArray(), u => u!["email"]!.GetValue<string>() == "ny@journalsystem.test");

        await (await staff.DeleteAsync($"/api/kundportal/organisations/{Agent}/roles?email=ny@journalsystem.test&role=Attestant")).ExpectJsonAsync(HttpStatusCode.OK);
        roles = await (await staff.GetAsync($"/api/kundportal/organisations/{Agent}/roles")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(roles["users"]!.AsArray(), u => u!["email"]!.GetValue<string>() == "ny@journalsystem.test");

        await (await staff.GetAsync("/api/kundportal/orders/CS9999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var orders = await (await staff.GetAsync($"/api/kundportal/organisations/{Agent}/orders")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(orders.AsArray());
    }

    [Fact]
    public async Task Organisations_RegisteredAndEditedByInera_TheFirstAdministratorGetsThePasswordMail()
    {
        var number = "556600001" + OrganisationNumber.CheckDigit("556600001");
        var agent = new JsonObject
        {
            ["organisationNumber"] = number, ["name"] = "Vårdsystem AB", ["kind"] = "Agent", ["agentServices"] = new JsonArray("NPO", "JOURNALEN"),
            ["administrator"] = new JsonObject { ["email"] = "admin@vardsystem.test", ["name"] = "Vera Vårdsystem", ["mobile"] = "070-121 21 21" },
        };
        await (await fixture.Host.WithKey(KundportalHost.CustomerKey).PostJsonAsync("/api/kundportal/organisations", agent)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var invalid = await (await fixture.Host.Staff().PostJsonAsync("/api/kundportal/organisations", new JsonObject
        {
            ["organisationNumber"] = "556600-0000", ["name"] = "", ["kind"] = "Agent", ["agentServices"] = new JsonArray("FINNS-INTE"),
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        foreach (var field in new[] { "$.organisationNumber", "$.name", "$.agentServices" })
            Assert.NotNull(invalid["errors"]![field]);

        var created = await (await fixture.Host.Staff().PostJsonAsync("/api/kundportal/organisations", agent)).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["JOURNALEN", "NPO"], created["agentServices"]!.AsArray().Select(s => (string)s!).ToArray());
        Assert.Equal(1, (int)created["administrators"]!);
        await fixture.Mail.PasswordLinkAsync("admin@vardsystem.test");
        await (await fixture.Host.Staff().PostJsonAsync("/api/kundportal/organisations", agent)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        // The agentuppdrag decide which services Handläggare agent is given for.
        var refused = await (await fixture.Host.Staff().PostJsonAsync($"/api/kundportal/organisations/{number}/roles", new JsonObject
        {
            ["email"] = "hugo@vardsystem.test", ["name"] = "Hugo Handläggare", ["role"] = "Handläggare agent", ["serviceCode"] = "WEBCERT",
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(refused["errors"]!["$.serviceCode"]);
        var customerRole = await (await fixture.Host.Staff().PostJsonAsync($"/api/kundportal/organisations/{number}/roles", new JsonObject
        {
            ["email"] = "hugo@vardsystem.test", ["name"] = "Hugo Handläggare", ["role"] = "Företrädare/Firmatecknare",
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("agenter", customerRole["errors"]!["$.role"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await (await fixture.Host.Staff().PostJsonAsync($"/api/kundportal/organisations/{number}/roles", new JsonObject
        {
            ["email"] = "hugo@vardsystem.test", ["name"] = "Hugo Handläggare", ["role"] = "Handläggare agent", ["serviceCode"] = "NPO",
        })).ExpectJsonAsync(HttpStatusCode.OK);

        // An agentuppdrag with a Handläggare agent stays; the others can go, and the name changes.
        agent["agentServices"] = new JsonArray();
        var kept = await (await fixture.Host.Staff().PutAsync($"/api/kundportal/organisations/{number}", System.Net.Http.Json.JsonContent.Create(agent)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("NPO", kept["errors"]!["$.agentServices"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        agent["agentServices"] = new JsonArray("NPO");
        agent["name"] = "Vårdsystem Sverige AB";
        var edited = await (await fixture.Host.Staff().PutAsync($"/api/kundportal/organisations/{number}", System.Net.Http.Json.JsonContent.Create(agent)))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Vårdsystem Sverige AB", "NPO"), ((string)edited["name"]!, (string)edited["agentServices"]![0]!));
        var listed = await (await fixture.Host.Staff().GetAsync("/api/kundportal/organisations")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed.AsArray(), o => (string?)o!["name"] == "Vårdsystem Sverige AB");
    }

    private async Task SeedAsync()
    {
        var roles = fixture.Host.Services.GetRequiredService<RoleAdministration>();
        await roles.SaveOrganisationAsync(Agent, "Journalsystem AB", OrganisationKind.Agent);
        await roles.SaveUserAsync("handlaggare@inera.test", "Ingrid Inera");
        await roles.AssignRoleAsync(Activities.Catalogue.CatalogueSeed.IneraOrganisationNumber, "handlaggare@inera.test", KundportalRole.IneraCaseOfficer, "test");
    }

    private static JsonObject Person(string email) => new() { ["name"] = "Namn Namnsson", ["email"] = email, ["phone"] = "070-111 11 11" };
}
