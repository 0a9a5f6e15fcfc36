using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Activities.Tests.Support;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Steps;

/// <summary>Bad input at each step is refused with a clear Swedish message per field, and the instance stays where it was.</summary>
public sealed class InputValidationTests
{
    [Theory]
    [InlineData("12345", "ska bestå av 10 siffror")]
    [InlineData("55655942301", "ska bestå av 10 siffror")]
    [InlineData("556559-4231", "kontrollsiffran stämmer inte")]
    [InlineData("", "Ange organisationsnummer.")]
    public async Task Start_BadOrganisationNumber_IsRefused_AndNothingStarts(string number, string message)
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();

        var result = await kp.Process.StartAsync(new AgentOrderStart
        {
            OrganisationNumber = number, AgentOrganisationNumber = People.AgentNumber, Application = Application(),
        }, People.CustomerAdmin);

        Assert.False(result.Started);
        Assert.Contains(message, result.FieldErrors["organisationNumber"], StringComparison.Ordinal);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
        Assert.Empty(await kp.MailsAsync());
        Assert.Equal(0, await kp.DomainAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task Start_BadApplication_IsRefusedPerField()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        var application = Application() with
        {
            OrganisationName = " ",
            Signatory = new ContactDetails { Name = "Fredrik", Email = "inte-en-adress", Phone = "070" },
        };

        var result = await kp.Process.StartAsync(new AgentOrderStart
        {
            OrganisationNumber = People.NewCustomerNumber, AgentOrganisationNumber = People.WithWrongCheckDigit(People.AgentNumber), Application = application,
        }, People.CustomerAdmin);

        Assert.False(result.Started);
        Assert.Equal(["agentOrganisationNumber", "application.organisationName", "application.signatory.email", "application.signatory.personalNumber", "application.signatory.phone"],
            result.FieldErrors.Keys.Order());
        Assert.Equal("'inte-en-adress' är inte en giltig e-postadress.", result.FieldErrors["application.signatory.email"]);
        Assert.Equal("Ange personnummer.", result.FieldErrors["application.signatory.personalNumber"]);
    }

    [Fact]
    public async Task Start_WithoutAgreementOrApplication_OrWithUnknownAgent_IsRefused()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();

        var noApplication = await kp.Process.StartAsync(new AgentOrderStart { OrganisationNumber = People.NewCustomerNumber, AgentOrganisationNumber = People.AgentNumber }, People.CustomerAdmin);
        var unknownAgent = await kp.Process.StartAsync(new AgentOrderStart
        {
            OrganisationNumber = People.NewCustomerNumber, AgentOrganisationNumber = People.Number("556111222"), Application = Application(),
        }, People.CustomerAdmin);

        Assert.Equal("Organisationen har inget kundavtal med Inera: fyll i och skicka in kundansökan.", noApplication.FieldErrors["application"]);
        Assert.StartsWith("Det finns ingen agent med organisationsnummer", unknownAgent.FieldErrors["agentOrganisationNumber"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveApplication_RejectionWithoutReason_OrUnknownDecision_IsRefused()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        var id = await kp.StartNewCustomerAsync();

        await AssertRefusedAsync(kp, id, People.IneraOfficer, new { decision = "Rejected" }, "reason", "Ange en motivering till \"Avslå\".");
        await AssertRefusedAsync(kp, id, People.IneraOfficer, new { decision = "Kanske" }, "decision", "Välj Godkänn (Approved) eller Avslå (Rejected).");
        await kp.AnswerOkAsync(People.IneraOfficer, new { decision = "Approved" });
    }

    [Fact]
    public async Task SignAgreement_WithoutBankId_IsRefused()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        var id = await kp.StartNewCustomerAsync();
        await kp.AnswerOkAsync(People.IneraOfficer, new { decision = "Approved" });

        await AssertRefusedAsync(kp, id, People.Signatory, new { decision = "Signed", authentication = new { method = "SMS", reference = "x", verifiedAt = kp.Now } },
            "authentication", "Bekräfta med BankID.");
        await AssertRefusedAsync(kp, id, People.Signatory, new { decision = "Signed", authentication = new { method = "BankID", reference = "x", verifiedAt = kp.Now - TimeSpan.FromHours(1) } },
            "authentication", "för gammal");
        Assert.Equal(AgreementStatus.AwaitingSignature, (await kp.DomainAsync(db => db.Agreements.SingleAsync())).Status);
        await kp.AnswerOkAsync(People.Signatory, kp.Sign());
    }

