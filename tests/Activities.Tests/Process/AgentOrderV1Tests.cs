using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Process;

/// <summary>Version 1 (the older page): the customer's attestation goes out with the agent's review, and the handover waits for both.</summary>
public sealed class AgentOrderV1Tests
{
    [Fact]
    public async Task HappyPath_AgentAndCustomerBranchesWaitAtOnce_HandoverAfterBoth()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync(agentAttestant: false);
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync(version: 1);
        Assert.Equal(1, (await kp.InstanceAsync(id)).Version);
        // Version 1 does not require the agent's roles before ordering (the agent has no Attestant yet).
        Assert.Equal("placeOrder", (await kp.InstanceAsync(id)).WaitingAt);
        kp.Clock.Advance(TimeSpan.FromHours(1));

        await kp.AnswerOkAsync(People.CustomerOrderer, Order());

        Assert.Equal("agentReview,customerAttestation", string.Join(',', (await kp.InstanceAsync(id)).WaitingAt!.Split(',').Order()));
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.CustomerOrderer, "Beställning CS1000001 är skickad"),
            (People.AgentCaseOfficer, "Ny beställning att hantera: CS1000001"),
            (People.AgentOrderer, "Ny beställning att hantera: CS1000001"),
            (People.CustomerAttestant, "Beställning CS1000001 att attestera"));
        Assert.Contains("Beställningen hanteras samtidigt av agenten Journalsystem AB.",
            (await kp.MailsSinceAsync(kp.Now)).Single(m => m.Recipient == People.CustomerAttestant).Body, StringComparison.Ordinal);

        // The customer attests first; the join waits for the agent's branch.
        kp.Clock.Advance(TimeSpan.FromHours(1));
        await kp.AnswerOkAsync(People.CustomerAttestant, kp.Attest());
        Assert.Equal("agentReview", (await kp.InstanceAsync(id)).WaitingAt);
        Assert.Empty(await kp.MailsSinceAsync(kp.Now));

        await kp.AddPersonAsync(People.AgentNumber, People.AgentAttestant, "Agnes Attestant", KundportalRole.Attestant);
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        Assert.Equal("agentAttestation", (await kp.InstanceAsync(id)).WaitingAt);
        kp.Clock.Advance(TimeSpan.FromHours(1));
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest(method: "SMS"));

        var instance = await kp.InstanceAsync(id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.AgentCaseOfficer, "Påbörja teknisk anslutning: Kommunen till Nationell patientöversikt (NPÖ) (CS1000001)"),
            (People.AgentOrderer, "Påbörja teknisk anslutning: Kommunen till Nationell patientöversikt (NPÖ) (CS1000001)"),
            (People.CustomerOrderer, "Beställning CS1000001 är klar"));
        var order = await kp.OrderAsync(id);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.True(order.CustomerAttestedAt < order.AgentAttestedAt);
        Assert.Equal(
        [
            ("placeOrder", "Placed", People.CustomerOrderer),
            ("customerAttestation", "Attested", People.CustomerAttestant),
            ("agentReview", "Proceed", People.AgentOrderer),
            ("agentAttestation", "Attested", People.AgentAttestant),
        ], await kp.DecisionsAsync(id));
    }

    [Fact]
    public async Task AgentAvslår_WithdrawsTheCustomerAttestationLinks_AndTellsTheAttestant()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync(version: 1);
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        var customerToken = await kp.LinkAsync(People.CustomerAttestant);
        kp.Clock.Advance(TimeSpan.FromHours(1));

        await kp.AnswerOkAsync(People.AgentCaseOfficer, new { decision = "Rejected", reason = "Tjänsten stöds inte i vår version." });

        Assert.Equal(WorkflowStatus.Finished, (await kp.InstanceAsync(id)).Status);
        var bookmarks = await kp.BookmarksAsync(id);
        Assert.DoesNotContain(bookmarks, b => b.Status == BookmarkStatus.Active);
        Assert.All(bookmarks.Where(b => b.ActivityId == "customerAttestation"), b => Assert.Equal(BookmarkStatus.Withdrawn, b.Status));
        var late = await kp.AnswerTokenAsync(customerToken, People.CustomerAttestant, kp.Attest());
        Assert.Equal(ResumeOutcome.AlreadyHandled, late.Outcome);
        Assert.Equal(BookmarkStatus.Withdrawn, late.HandledHow);

        Assert.Equal(OrderStatus.Rejected, (await kp.OrderAsync(id)).Status);
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.AgentCaseOfficer, "Beställning CS1000001 har avslagits"),
            (People.AgentOrderer, "Beställning CS1000001 har avslagits"),
            (People.CustomerAdmin, "Beställning CS1000001 har avslagits"),
            (People.CustomerAttestant, "Beställning CS1000001 har avslagits"),
            (People.CustomerOrderer, "Beställning CS1000001 har avslagits"));
    }

    [Fact]
    public async Task CustomerCancels_WithdrawsTheAgentBranchLinks()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync(version: 1);
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        var agentToken = await kp.LinkAsync(People.AgentOrderer);

        await kp.AnswerOkAsync(People.CustomerAttestant, kp.Attest("Cancelled", reason: "Dubblett av en annan beställning."));

        Assert.Equal(OrderStatus.Cancelled, (await kp.OrderAsync(id)).Status);
        Assert.DoesNotContain(await kp.BookmarksAsync(id), b => b.Status == BookmarkStatus.Active);
        Assert.Equal(ResumeOutcome.AlreadyHandled, (await kp.AnswerTokenAsync(agentToken, People.AgentOrderer, Proceed())).Outcome);
    }

    [Fact]
    public async Task InstanceStartedOnVersion1_FinishesOnVersion1_AfterVersion2IsPublished()
    {
        await using var kp = await CreateAsync(importDefinitions: false);
        await kp.Definitions.ImportAsync(await File.ReadAllTextAsync(Path.Combine(DefinitionsFolder, "kundportal-agent-order.v1.json")), publish: true, "test");
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var old = await kp.StartExistingCustomerAsync();
        Assert.Equal(1, (await kp.InstanceAsync(old)).Version);

        kp.Clock.Advance(TimeSpan.FromMinutes(1));
        var published = await kp.Definitions.ImportAsync(await File.ReadAllTextAsync(Path.Combine(DefinitionsFolder, "kundportal-agent-order.v2.json")), publish: true, "test");
        Assert.Equal((2, true), (published.Definition.Version, published.Definition.IsPublished));
        var fresh = await kp.StartExistingCustomerAsync();
        Assert.Equal(2, (await kp.InstanceAsync(fresh)).Version);

        // The old instance still behaves like version 1: its customer attestation goes out with the agent review.
        var links = await kp.LinksAsync(People.CustomerOrderer, "Nu kan");
        Assert.Equal(2, links.Count);
        Assert.True((await kp.AnswerTokenAsync(links[0], People.CustomerOrderer, Order())).Succeeded);
        var oldOrder = await kp.OrderAsync(old);
        Assert.Equal("agentReview,customerAttestation", string.Join(',', (await kp.InstanceAsync(old)).WaitingAt!.Split(',').Order()));

        Assert.True((await kp.AnswerTokenAsync(links[1], People.CustomerOrderer, Order())).Succeeded);
        Assert.Equal("agentReview", (await kp.InstanceAsync(fresh)).WaitingAt);

        await kp.AnswerOkAsync(People.CustomerAttestant, kp.Attest(), oldOrder.CaseNumber);
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed(), oldOrder.CaseNumber);
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest(), oldOrder.CaseNumber);
        var finished = await kp.InstanceAsync(old);
        Assert.Equal((1, WorkflowStatus.Finished, WorkflowSubStatus.Finished), (finished.Version, finished.Status, finished.SubStatus));
        Assert.Equal(OrderStatus.Completed, (await kp.OrderAsync(old)).Status);
        Assert.Equal((2, "agentReview"), ((await kp.InstanceAsync(fresh)).Version, (await kp.InstanceAsync(fresh)).WaitingAt));
    }
}
