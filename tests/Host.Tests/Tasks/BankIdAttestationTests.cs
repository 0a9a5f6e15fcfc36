using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing.BankId;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Tasks;

/// <summary>
/// Attesting with BankID over HTTP against BankID's stand-in, on PostgreSQL with SMTP: each way it can fail ends where the
/// attestant expects (the form again, BankID's Swedish message, the order not attested, the failure journalled), and no
/// authentication a caller puts in an API request can stand in for BankID.
/// </summary>
public sealed class BankIdAttestationTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private const string Password = TaskPageTests.Password;
    private static readonly string AgentNumber = "556677889" + OrganisationNumber.CheckDigit("556677889");
    private const string AgentOrderer = "bestallare@journalsystem.test";
    private const string AgentAttestant = "attestant@journalsystem.test";

    /// <summary>An existing customer's order, reviewed by the agent, waiting for the agent's attestant. Returns the order's instance and the attestant's link.</summary>
    private async Task<(Guid Instance, string Token)> AtAgentAttestationAsync(string nine)
    {
        var services = fixture.Host.Services;
        var roles = services.GetRequiredService<RoleAdministration>();
        await roles.SaveOrganisationAsync(AgentNumber, "Journalsystem AB", OrganisationKind.Agent);
        await PersonAsync(roles, AgentNumber, AgentOrderer, "Bo Beställare", KundportalRole.Orderer);
        await PersonAsync(roles, AgentNumber, AgentAttestant, "Agnes Attestant", KundportalRole.Attestant);
        await roles.SaveUserAsync("handlaggare@journalsystem.test", "Hanna Handläggare");
        await roles.AssignRoleAsync(AgentNumber, "handlaggare@journalsystem.test", KundportalRole.AgentCaseOfficer, "test", "NPO");
        var customer = nine + OrganisationNumber.CheckDigit(nine);
        var orderer = $"bestallare{nine}@kommun.test";
        await roles.SaveOrganisationAsync(customer, $"Kommun {nine}", OrganisationKind.Customer, hasCustomerAgreement: true);
        await PersonAsync(roles, customer, orderer, "Berit Beställare", KundportalRole.Orderer);
        await PersonAsync(roles, customer, $"attestant{nine}@kommun.test", "Axel Attestant", KundportalRole.Attestant);
        var started = await services.GetRequiredService<AgentOrderProcess>().StartAsync(new AgentOrderStart { OrganisationNumber = customer, AgentOrganisationNumber = AgentNumber }, orderer);
        Assert.True(started.Started, started.Message);
        await AnswerAsync(orderer, await fixture.Mail.TaskTokenAsync(orderer, ""),
            ("serviceCode", "NPO"), ("offeringCode", "NPO-KONSUMENT"), ("careUnits[0].hsaId", "SE2120001231-1234"), ("careUnits[0].name", "Vårdcentralen Öst"), ("termsAccepted", "true"));
        await AnswerAsync(AgentOrderer, await fixture.Mail.TaskTokenAsync(AgentOrderer, $"Kommun {nine}"),
            ("decision", "Proceed"), ("termsAccepted", "true"), ("invoicing.organisationNumber", "556677-8899"),
            ("invoicing.reference", "Kst 1"), ("invoicing.address", "Box 2, 111 11 Stockholm"), ("attestantEmail", AgentAttestant));
        return (started.Step!.InstanceId, await fixture.Mail.TaskTokenAsync(AgentAttestant, $"Kommun {nine}"));
    }

    [Theory]
    [InlineData("wrongPerson", "Du skrev under med ett annat BankID än det som hör till mottagaren av uppgiften.")]
    [InlineData("userCancel", "Åtgärden avbröts.")]
    [InlineData("expiredTransaction", "BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Försök sedan igen.")]
    [InlineData("maintenance", "Något gick fel. Försök igen.")]
    public async Task Attestation_ThatBankIdDoesNotComplete_ForTheAttestant_EndsOnTheFormWithBankIdsMessage_AndNothingIsAttested(string failure, string message)
    {
        var nine = failure switch { "wrongPerson" => "212000201", "userCancel" => "212000202", "expiredTransaction" => "212000203", _ => "212000204" };
        var (instance, token) = await AtAgentAttestationAsync(nine);
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await browser.LoginAsync(AgentAttestant, Password);

        HttpResponseMessage response;
        string html;
        if (failure == "maintenance")
        {
            // BankID is down for maintenance when the order is started: 503 maintenance.
            fixture.BankId.FailNextStart(503, "maintenance");
            var (_, form) = await browser.GetAsync($"/tasks/{token}");
            (response, html) = await browser.PostFormAsync($"/tasks/{token}", form, ("decision", "Attested"), ("method", "BankID"), ("action", "submit"));
        }
        else
        {
            // Someone else's BankID completes the order (BankID would not let it, given the requirement: the host checks too), or it fails in the app.
            fixture.BankId.Next(CollectAnswer.Pending("userSign"), failure == "wrongPerson"
                ? CollectAnswer.Complete(TestPersonalNumbers.For("nagon.annan@kommun.test"), "Nils Någon")
                : CollectAnswer.Failed(failure));
            var (stage, stageHtml) = await BankIdSteps.StartAsync(browser, token, ("decision", "Attested"), ("method", "BankID"));
            (response, html) = await BankIdSteps.CollectAsync(browser, stage, stageHtml, fixture.Clock);
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("Attestera beställning", html, StringComparison.Ordinal);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var workflows = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        Assert.Equal("agentAttestation", (await workflows.Instances.AsNoTracking().SingleAsync(i => i.Id == instance)).WaitingAt);
        Assert.False(await workflows.Journal.AnyAsync(j => j.InstanceId == instance && j.Kind == "Decision" && j.Actor == AgentAttestant));
        var failed = await workflows.Journal.AsNoTracking().SingleAsync(j => j.InstanceId == instance && j.Kind == JournalKinds.StepUpFailed);
        Assert.Equal(AgentAttestant, failed.Actor);
        Assert.Contains(failure == "wrongPerson" ? "någon annan (Nils Någon)" : failure, failed.Message, StringComparison.Ordinal);
        await using var domain = scope.ServiceProvider.GetRequiredService<Activities.Persistence.KundportalDbContextFactory>().CreateDbContext();
        var order = await domain.Orders.AsNoTracking().SingleAsync(o => o.WorkflowInstanceId == instance);
        Assert.Equal((OrderStatus.AgentReviewed, null), (order.Status, order.AgentAttestedAt));
        Assert.False(await domain.StepUpProofs.AnyAsync(p => p.InstanceId == instance));

        // The same link still works: the attestant tries again and BankID completes for the right person.
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await BankIdSteps.ConfirmAsync(browser, token, fixture.Clock, ("decision", "Attested"), ("method", "BankID"));
        Assert.Equal(OrderStatus.AgentAttested, (await domain.Orders.AsNoTracking().SingleAsync(o => o.WorkflowInstanceId == instance)).Status);
    }

    [Fact]
    public async Task ForgedAuthentication_InTheElsaApiResume_DoesNotCompleteAnAttestation()
    {
        var (instance, token) = await AtAgentAttestationAsync("212000205");
        // The attestant is also Inera staff, with an API key's rights: she resumes her own link and says she used BankID.
        using var staff = fixture.Host.Staff();

        var response = await staff.PostAsJsonAsync("/elsa/api/bookmarks/resume", new JsonObject
        {
            ["token"] = token,
            ["input"] = new JsonObject
            {
                ["decision"] = "Attested",
                ["authentication"] = new JsonObject
                {
                    ["method"] = "BankID", ["reference"] = "made-up-BankID",
                    ["verifiedAt"] = fixture.Clock.GetUtcNow().ToString("O"), ["sessionStartedAt"] = fixture.Clock.GetUtcNow().ToString("O"),
                },
                ["bankId"] = new JsonObject { ["user"] = new JsonObject { ["personalNumber"] = TestPersonalNumbers.For(AgentAttestant) } },
            },
        });

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var workflows = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        Assert.Equal("agentAttestation", (await workflows.Instances.AsNoTracking().SingleAsync(i => i.Id == instance)).WaitingAt);
        Assert.False(await workflows.Journal.AnyAsync(j => j.InstanceId == instance && j.Kind == "Decision" && j.Outcome == "Attested"));
        await using var domain = scope.ServiceProvider.GetRequiredService<Activities.Persistence.KundportalDbContextFactory>().CreateDbContext();
        Assert.Null((await domain.Orders.AsNoTracking().SingleAsync(o => o.WorkflowInstanceId == instance)).AgentAttestedAt);
    }

    [Fact]
    public async Task BankIdStage_OfOneTask_IsUnknownThroughAnotherTasksLink()
    {
        var (_, token) = await AtAgentAttestationAsync("212000206");
        var (_, other) = await AtAgentAttestationAsync("212000207");
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await browser.LoginAsync(AgentAttestant, Password);
        var (stage, _) = await BankIdSteps.StartAsync(browser, token, ("decision", "Attested"), ("method", "BankID"));
        var session = stage[(stage.LastIndexOf('/') + 1)..];

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/tasks/{other}/bankid/{session}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"/tasks/{other}/bankid/{session}/status")).StatusCode);
    }

    [Fact]
    public async Task LoggaInMedBankId_SignsInThePersonWithThatPersonnummer_AndNobodyWithout()
    {
        await AtAgentAttestationAsync("212000208");
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        var (_, login) = await browser.GetAsync("/login?ReturnUrl=%2Fkonto");
        Assert.Contains("Logga in med BankID", login, StringComparison.Ordinal);

        fixture.BankId.Next(CollectAnswer.Pending("started"), CollectAnswer.Complete(TestPersonalNumbers.For(AgentAttestant), "Agnes Attestant"));
        var (started, _) = await browser.PostFormAsync("/login/bankid", login, ("ReturnUrl", "/konto"));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var stage = started.Headers.Location!.OriginalString;
        var order = fixture.BankId.LastOrder!;
        Assert.Equal("auth", order.Operation);
        Assert.Null(order.RequiredPersonalNumber);
        var (_, stageHtml) = await browser.GetAsync(stage);
        Assert.Contains($"bankid:///?autostarttoken={order.AutoStartToken}&redirect=null", stageHtml, StringComparison.Ordinal);
        var (status, _) = await browser.GetAsync($"{stage}/status");
        Assert.Contains("Söker efter BankID", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        var (signedIn, _) = await browser.PostFormAsync(stage, stageHtml, ("action", "collect"));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/konto", signedIn.Headers.Location!.OriginalString);
        var (page, pageHtml) = await browser.GetAsync("/konto");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(AgentAttestant, pageHtml, StringComparison.Ordinal);
        // The completed order signs in once: another browser with the same address gets nobody's login.
        using (var replay = new PortalClient(fixture.Host.BaseAddress))
        {
            var (_, replayHtml) = await replay.GetAsync(stage);
            var (replayed, replayedHtml) = await replay.PostFormAsync(stage, replayHtml, ("action", "collect"));
            Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
            Assert.Contains("redan använd", replayedHtml, StringComparison.Ordinal);
        }

        // A BankID whose personnummer nobody in the portal has signs nobody in.
        using var stranger = new PortalClient(fixture.Host.BaseAddress);
        var (_, strangerLogin) = await stranger.GetAsync("/login");
        fixture.BankId.Next(CollectAnswer.Complete(TestPersonalNumbers.For("okand@nowhere.test"), "Olle Okänd"));
        var (strangerStarted, _) = await stranger.PostFormAsync("/login/bankid", strangerLogin, ("ReturnUrl", "/"));
        var strangerStage = strangerStarted.Headers.Location!.OriginalString;
        var (_, strangerStageHtml) = await stranger.GetAsync(strangerStage);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var (refused, refusedHtml) = await stranger.PostFormAsync(strangerStage, strangerStageHtml, ("action", "collect"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Ingen användare i Kundportalen har ditt personnummer", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync("/konto")).Response.StatusCode);
    }

    [Fact]
    public async Task Personnummer_IsValidated_AndOwnedByOnePerson()
    {
        await AtAgentAttestationAsync("212000209");
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await browser.LoginAsync(AgentOrderer, Password);
        var (_, page) = await browser.GetAsync("/konto");
        var (_, wrong) = await browser.PostFormAsync("/konto", page, ("_handler", "personal-number"), ("Input.PersonalNumber", "19811218-9875"));
        Assert.Contains("kontrollsiffran stämmer inte", wrong, StringComparison.Ordinal);
        var (_, taken) = await browser.PostFormAsync("/konto", page, ("_handler", "personal-number"), ("Input.PersonalNumber", TestPersonalNumbers.Written(AgentAttestant)));
        Assert.Contains("redan registrerat för en annan användare", taken, StringComparison.Ordinal);
        var mine = TestPersonalNumbers.For("eget.nummer@journalsystem.test");
        var (_, saved) = await browser.PostFormAsync("/konto", page, ("_handler", "personal-number"), ("Input.PersonalNumber", mine));
        Assert.Contains("Personnumret är sparat.", saved, StringComparison.Ordinal);
        Assert.Contains($"{mine[..8]}-****", saved, StringComparison.Ordinal);
    }

    private async Task AnswerAsync(string email, string token, params (string Name, string Value)[] fields)
    {
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await browser.LoginAsync(email, Password);
        var (_, form) = await browser.GetAsync($"/tasks/{token}");
        var (response, html) = await browser.PostFormAsync($"/tasks/{token}", form, [.. fields, ("action", "submit")]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
    }

    private async Task PersonAsync(RoleAdministration roles, string organisation, string email, string name, KundportalRole role)
    {
        await roles.SaveUserAsync(email, name, "070-123 45 67");
        Assert.Null(await roles.SetPersonalNumberAsync(email, TestPersonalNumbers.For(email), "test"));
        await roles.AssignRoleAsync(organisation, email, role, "test");
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<PortalSignIn>();
        if (!await signIn.HasPasswordAsync(email))
            Assert.True((await signIn.SetPasswordAsync(email, Password)).Succeeded);
    }
}