    [Fact]
    public async Task PlaceOrder_EmptyCareUnitsWhereRequired_IsRefused_AndNoOrderIsCreated()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();

        await AssertRefusedAsync(kp, id, People.CustomerOrderer, Order(careUnits: []), "careUnits",
            "Ange alla vårdenheter som ska anslutas till Nationell patientöversikt (NPÖ): det krävs vid första beställningen.");
        await AssertRefusedAsync(kp, id, People.CustomerOrderer, Order(careUnits: [new { hsaId = "vc-norr", name = "Vårdcentralen Norr" }]), "careUnits[0].hsaId",
            "HSA-id 'vc-norr' har fel form; det ska se ut som SE2321000016-15BK.");
        await AssertRefusedAsync(kp, id, People.CustomerOrderer, Order(careUnits:
            [new { hsaId = "SE2321000016-15BK", name = "Vårdcentralen Norr" }, new { hsaId = "SE2321000016-16BK", name = "Vårdcentralen Syd" }, new { hsaId = "se2321000016-15bk", name = "Norr igen" }]),
            "careUnits[2].hsaId", "HSA-id se2321000016-15bk finns redan med i beställningen (vårdenhet 1).");
        Assert.Equal(0, await kp.DomainAsync(db => db.Orders.CountAsync()));
        Assert.Equal(0, await kp.DomainAsync(db => db.CareUnits.CountAsync()));

