using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tests.Support;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Steps;

public sealed class CheckRolesTests
{
    [Fact]
    public async Task RolesMissing_SaysExactlyWhich_WaitsUntilAssigned_ThenContinues()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync(agentCaseOfficer: false);
        await kp.SeedExistingCustomerAsync(attestant: false);
        var id = await kp.StartExistingCustomerAsync();

        var customer = $"Kommunen ({OrganisationNumber.Parse(People.ExistingCustomerNumber)})";
        var agent = $"Journalsystem AB ({OrganisationNumber.Parse(People.AgentNumber)})";
        Assert.Equal("checkRoles", (await kp.InstanceAsync(id)).WaitingAt);
        Assert.Contains(await kp.JournalAsync(id), j => j.Message == $"Roller saknas: {customer} saknar Attestant; {agent} saknar Handläggare agent");
        var mails = await kp.MailsAsync();
        AssertMails(mails,
            (People.CustomerAdmin, "Roller saknas i Kundportalen för Kommunen"),
            (People.AgentAdmin, "Roller saknas i Kundportalen för Journalsystem AB"));
        var toCustomer = mails.Single(m => m.Recipient == People.CustomerAdmin).Body;
        Assert.Contains("saknas följande roller hos Kommunen:\n\n- Attestant\n", toCustomer, StringComparison.Ordinal);
        Assert.DoesNotContain("- Beställare", toCustomer, StringComparison.Ordinal);
        Assert.Contains($"{BaseUrl}/organisation/{People.ExistingCustomerNumber}/roller", toCustomer, StringComparison.Ordinal);
        Assert.Contains("- Handläggare agent", mails.Single(m => m.Recipient == People.AgentAdmin).Body, StringComparison.Ordinal);
        var overview = await kp.Queries.GetRolesAsync(People.AgentNumber);
        Assert.Equal([KundportalRole.AgentCaseOfficer], overview!.Missing);

        // A change elsewhere does not disturb the wait.
        await kp.Roles.SaveOrganisationAsync(People.Number("556000111"), "Annan AB", OrganisationKind.Customer);
        Assert.Equal(0, await kp.AssignAsync(People.Number("556000111"), "x@annan.test", "X", KundportalRole.Orderer));

        kp.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await kp.AssignAsync(People.ExistingCustomerNumber, People.CustomerAttestant, "Axel Attestant", KundportalRole.Attestant));
        Assert.Equal("checkRoles", (await kp.InstanceAsync(id)).WaitingAt);
        Assert.Contains(await kp.JournalAsync(id), j => j.Message == $"Roller saknas fortfarande: {agent} saknar Handläggare agent");
        Assert.Empty(await kp.MailsSinceAsync(kp.Now));

        kp.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await kp.AssignAsync(People.AgentNumber, People.AgentCaseOfficer, "Hanna Handläggare", KundportalRole.AgentCaseOfficer, "NPO"));
        Assert.Equal("placeOrder", (await kp.InstanceAsync(id)).WaitingAt);
        AssertMails(await kp.MailsSinceAsync(kp.Now), (People.CustomerOrderer, "Nu kan Kommunen beställa via Journalsystem AB"));
        Assert.Contains(await kp.JournalAsync(id), j => j.Message == "Rollerna som krävs finns nu: processen fortsätter" && j.Data!.Contains(People.CustomerAdmin, StringComparison.Ordinal));
        Assert.DoesNotContain(await kp.BookmarksAsync(id), b => b.Name == "Elsa.Event" && b.Status == "Active");
    }

    [Fact]
    public async Task RolesMissing_WithoutAdministrator_KundserviceIsTold()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.Roles.SaveOrganisationAsync(People.ExistingCustomerNumber, "Kommunen", OrganisationKind.Customer, hasCustomerAgreement: true);
        var id = await kp.StartExistingCustomerAsync();

        var mail = Assert.Single(await kp.MailsAsync());
        Assert.Equal(("kundservice@kundportal.local", "Roller saknas i Kundportalen för Kommunen"), (mail.Recipient, mail.Subject));
        Assert.Contains("Kommunen har ingen administratör i Kundportalen", mail.Body, StringComparison.Ordinal);
        Assert.Contains("- Beställare\n- Attestant", mail.Body, StringComparison.Ordinal);
        Assert.Equal("checkRoles", (await kp.InstanceAsync(id)).WaitingAt);
    }

    [Fact]
    public async Task RoleOverview_ListsUsersAndTheirRoles()
    {
        await using var kp = await CreateAsync(importDefinitions: false);
        await kp.SeedStandardPartiesAsync();

        var overview = await kp.Queries.GetRolesAsync(People.AgentNumber);

        Assert.Empty(overview!.Missing);
        var officer = overview.Users.Single(u => u.Email == People.AgentCaseOfficer);
        Assert.Equal([(KundportalRole.AgentCaseOfficer, "JOURNALEN"), (KundportalRole.AgentCaseOfficer, "NPO")], officer.Roles);
        Assert.Equal(4, overview.Users.Count);

        await kp.Roles.RevokeRoleAsync(People.AgentNumber, People.AgentAttestant, KundportalRole.Attestant, "admin");
        Assert.Equal([KundportalRole.Attestant], (await kp.Queries.GetRolesAsync(People.AgentNumber))!.Missing);
        await Assert.ThrowsAsync<ArgumentException>(() => kp.Roles.AssignRoleAsync(People.AgentNumber, People.AgentAdmin, KundportalRole.AgentCaseOfficer, "admin"));
        await Assert.ThrowsAsync<ArgumentException>(() => kp.Roles.AssignRoleAsync(CatalogueSeed.IneraOrganisationNumber, People.IneraOfficer, KundportalRole.AgentCaseOfficer, "admin", "NPO"));
    }
}
