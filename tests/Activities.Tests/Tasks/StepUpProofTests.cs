using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Activities.Tests.Support;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Tasks;

/// <summary>
/// A signature or attestation counts only with a proof the host recorded for that link, that person, that decision
/// and that document, used once; whatever the answer itself says about authentication is not read.
/// </summary>
public sealed class StepUpProofTests
{
    private static async Task<(KundportalHarness Kp, Guid Id, string Token)> AtAgentAttestationAsync()
    {
        var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        return (kp, id, await kp.LinkAsync(People.AgentAttestant, "att attestera"));
    }

    private static async Task AssertNotAttestedAsync(KundportalHarness kp, Guid id, ResumeResult result, string message)
    {
        Assert.Equal(ResumeOutcome.InputRejected, result.Outcome);
        Assert.Contains(message, result.FieldErrors!["authentication"], StringComparison.Ordinal);
        Assert.Equal("agentAttestation", (await kp.InstanceAsync(id)).WaitingAt);
        Assert.Null((await kp.OrderAsync(id)).AgentAttestedAt);
    }

    [Fact]
    public async Task Attestation_WithAuthenticationInTheAnswerButNoRecordedProof_IsRefused()
    {
        var (kp, id, token) = await AtAgentAttestationAsync();
        await using var _ = kp;

        var forged = await kp.ResumeAsIsAsync(token, People.AgentAttestant, new
        {
            decision = "Attested",
            authentication = new { method = "BankID", reference = "made-up-BankID", verifiedAt = kp.Now, sessionStartedAt = kp.Now },
            bankId = new { user = new { personalNumber = People.PersonalNumberFor(People.AgentAttestant) } },
        });

        await AssertNotAttestedAsync(kp, id, forged, "Välj attesteringsmetod och bekräfta");
    }

    [Fact]
    public async Task Proof_ForAnotherDecision_AnotherPerson_OrAnotherLink_DoesNotCount()
    {
        var (kp, id, token) = await AtAgentAttestationAsync();
        await using var _ = kp;
        var customerLinkOfAnotherOrder = token;
        await kp.ProveAsync(token, People.AgentAttestant, "Cancelled", reason: "Fel tjänst");
        await kp.ProveAsync(token, People.AgentOrderer, "Attested");

        await AssertNotAttestedAsync(kp, id, await kp.ResumeAsIsAsync(token, People.AgentAttestant, new { decision = "Attested" }), "Välj attesteringsmetod och bekräfta");

        // A proof made on one link (another order's) is not found through another.
        var (other, otherId, otherToken) = await AtAgentAttestationAsync();
        await using var __ = other;
        Assert.NotEqual(customerLinkOfAnotherOrder, otherToken);
        await AssertNotAttestedAsync(other, otherId, await other.ResumeAsIsAsync(otherToken, People.AgentAttestant, new { decision = "Attested" }), "Välj attesteringsmetod och bekräfta");
    }

    [Fact]
    public async Task BankIdProof_FromAnotherPersonalNumber_IsRefused()
    {
        var (kp, id, token) = await AtAgentAttestationAsync();
        await using var _ = kp;
        await kp.ProveAsync(token, People.AgentAttestant, "Attested", personalNumber: People.PersonalNumberFor("nagon.annan@region.test"));

        await AssertNotAttestedAsync(kp, id, await kp.ResumeAsIsAsync(token, People.AgentAttestant, new { decision = "Attested" }),
            "BankID-underskriften gjordes inte av mottagaren av uppgiften.");
    }

    [Fact]
    public async Task BankIdAttestation_OfAPersonWithoutPersonnummer_IsRefused()
    {
        var (kp, id, token) = await AtAgentAttestationAsync();
        await using var _ = kp;
        await kp.ProveAsync(token, People.AgentAttestant, "Attested");
        Assert.Null(await kp.Roles.SetPersonalNumberAsync(People.AgentAttestant, null, People.AgentAdmin));

        await AssertNotAttestedAsync(kp, id, await kp.ResumeAsIsAsync(token, People.AgentAttestant, new { decision = "Attested" }),
            "BankID-underskriften gjordes inte av mottagaren av uppgiften.");
    }