        // A service without that rule takes an order without care units.
        await kp.AssignAsync(People.AgentNumber, People.AgentCaseOfficer, "Hanna Handläggare", KundportalRole.AgentCaseOfficer, "WEBCERT");
        await kp.AnswerOkAsync(People.CustomerOrderer, Order("WEBCERT", "WEBCERT-FRISTAENDE", careUnits: []));
        Assert.Equal("CS1000001", (await kp.OrderAsync(id)).CaseNumber);
    }

    [Fact]
    public async Task PlaceOrder_TermsNotAccepted_UnknownService_OrAgentWithoutCaseOfficer_IsRefused()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();

        await AssertRefusedAsync(kp, id, People.CustomerOrderer, Order(termsAccepted: false), "termsAccepted", "Läs igenom och godkänn villkoren för att kunna skicka beställningen.");
        await AssertRefusedAsync(kp, id, People.CustomerOrderer, Order(service: "TELEFONI"), "serviceCode", "Tjänsten 'TELEFONI' finns inte i tjänstekatalogen. Välj en tjänst i listan.");
        await AssertRefusedAsync(kp, id, People.CustomerOrderer, Order(offering: "JOURNALEN-PRODUCENT"), "offeringCode",
            "Erbjudandet Journalen Producent hör till tjänsten Journalen, inte till Nationell patientöversikt (NPÖ). Välj ett erbjudande för Nationell patientöversikt (NPÖ).");
        await AssertRefusedAsync(kp, id, People.CustomerOrderer, Order(offering: "NPO-OKAND"), "offeringCode", "Erbjudandet 'NPO-OKAND' finns inte för Nationell patientöversikt (NPÖ).");
        await AssertRefusedAsync(kp, id, People.CustomerOrderer, Order("PU", "PU-ANSLUTNING"), "serviceCode",
            "Agenten Journalsystem AB har ingen Handläggare agent för Personuppgiftstjänsten och kan inte ta emot beställningen. Välj en annan tjänst eller kontakta agenten.");
        var refused = await kp.AnswerAsync(People.CustomerOrderer, new { });
        Assert.Equal(["serviceCode", "termsAccepted"], refused.FieldErrors!.Keys.Order());

        // Nothing was used up: no case number, no order, and the same link still places the order.
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        Assert.Equal("CS1000001", (await kp.OrderAsync(id)).CaseNumber);
    }

    [Fact]
    public async Task AgentReview_BadInvoiceOrganisationNumber_TermsOrAttestant_IsRefused()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());

        await AssertRefusedAsync(kp, id, People.AgentOrderer, Proceed(invoiceNumber: People.WithWrongCheckDigit(People.AgentNumber)), "invoicing.organisationNumber", "kontrollsiffran stämmer inte");
        await AssertRefusedAsync(kp, id, People.AgentOrderer, Proceed(attestant: People.AgentOrderer), "attestantEmail",
            $"{People.AgentOrderer} är inte attestant hos agenten. Välj en av agentens attestanter.");
        await AssertRefusedAsync(kp, id, People.AgentOrderer, new { decision = "Proceed" }, "termsAccepted", "Läs igenom och godkänn villkoren för att gå vidare.");
        // Longer than the database keeps: refused at the field, the step never reaches the database.
        await AssertRefusedAsync(kp, id, People.AgentOrderer, new
        {
            decision = "Proceed", termsAccepted = true, attestantEmail = People.AgentAttestant,
            invoicing = new { organisationNumber = People.AgentNumber, reference = new string('R', 129), address = new string('A', 513) },
        }, "invoicing.reference", "högst 128 tecken");
        Assert.Equal(OrderStatus.Placed, (await kp.OrderAsync(id)).Status);
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
    }

    [Fact]
    public async Task Attestation_WithoutMethod_OrWithStaleConfirmation_IsRefused()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());

        await AssertRefusedAsync(kp, id, People.AgentAttestant, new { decision = "Attested" }, "authentication", "Välj attesteringsmetod och bekräfta: BankID eller engångslösenord via SMS.");
        await AssertRefusedAsync(kp, id, People.AgentAttestant, new { decision = "Attested", authentication = new { method = "Lösenord", reference = "x", verifiedAt = kp.Now } },
            "authentication", "Välj attesteringsmetod");
        await AssertRefusedAsync(kp, id, People.AgentAttestant, new { decision = "Cancelled", authentication = new { method = "SMS", reference = "x", verifiedAt = kp.Now } },
            "reason", "Ange en motivering till \"Avbryt\".");
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest(method: "SMS"));
    }

    [Fact]
    public async Task BankIdAttestation_KeepsTheCompletionDataInTheJournal()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        var completion = new { user = new { personalNumber = People.PersonalNumberFor(People.AgentAttestant), name = "Anna Attestant" }, signature = "c2lnbmF0dXI=", ocspResponse = "b2NzcA==" };

        await kp.AnswerOkAsync(People.AgentAttestant, new
        {
            decision = "Attested",
            authentication = new { method = "BankID", reference = "order-ref-1", verifiedAt = kp.Now, sessionStartedAt = kp.Now },
            bankId = completion,
        });

        var decision = (await kp.JournalAsync(id)).Last(j => j.Kind == KundportalJournalKinds.Decision);
        var data = System.Text.Json.Nodes.JsonNode.Parse(decision.Data!)!;
        Assert.Equal("BankID", data["method"]!.GetValue<string>());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(Json(completion), data["bankIdCompletion"]));
    }

    [Fact]
    public async Task Link_UsedByAnotherPerson_OrAfterTheRoleWasRevoked_IsRefused()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        var token = await kp.LinkAsync(People.CustomerOrderer);

        Assert.Equal(ResumeOutcome.WrongRecipient, (await kp.AnswerTokenAsync(token, People.CustomerAttestant, Order())).Outcome);

        await kp.Roles.RevokeRoleAsync(People.ExistingCustomerNumber, People.CustomerOrderer, KundportalRole.Orderer, People.CustomerAdmin);
        var revoked = await kp.AnswerTokenAsync(token, People.CustomerOrderer, Order());
        Assert.Equal(ResumeOutcome.InputRejected, revoked.Outcome);
        Assert.StartsWith("Du har inte längre behörighet", revoked.Message, StringComparison.Ordinal);
        Assert.Equal("placeOrder", (await kp.InstanceAsync(id)).WaitingAt);
    }

    private static async Task AssertRefusedAsync(KundportalHarness kp, Guid id, string email, object answer, string field, string message)
    {
        var before = (await kp.InstanceAsync(id), (await kp.JournalAsync(id)).Count, (await kp.MailsAsync()).Count, (await kp.BookmarksAsync(id)).Count(b => b.Status == "Active"));

        var result = await kp.AnswerAsync(email, answer);

        Assert.Equal(ResumeOutcome.InputRejected, result.Outcome);
        Assert.True(result.FieldErrors!.ContainsKey(field), $"No error for {field}: {string.Join("; ", result.FieldErrors.Select(e => $"{e.Key}={e.Value}"))}");
        Assert.Contains(message, result.FieldErrors[field], StringComparison.Ordinal);
        Assert.Contains(result.FieldErrors[field], result.Message, StringComparison.Ordinal);
        var after = await kp.InstanceAsync(id);
        Assert.Equal((before.Item1.WaitingAt, before.Item1.Revision, before.Item1.SubStatus), (after.WaitingAt, after.Revision, after.SubStatus));
        Assert.Equal(before.Item2, (await kp.JournalAsync(id)).Count);
        Assert.Equal(before.Item3, (await kp.MailsAsync()).Count);
        Assert.Equal(before.Item4, (await kp.BookmarksAsync(id)).Count(b => b.Status == "Active"));
    }
}
