using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tests.Support;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Process;

/// <summary>Version 2 (the newer page): strictly sequential, agent roles required before ordering.</summary>
public sealed class AgentOrderV2Tests
{
    private static readonly string NewCustomer = $"Region Norr ({OrganisationNumber.Parse(People.NewCustomerNumber)})";

    [Fact]
    public async Task HappyPath_NewCustomer_RunsEveryStepToTechnicalHandover()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        var id = await kp.StartNewCustomerAsync();

        var instance = await kp.InstanceAsync(id);
        Assert.Equal(2, instance.Version);
        Assert.Equal(People.NewCustomerNumber, instance.CorrelationId);
        Assert.Equal("approveApplication", instance.WaitingAt);
        AssertMails(await kp.MailsAsync(),
            (People.CustomerAdmin, "Vi har tagit emot er kundansökan för Region Norr"),
            (People.IneraOfficer, $"Ny kundansökan att granska: {NewCustomer}"));

        kp.Clock.Advance(TimeSpan.FromHours(2));
        await kp.AnswerOkAsync(People.IneraOfficer, new { decision = "Approved" });
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.CustomerAdmin, "Inloggningsuppgifter till Ineras Kundportal"),
            (People.AgreementContact, "Du är kontaktperson för kundavtalet mellan Region Norr och Inera"),
            (People.Signatory, "Signera kundavtalet mellan Region Norr och Inera"));

        kp.Clock.Advance(TimeSpan.FromHours(2));
        await kp.AnswerOkAsync(People.Signatory, kp.Sign());
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.CustomerAdmin, "Kundavtalet mellan Region Norr och Inera är signerat"),
            (People.AgreementContact, "Kundavtalet mellan Region Norr och Inera är signerat"),
            (People.CustomerAdmin, "Roller saknas i Kundportalen för Region Norr"));
        Assert.Equal("checkRoles", (await kp.InstanceAsync(id)).WaitingAt);

        // The administrator (who got login details on approval) assigns the roles; the process goes on by itself.
        kp.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await kp.AssignAsync(People.NewCustomerNumber, People.CustomerOrderer, "Britt Beställare", KundportalRole.Orderer));
        Assert.Equal(1, await kp.AssignAsync(People.NewCustomerNumber, People.CustomerAttestant, "Axel Attestant", KundportalRole.Attestant));
        Assert.Equal("placeOrder", (await kp.InstanceAsync(id)).WaitingAt);

        kp.Clock.Advance(TimeSpan.FromHours(1));
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.CustomerOrderer, "Beställning CS1000001 är skickad"),
            (People.AgentCaseOfficer, "Ny beställning att hantera: CS1000001"),
            (People.AgentOrderer, "Ny beställning att hantera: CS1000001"));

        kp.Clock.Advance(TimeSpan.FromHours(1));
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        AssertMails(await kp.MailsSinceAsync(kp.Now), (People.AgentAttestant, "Beställning CS1000001 att attestera för Journalsystem AB"));

        kp.Clock.Advance(TimeSpan.FromHours(1));
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest(method: "BankID"));
        var customerMail = Assert.Single(await kp.MailsSinceAsync(kp.Now));
        Assert.Equal((People.CustomerAttestant, "Beställning CS1000001 att attestera"), (customerMail.Recipient, customerMail.Subject));
        Assert.Contains("Agenten Journalsystem AB har godkänt och attesterat beställningen.", customerMail.Body, StringComparison.Ordinal);

        kp.Clock.Advance(TimeSpan.FromHours(1));
        await kp.AnswerOkAsync(People.CustomerAttestant, kp.Attest(method: "SMS"));
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.AgentCaseOfficer, "Påbörja teknisk anslutning: Region Norr till Nationell patientöversikt (NPÖ) (CS1000001)"),
            (People.AgentOrderer, "Påbörja teknisk anslutning: Region Norr till Nationell patientöversikt (NPÖ) (CS1000001)"),
            (People.CustomerOrderer, "Beställning CS1000001 är klar"));

        instance = await kp.InstanceAsync(id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.All(await kp.BookmarksAsync(id), b => Assert.NotEqual(BookmarkStatus.Active, b.Status));

        var order = await kp.OrderAsync(id);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(("NPO", "NPO-PRODUCENT", 15000m, 1), (order.ServiceCode, order.OfferingCode, order.StartupFee, order.OrdinalForService));
        Assert.Equal(["SE2321000016-15BK", "SE2321000016-16CD"], order.Lines.OrderBy(l => l.ItemNumber).Select(l => l.CareUnitHsaId));
        Assert.Equal([500001L, 500002L], order.Lines.Select(l => l.ItemNumber).Order());
        Assert.Equal((People.AgentOrderer, People.AgentNumber, "Kst 4711"), (order.ReviewedByEmail, order.InvoiceOrganisationNumber, order.InvoiceReference));
        Assert.Equal((People.AgentAttestant, "BankID"), (order.AgentAttestedByEmail, order.AgentAttestationMethod));
        Assert.Equal((People.CustomerAttestant, "SMS"), (order.CustomerAttestedByEmail, order.CustomerAttestationMethod));
        Assert.True(order.AgentAttestedAt < order.CustomerAttestedAt);

        var (application, agreement, customer) = await kp.DomainAsync(async db => (
            await db.Applications.SingleAsync(), await db.Agreements.SingleAsync(), await db.Organisations.SingleAsync(o => o.OrganisationNumber == People.NewCustomerNumber)));
        Assert.Equal((ApplicationStatus.Approved, People.IneraOfficer), (application.Status, application.DecidedBy));
        Assert.Equal((AgreementStatus.Signed, People.Signatory, "BankID"), (agreement.Status, agreement.SignedBy, agreement.SigningMethod));
        Assert.StartsWith("ref-", agreement.SigningReference, StringComparison.Ordinal);
        Assert.True(customer.HasCustomerAgreement);

        Assert.Equal(
        [
            ("approveApplication", "Approved", People.IneraOfficer),
            ("signAgreement", "Signed", People.Signatory),
            ("placeOrder", "Placed", People.CustomerOrderer),
            ("agentReview", "Proceed", People.AgentOrderer),
            ("agentAttestation", "Attested", People.AgentAttestant),
            ("customerAttestation", "Attested", People.CustomerAttestant),
        ], await kp.DecisionsAsync(id));
        var journal = await kp.JournalAsync(id);
        Assert.Contains(journal, j => j.Kind == "Notice" && j.Message == $"Roller saknas: {NewCustomer} saknar Beställare och Attestant");
        Assert.Contains(journal, j => j.Kind == "Notice" && j.Message == "Rollerna som krävs finns nu: processen fortsätter");
        var attested = journal.Single(j => j.ActivityId == "customerAttestation" && j.Kind == "Decision");
        Assert.Contains("\"method\":\"SMS\"", attested.Data, StringComparison.Ordinal);
        Assert.Equal(kp.Now, attested.Timestamp);

        // Every queued mail is delivered through the outbox.
        var queued = await kp.MailsAsync();
        Assert.Equal(queued.Count, await kp.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());
        Assert.Equal(queued.Count, kp.Transport.Sent.Count);
    }

    [Fact]
    public async Task ExistingAgreement_SkipsApplicationApprovalAndSigning()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();

        Assert.Equal("placeOrder", (await kp.InstanceAsync(id)).WaitingAt);
        AssertMails(await kp.MailsAsync(), (People.CustomerOrderer, "Nu kan Kommunen beställa via Journalsystem AB"));
        var journal = await kp.JournalAsync(id);
        Assert.Equal(["start", "customerApplication", "checkRoles", "placeOrder"],
            journal.Where(j => j.Kind == JournalKinds.ActivityStarted).Select(j => j.ActivityId));
        Assert.Equal("AgreementExists", journal.Single(j => j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "customerApplication").Outcome);
        Assert.Contains(journal, j => j.Message == "Alla roller som krävs finns");
        Assert.Equal(0, await kp.DomainAsync(db => db.Applications.CountAsync()));
        Assert.Equal(0, await kp.DomainAsync(db => db.Agreements.CountAsync()));

        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        await kp.AnswerOkAsync(People.AgentCaseOfficer, Proceed());
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest());
        await kp.AnswerOkAsync(People.CustomerAttestant, kp.Attest());
        Assert.Equal(WorkflowSubStatus.Finished, (await kp.InstanceAsync(id)).SubStatus);
        Assert.Equal(OrderStatus.Completed, (await kp.OrderAsync(id)).Status);
    }

    [Fact]
    public async Task IneraRejectsApplication_EndsRejected_ApplicantToldWhy()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        var id = await kp.StartNewCustomerAsync();
        kp.Clock.Advance(TimeSpan.FromDays(1));

        await kp.AnswerOkAsync(People.IneraOfficer, new { decision = "Rejected", reason = "Organisationen bedriver inte vård." });

        var instance = await kp.InstanceAsync(id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        var mail = Assert.Single(await kp.MailsSinceAsync(kp.Now));
        Assert.Equal((People.CustomerAdmin, "Kundansökan för Region Norr har avslagits"), (mail.Recipient, mail.Subject));
        Assert.Contains("Motivering: Organisationen bedriver inte vård.", mail.Body, StringComparison.Ordinal);
        var application = await kp.DomainAsync(db => db.Applications.SingleAsync());
        Assert.Equal((ApplicationStatus.Rejected, People.IneraOfficer, "Organisationen bedriver inte vård.", kp.Now),
            (application.Status, application.DecidedBy, application.DecisionReason, application.DecidedAt));
        Assert.Equal([("approveApplication", "Rejected", People.IneraOfficer)], await kp.DecisionsAsync(id));
        var journal = await kp.JournalAsync(id);
        Assert.Contains(journal, j => j.Kind == "Decision" && (string?)JsonNode.Parse(j.Data!)!["reason"] == "Organisationen bedriver inte vård.");
        Assert.Equal("Rejected", journal.Single(j => j.ActivityId == "endRejected" && j.Kind == JournalKinds.Note).Outcome);
        Assert.Equal(0, await kp.DomainAsync(db => db.Agreements.CountAsync()));
    }

    [Fact]
    public async Task SignatoryDeclines_EndsDeclined_ContactsAndOfficerTold()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        var id = await kp.StartNewCustomerAsync();
        await kp.AnswerOkAsync(People.IneraOfficer, new { decision = "Approved" });
        kp.Clock.Advance(TimeSpan.FromDays(2));

        await kp.AnswerOkAsync(People.Signatory, new
        {
            decision = "Declined", reason = "Avtalet behöver granskas av jurist.",
            authentication = new { method = "BankID", verifiedAt = kp.Now },
        });

        Assert.Equal(WorkflowStatus.Finished, (await kp.InstanceAsync(id)).Status);
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.CustomerAdmin, "Kundavtalet för Region Norr signerades inte"),
            (People.AgreementContact, "Kundavtalet för Region Norr signerades inte"),
            (People.IneraOfficer, "Kundavtalet för Region Norr signerades inte"));
        var agreement = await kp.DomainAsync(db => db.Agreements.SingleAsync());
        Assert.Equal((AgreementStatus.Declined, "Avtalet behöver granskas av jurist."), (agreement.Status, agreement.DeclineReason));
        Assert.False((await kp.Queries.FindOrganisationAsync(People.NewCustomerNumber))!.HasCustomerAgreement);
        Assert.Equal(("signAgreement", "Declined", People.Signatory), (await kp.DecisionsAsync(id))[^1]);
    }

    [Fact]
    public async Task AgentAvslår_EndsRejected_EveryPartyToldWhy()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        var caseOfficerToken = await kp.LinkAsync(People.AgentCaseOfficer);
        kp.Clock.Advance(TimeSpan.FromDays(1));

        await kp.AnswerOkAsync(People.AgentOrderer, new { decision = "Rejected", reason = "Kunden använder inte vårt journalsystem." });

        Assert.Equal(WorkflowStatus.Finished, (await kp.InstanceAsync(id)).Status);
        var order = await kp.OrderAsync(id);
        Assert.Equal((OrderStatus.Rejected, People.AgentOrderer, "Kunden använder inte vårt journalsystem."), (order.Status, order.ClosedByEmail, order.CloseReason));
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.AgentCaseOfficer, "Beställning CS1000001 har avslagits"),
            (People.AgentOrderer, "Beställning CS1000001 har avslagits"),
            (People.CustomerAdmin, "Beställning CS1000001 har avslagits"),
            (People.CustomerOrderer, "Beställning CS1000001 har avslagits"));
        Assert.Contains("Motivering: Kunden använder inte vårt journalsystem.", (await kp.MailsSinceAsync(kp.Now))[0].Body, StringComparison.Ordinal);
        Assert.Equal(("agentReview", "Rejected", People.AgentOrderer), (await kp.DecisionsAsync(id))[^1]);

        // The other reviewer's link is spent with the step.
        var late = await kp.AnswerTokenAsync(caseOfficerToken, People.AgentCaseOfficer, Proceed());
        Assert.Equal(Workflows.Runtime.ResumeOutcome.AlreadyHandled, late.Outcome);
    }

    [Fact]
    public async Task AgentAttestantCancels_EndsCancelled()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        kp.Clock.Advance(TimeSpan.FromHours(5));

        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest("Cancelled", "SMS", reason: "Fel erbjudande valt."));

        Assert.Equal(WorkflowStatus.Finished, (await kp.InstanceAsync(id)).Status);
        var order = await kp.OrderAsync(id);
        Assert.Equal((OrderStatus.Cancelled, People.AgentAttestant, "Fel erbjudande valt."), (order.Status, order.ClosedByEmail, order.CloseReason));
        Assert.Null(order.AgentAttestedAt);
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.AgentAttestant, "Beställning CS1000001 har avbrutits"),
            (People.AgentCaseOfficer, "Beställning CS1000001 har avbrutits"),
            (People.AgentOrderer, "Beställning CS1000001 har avbrutits"),
            (People.CustomerAdmin, "Beställning CS1000001 har avbrutits"),
            (People.CustomerOrderer, "Beställning CS1000001 har avbrutits"));
        var decision = (await kp.JournalAsync(id)).Single(j => j.Kind == "Decision" && j.ActivityId == "agentAttestation");
        Assert.Equal("Cancelled", decision.Outcome);
        var data = JsonNode.Parse(decision.Data!)!;
        Assert.Equal(("SMS", "Fel erbjudande valt.", People.AgentAttestant), ((string?)data["method"], (string?)data["reason"], (string?)data["actor"]));
        Assert.Equal("Cancelled", (await kp.JournalAsync(id)).Single(j => j.ActivityId == "endCancelled" && j.Kind == JournalKinds.Note).Outcome);
    }

    [Fact]
    public async Task CustomerAttestantCancels_EndsCancelled_NoHandover()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest());
        kp.Clock.Advance(TimeSpan.FromHours(5));

        await kp.AnswerOkAsync(People.CustomerAttestant, kp.Attest("Cancelled", reason: "Budgeten är inte beslutad."));

        Assert.Equal(WorkflowStatus.Finished, (await kp.InstanceAsync(id)).Status);
        var order = await kp.OrderAsync(id);
        Assert.Equal((OrderStatus.Cancelled, People.CustomerAttestant), (order.Status, order.ClosedByEmail));
        Assert.NotNull(order.AgentAttestedAt);
        var mails = await kp.MailsSinceAsync(kp.Now);
        Assert.All(mails, m => Assert.Equal("Beställning CS1000001 har avbrutits", m.Subject));
        Assert.Equal(
            new[] { People.AgentAttestant, People.AgentCaseOfficer, People.AgentOrderer, People.CustomerAdmin, People.CustomerAttestant, People.CustomerOrderer }.Order(),
            mails.Select(m => m.Recipient).Order());
        Assert.DoesNotContain(await kp.MailsAsync(), m => m.Subject.StartsWith("Påbörja teknisk anslutning", StringComparison.Ordinal));
        Assert.DoesNotContain(await kp.JournalAsync(id), j => j.ActivityId == "technicalHandover");
    }

    [Fact]
    public async Task SamePersonAsOrdererAndAttestant_RefusedUntilLoggedInAgain()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync(attestant: false);
        await kp.AddPersonAsync(People.ExistingCustomerNumber, People.CustomerOrderer, "Britt Beställare", KundportalRole.Attestant);
        var id = await kp.StartExistingCustomerAsync();
        var loggedIn = kp.Now - TimeSpan.FromMinutes(20);
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        var placedAt = kp.Now;
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest());
        kp.Clock.Advance(TimeSpan.FromMinutes(3));

        // Still in the session in which she ordered: refused, and nothing changes.
        var refused = await kp.AnswerAsync(People.CustomerOrderer, kp.Attest(sessionStartedAt: loggedIn), "att attestera");
        Assert.Equal(Workflows.Runtime.ResumeOutcome.InputRejected, refused.Outcome);
        Assert.Contains("Logga ut från Kundportalen och logga in igen", refused.FieldErrors!["authentication.sessionStartedAt"], StringComparison.Ordinal);
        var missingSession = await kp.AnswerAsync(People.CustomerOrderer, new { decision = "Attested", authentication = new { method = "BankID", reference = "r", verifiedAt = kp.Now } }, "att attestera");
        Assert.Equal(Workflows.Runtime.ResumeOutcome.InputRejected, missingSession.Outcome);
        Assert.Equal("customerAttestation", (await kp.InstanceAsync(id)).WaitingAt);
        Assert.Null((await kp.OrderAsync(id)).CustomerAttestedAt);

        // After logging out and in again (a session that began after the order was placed) the same link works.
        kp.Clock.Advance(TimeSpan.FromMinutes(2));
        await kp.AnswerOkAsync(People.CustomerOrderer, kp.Attest(sessionStartedAt: kp.Now - TimeSpan.FromMinutes(1)), "att attestera");
        Assert.True(kp.Now - TimeSpan.FromMinutes(1) > placedAt);
        Assert.Equal(WorkflowSubStatus.Finished, (await kp.InstanceAsync(id)).SubStatus);
        Assert.Equal(People.CustomerOrderer, (await kp.OrderAsync(id)).CustomerAttestedByEmail);
    }

    [Fact]
    public async Task SamePersonAsAgentReviewerAndAttestant_MustLogInAgain()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        await kp.AddPersonAsync(People.AgentNumber, People.AgentOrderer, "Bo Beställare", KundportalRole.Attestant);
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        var session = kp.Now;
        kp.Clock.Advance(TimeSpan.FromMinutes(1));
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed(attestant: People.AgentOrderer));
        kp.Clock.Advance(TimeSpan.FromMinutes(1));

        var refused = await kp.AnswerAsync(People.AgentOrderer, kp.Attest(sessionStartedAt: session), "att attestera");
        Assert.Equal(Workflows.Runtime.ResumeOutcome.InputRejected, refused.Outcome);
        Assert.Equal("agentAttestation", (await kp.InstanceAsync(id)).WaitingAt);

        await kp.AnswerOkAsync(People.AgentOrderer, kp.Attest(sessionStartedAt: kp.Now), "att attestera");
        Assert.Equal("customerAttestation", (await kp.InstanceAsync(id)).WaitingAt);
    }
}
