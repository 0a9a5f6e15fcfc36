using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Steps;

/// <summary>A role that disappears after the role check: the step tells who can fix it and waits, instead of faulting.</summary>
public sealed class RoleGapTests
{
    private const string NewOrderer = "nils@journalsystem.test";

    [Fact]
    public async Task AgentLosesItsOnlyBeställare_AdministratorToldWhichRole_StepWaits_AssigningIssuesTheTaskOnce()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync(agentCaseOfficer: false);
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync(version: 1);
        await kp.Roles.RevokeRoleAsync(People.AgentNumber, People.AgentOrderer, KundportalRole.Orderer, "admin");
        kp.Clock.Advance(TimeSpan.FromHours(1));

        await kp.AnswerOkAsync(People.CustomerOrderer, Order());

        var instance = await kp.InstanceAsync(id);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (instance.Status, instance.SubStatus));
        Assert.Equal(0, await IncidentsAsync(kp, id));
        var mails = await kp.MailsSinceAsync(kp.Now);
        var toAdmin = Assert.Single(mails, m => m.Recipient == People.AgentAdmin);
        Assert.Equal("Rollen Beställare saknas hos Journalsystem AB: Beställning CS1000001 väntar", toAdmin.Subject);
        Assert.Contains("Beställare eller Handläggare agent för Nationell patientöversikt (NPÖ)", toAdmin.Body, StringComparison.Ordinal);
        Assert.Contains("Användare och roller", toAdmin.Body, StringComparison.Ordinal);
        Assert.Contains($"{BaseUrl}/organisation/{People.AgentNumber}/roller", toAdmin.Body, StringComparison.Ordinal);
        var toOrderer = Assert.Single(mails, m => m.Recipient == People.CustomerOrderer && m.Subject.Contains("väntar", StringComparison.Ordinal));
        Assert.Contains("Journalsystem AB har ingen med rollen Beställare", toOrderer.Body, StringComparison.Ordinal);
        Assert.Contains($"Agenten granskar beställningen väntar: Journalsystem AB ({OrganisationNumber.Parse(People.AgentNumber)}) har ingen med rollen Beställare eller Handläggare agent för Nationell patientöversikt (NPÖ)",
            (await kp.JournalAsync(id)).Where(j => j.ActivityId == "agentReview" && j.Kind == "Notice").Select(j => j.Message));

        // Another organisation's change does not disturb the wait; the agent's change resumes it once.
        Assert.Equal(0, await kp.AssignAsync(People.ExistingCustomerNumber, "ny@region.test", "Ny Person", KundportalRole.Orderer));
        kp.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await kp.AssignAsync(People.AgentNumber, NewOrderer, "Nils Ny", KundportalRole.Orderer));
        AssertMails(await kp.MailsSinceAsync(kp.Now), (NewOrderer, "Ny beställning att hantera: CS1000001"));
        Assert.Contains($"Rollen finns nu hos Journalsystem AB: uppgiften skickas till {NewOrderer}",
            (await kp.JournalAsync(id)).Where(j => j.ActivityId == "agentReview").Select(j => j.Message));

        kp.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await kp.AssignAsync(People.AgentNumber, People.AgentOrderer, "Bo Beställare", KundportalRole.Orderer));
        Assert.Empty(await kp.MailsSinceAsync(kp.Now));
        Assert.Single(await kp.LinksAsync(NewOrderer, "Ny beställning att hantera"));

        await kp.AnswerOkAsync(NewOrderer, Proceed());
        Assert.Equal(("agentReview", "Proceed", NewOrderer), (await kp.DecisionsAsync(id)).Single(d => d.Activity == "agentReview"));
    }

    [Fact]
    public async Task AgentWithoutAdministratorLosesItsBeställare_KundserviceIsTold_AndRemindersGoThere()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync(agentCaseOfficer: false);
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync(version: 1);
        await kp.Roles.RevokeRoleAsync(People.AgentNumber, People.AgentAdmin, KundportalRole.Administrator, "admin");
        await kp.Roles.RevokeRoleAsync(People.AgentNumber, People.AgentOrderer, KundportalRole.Orderer, "admin");
        kp.Clock.Advance(TimeSpan.FromHours(1));

        await kp.AnswerOkAsync(People.CustomerOrderer, Order());

        var toKundservice = Assert.Single(await kp.MailsSinceAsync(kp.Now), m => m.Recipient == "kundservice@kundportal.local");
        Assert.Contains("Journalsystem AB har ingen administratör i Kundportalen", toKundservice.Body, StringComparison.Ordinal);
        Assert.Equal(0, await IncidentsAsync(kp, id));

        await kp.AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Contains(await kp.MailsSinceAsync(kp.Now), m => m.Recipient == "kundservice@kundportal.local" && m.Subject.StartsWith("Påminnelse: Rollen Beställare saknas", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CustomerLosesItsAttestant_AdministratorToldAndTheAgentToo_AssigningIssuesTheAttestation()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        await kp.Roles.RevokeRoleAsync(People.ExistingCustomerNumber, People.CustomerAttestant, KundportalRole.Attestant, "admin");
        kp.Clock.Advance(TimeSpan.FromHours(1));

        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest());

        Assert.Equal(0, await IncidentsAsync(kp, id));
        var mails = await kp.MailsSinceAsync(kp.Now);
        var toAdmin = Assert.Single(mails, m => m.Recipient == People.CustomerAdmin);
        Assert.Equal("Rollen Attestant saknas hos Kommunen: Attest av beställning CS1000001 väntar", toAdmin.Subject);
        Assert.Contains($"{BaseUrl}/organisation/{People.ExistingCustomerNumber}/roller", toAdmin.Body, StringComparison.Ordinal);
        Assert.Contains(mails, m => m.Recipient == People.CustomerOrderer && m.Subject.Contains("väntar", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Recipient == People.AgentOrderer && m.Subject.Contains("väntar", StringComparison.Ordinal));

        kp.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await kp.AssignAsync(People.ExistingCustomerNumber, People.CustomerAttestant, "Axel Attestant", KundportalRole.Attestant));
        AssertMails(await kp.MailsSinceAsync(kp.Now), (People.CustomerAttestant, "Beställning CS1000001 att attestera"));
        await kp.AnswerOkAsync(People.CustomerAttestant, kp.Attest());
        Assert.Equal(("customerAttestation", "Attested", People.CustomerAttestant), (await kp.DecisionsAsync(id))[^1]);
    }

    [Fact]
    public async Task NamedAgentAttestantLosesTheRole_ReviewerAndAdministratorToldWhatToDo_RestoringTheRoleSendsTheAttestation()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());

        // A change that leaves the named attestant in place says nothing.
        kp.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await kp.AssignAsync(People.AgentNumber, NewOrderer, "Nils Ny", KundportalRole.Orderer));
        Assert.Empty(await kp.MailsSinceAsync(kp.Now));

        kp.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await kp.Roles.RevokeRoleAsync(People.AgentNumber, People.AgentAttestant, KundportalRole.Attestant, People.AgentAdmin));

        Assert.Equal(0, await IncidentsAsync(kp, id));
        var mails = await kp.MailsSinceAsync(kp.Now);
        AssertMails(mails,
            (People.AgentAdmin, "Rollen Attestant saknas hos Journalsystem AB: Attest av beställning CS1000001 väntar"),
            (People.AgentOrderer, "Attest av beställning CS1000001 väntar: Journalsystem AB saknar rollen Attestant"));
        Assert.All(mails, m => Assert.Contains($"Ge {People.AgentAttestant} rollen Attestant igen under Användare och roller", m.Body, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Contains("kundservice@kundportal.local", m.Body, StringComparison.Ordinal));
        Assert.Contains(await kp.JournalAsync(id), j => j.ActivityId == "agentAttestation" && j.Kind == "Notice" && j.Message!.StartsWith("Agentens attest väntar", StringComparison.Ordinal));

        kp.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await kp.AssignAsync(People.AgentNumber, People.AgentAttestant, "Agnes Attestant", KundportalRole.Attestant));
        AssertMails(await kp.MailsSinceAsync(kp.Now), (People.AgentAttestant, "Beställning CS1000001 att attestera för Journalsystem AB"));
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest());
        Assert.Equal(("agentAttestation", "Attested", People.AgentAttestant), (await kp.DecisionsAsync(id)).Single(d => d.Activity == "agentAttestation"));
    }

    private static async Task<int> IncidentsAsync(KundportalHarness kp, Guid id)
    {
        await using var scope = kp.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Incidents.CountAsync(i => i.InstanceId == id);
    }
}