    [Fact]
    public async Task Proof_OverAnotherDocument_IsRefused()
    {
        var (kp, id, token) = await AtAgentAttestationAsync();
        await using var _ = kp;
        // The attestant confirmed cancelling with one reason; the answer gives another.
        await kp.ProveAsync(token, People.AgentAttestant, "Cancelled", reason: "Fel tjänst");

        var result = await kp.ResumeAsIsAsync(token, People.AgentAttestant, new { decision = "Cancelled", reason = "Något helt annat" });

        Assert.Equal(ResumeOutcome.InputRejected, result.Outcome);
        Assert.Contains("Uppgifterna har ändrats sedan du bekräftade", result.FieldErrors!["authentication"], StringComparison.Ordinal);
        Assert.Equal(OrderStatus.AgentReviewed, (await kp.OrderAsync(id)).Status);
    }

    [Fact]
    public async Task Proof_IsConsumedOnce_InTheStepsTransaction()
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
        var token = await kp.LinkAsync(People.AgentOrderer, "att attestera");

        // The proof is good, but the same-person rule refuses the step: its consumption rolls back with it.
        var proof = await kp.ProveAsync(token, People.AgentOrderer, "Attested", sessionStartedAt: session);
        var refused = await kp.ResumeAsIsAsync(token, People.AgentOrderer, new { decision = "Attested" });
        Assert.Equal(ResumeOutcome.InputRejected, refused.Outcome);
        Assert.True(refused.FieldErrors!.ContainsKey("authentication.sessionStartedAt"));
        Assert.Null((await kp.DomainAsync(db => db.StepUpProofs.SingleAsync(p => p.Id == proof.Id))).ConsumedAt);

        // A proof after a fresh login is taken, marked used, and its details go into the journal.
        kp.Clock.Advance(TimeSpan.FromMinutes(1));
        var fresh = await kp.ProveAsync(token, People.AgentOrderer, "Attested", method: "SMS", sessionStartedAt: kp.Now);
        Assert.Equal(ResumeOutcome.Resumed, (await kp.ResumeAsIsAsync(token, People.AgentOrderer, new { decision = "Attested" })).Outcome);
        Assert.Equal(kp.Now, (await kp.DomainAsync(db => db.StepUpProofs.SingleAsync(p => p.Id == fresh.Id))).ConsumedAt);
        // The newer confirmation replaced the unused one.
        Assert.False(await kp.DomainAsync(db => db.StepUpProofs.AnyAsync(p => p.Id == proof.Id)));
        var order = await kp.OrderAsync(id);
        Assert.Equal(("SMS", fresh.Reference), (order.AgentAttestationMethod, order.AgentAttestationReference));
        var decision = (await kp.JournalAsync(id)).Last(j => j.Kind == KundportalJournalKinds.Decision);
        Assert.Contains(fresh.DocumentHash, decision.Data!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAgreement_NeedsTheSignatorysOwnBankId_ForSigningAndForDeclining()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        var id = await kp.StartNewCustomerAsync();
        await kp.AnswerOkAsync(People.IneraOfficer, new { decision = "Approved" });
        var token = await kp.LinkAsync(People.Signatory, "Signera kundavtalet");

        Assert.Equal(ResumeOutcome.InputRejected, (await kp.ResumeAsIsAsync(token, People.Signatory, new { decision = "Declined", reason = "Vi väntar" })).Outcome);
        await kp.ProveAsync(token, People.Signatory, "Signed", personalNumber: People.PersonalNumberFor(People.CustomerAdmin));
        Assert.Equal(ResumeOutcome.InputRejected, (await kp.ResumeAsIsAsync(token, People.Signatory, new { decision = "Signed" })).Outcome);

        var proof = await kp.ProveAsync(token, People.Signatory, "Signed");
        Assert.Equal(ResumeOutcome.Resumed, (await kp.ResumeAsIsAsync(token, People.Signatory, new { decision = "Signed" })).Outcome);
        var agreement = await kp.DomainAsync(db => db.Agreements.SingleAsync());
        Assert.Equal((AgreementStatus.Signed, proof.Reference, proof.DocumentHash), (agreement.Status, agreement.SigningReference, agreement.SignedDocumentHash));
        Assert.Equal(People.PersonalNumberFor(People.Signatory), agreement.SignatoryPersonalNumber);
        Assert.Equal("checkRoles", (await kp.InstanceAsync(id)).WaitingAt);
    }
}
