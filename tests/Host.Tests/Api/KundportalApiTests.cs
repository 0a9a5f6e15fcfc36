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

    private async Task SeedAsync()
    {
        var roles = fixture.Host.Services.GetRequiredService<RoleAdministration>();
        await roles.SaveOrganisationAsync(Agent, "Journalsystem AB", OrganisationKind.Agent);
        await roles.SaveUserAsync("handlaggare@inera.test", "Ingrid Inera");
        await roles.AssignRoleAsync(Activities.Catalogue.CatalogueSeed.IneraOrganisationNumber, "handlaggare@inera.test", KundportalRole.IneraCaseOfficer, "test");
    }

    private static JsonObject Person(string email) => new() { ["name"] = "Namn Namnsson", ["email"] = email, ["phone"] = "070-111 11 11" };
}
