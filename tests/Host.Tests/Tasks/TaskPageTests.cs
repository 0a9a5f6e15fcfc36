using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Catalogue;
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

/// <summary>The personal task links over real HTTP, as people use them: e-mail, login, task page, decision.</summary>
public sealed partial class TaskPageTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    public const string Password = "Testlosen-2026";
    private const string Officer = "handlaggare@inera.test";
    private const string AgentOrderer = "bestallare@journalsystem.test";

    [Fact]
    public async Task ApplicationApproval_LinkLoginDecision_GuardsEveryStep()
    {
        var customer = await SeedAndApplyAsync("232100001");
        var token = await fixture.Mail.TaskTokenAsync(Officer, "Ny kundansökan att granska: Region Test (");
        var taskUrl = $"/tasks/{token}";

        using var anonymous = new PortalClient(fixture.Host.BaseAddress);
        // Unknown token: 404 with a readable page, before any login.
        var (unknown, unknownHtml) = await anonymous.GetAsync("/tasks/" + new string('A', 43));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Länken finns inte", unknownHtml, StringComparison.Ordinal);
        // Not signed in: to the login page and back.
        var (challenge, _) = await anonymous.GetAsync(taskUrl);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith("/login", challenge.Headers.Location!.PathAndQuery.Length > 0 ? challenge.Headers.Location.IsAbsoluteUri ? challenge.Headers.Location.PathAndQuery : challenge.Headers.Location.OriginalString : "", StringComparison.Ordinal);

        using var officer = new PortalClient(fixture.Host.BaseAddress);
        Assert.EndsWith(taskUrl, await officer.LoginAsync(Officer, Password, taskUrl), StringComparison.Ordinal);
        var (page, html) = await officer.GetAsync(taskUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("Granska kundansökan från Region Test", html, StringComparison.Ordinal);
        Assert.Contains("Godkänn", html, StringComparison.Ordinal);

        // Someone else signed in: 403, and nothing about the application.
        using var other = new PortalClient(fixture.Host.BaseAddress);
        await other.LoginAsync(AgentOrderer, Password);
        var (forbidden, forbiddenHtml) = await other.GetAsync(taskUrl);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.DoesNotContain("Region Test", forbiddenHtml, StringComparison.Ordinal);

        // No antiforgery field: refused, nothing decided.
        var noToken = await officer.Http.PostAsync(taskUrl, new FormUrlEncodedContent([new("decision", "Approved")]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        // A reason is required to reject: the message is next to the field and the task stays open.
        var (rejected, rejectedHtml) = await officer.PostFormAsync(taskUrl, html, ("decision", "Rejected"), ("action", "submit"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.Matches("id=\"f-reason-error\">[^<]*motivering", rejectedHtml);

        // Double click: two concurrent answers, one step; the other is told it was already handled.
        var answers = await Task.WhenAll(
            officer.PostFormAsync(taskUrl, html, ("decision", "Approved"), ("action", "submit")),
            officer.PostFormAsync(taskUrl, html, ("decision", "Approved"), ("action", "submit")));
        Assert.Single(answers, a => a.Response.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(answers, a => a.Response.StatusCode != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Gone, loser.Response.StatusCode);
        Assert.Contains("redan hanterad", loser.Html, StringComparison.Ordinal);

        // The used link: 410 with who handled it.
        var (used, usedHtml) = await officer.GetAsync(taskUrl);
        Assert.Equal(HttpStatusCode.Gone, used.StatusCode);
        Assert.Contains($"redan hanterad av {Officer}", usedHtml, StringComparison.Ordinal);

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.CorrelationId == customer);
        var decisions = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instance.Id && j.Kind == "Decision").ToListAsync();
        Assert.Equal(("Approved", Officer), (Assert.Single(decisions).Outcome, decisions[0].Actor));
    }

    [Fact]
    public async Task Signing_FromTheLinkWithoutLogin_WithTheSignatorysBankId_CompletesOnlyOnComplete()
    {
        await SeedAndApplyAsync("232100002");
        await AnswerAsync(Officer, "Region Test 2", ("decision", "Approved"));
        const string signatory = "firmatecknare2@region.test";
        var token = await fixture.Mail.TaskTokenAsync(signatory, "Signera kundavtalet");
        var mail = await fixture.Mail.WaitForMessageAsync(m => Mailbox.IsTo(m, signatory) && (m.Subject ?? "").Contains("Signera kundavtalet", StringComparison.Ordinal), "the signing mail");
        Assert.Contains("Du behöver inte logga in", mail.TextBody, StringComparison.Ordinal);
        var url = $"/tasks/{token}";
        // The signatory has no login and no password: the link opens the agreement.
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        var (page, html) = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Signera kundavtalet mellan Region Test 2 och Inera", html, StringComparison.Ordinal);

        // A first attempt cancelled in the app: the page says so (BankID's RFA6), nothing is decided, operations can see it.
        fixture.BankId.Next(CollectAnswer.Failed("userCancel"));
        var (firstStage, firstHtml) = await BankIdSteps.StartAsync(browser, token, ("decision", "Signed"));
        var (cancelled, cancelledHtml) = await browser.PostFormAsync(firstStage, firstHtml, ("action", "collect"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, cancelled.StatusCode);
        Assert.Contains("Åtgärden avbröts.", cancelledHtml, StringComparison.Ordinal);
        await using (var failedScope = fixture.Host.Services.CreateAsyncScope())
        {
            var failed = await failedScope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Journal.AsNoTracking()
                .SingleAsync(j => j.Kind == JournalKinds.StepUpFailed && j.Actor == signatory);
            Assert.Contains("userCancel", failed.Message, StringComparison.Ordinal);
        }

        // The second attempt: BankID is asked to sign exactly the agreement, by exactly the signatory.
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var (stage, stageHtml) = await BankIdSteps.StartAsync(browser, token, ("decision", "Signed"));
        var order = fixture.BankId.LastOrder!;
        Assert.Equal(TestPersonalNumbers.For(signatory), order.RequiredPersonalNumber);
        Assert.Contains("Jag, Fredrik Firmatecknare, signerar kundavtalet mellan Region Test 2 (232100-0024) och Inera AB", order.UserVisibleText, StringComparison.Ordinal);
        Assert.Equal("simpleMarkdownV1", (string?)order.Request["userVisibleDataFormat"]);
        Assert.Contains("Jag, Fredrik Firmatecknare, signerar kundavtalet", stageHtml, StringComparison.Ordinal);
        Assert.Contains($"bankid:///?autostarttoken={order.AutoStartToken}&redirect=null", stageHtml, StringComparison.Ordinal);

        // "Jag har skrivit under" pressed too early: still pending, nothing decided, and the way to the app is still there.
        var (early, _) = await browser.PostFormAsync(stage, stageHtml, ("action", "collect"));
        Assert.Equal($"{stage}?early=1", early.Headers.Location!.OriginalString);
        var (_, earlyHtml) = await browser.GetAsync($"{stage}?early=1");
        Assert.Contains("BankID är inte klart ännu. Starta BankID-appen.", earlyHtml, StringComparison.Ordinal);
        Assert.Contains($"bankid:///?autostarttoken={order.AutoStartToken}&redirect=null", earlyHtml, StringComparison.Ordinal);
        Assert.Contains($"src=\"{stage}/qr\"", earlyHtml, StringComparison.Ordinal);

        var (done, doneHtml) = await BankIdSteps.CollectAsync(browser, stage, earlyHtml, fixture.Clock);
        Assert.True(done.StatusCode == HttpStatusCode.OK, doneHtml);
        Assert.Contains("Tack!", doneHtml, StringComparison.Ordinal);

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var decision = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Journal.AsNoTracking()
            .SingleAsync(j => j.Kind == "Decision" && j.Actor == signatory);
        Assert.Equal("Signed", decision.Outcome);
        Assert.Contains(order.OrderRef, decision.Data!, StringComparison.Ordinal);
        Assert.Contains(TestPersonalNumbers.For(signatory), decision.Data!, StringComparison.Ordinal);
        Assert.Contains((string)order.Request["userNonVisibleData"]!, decision.Data!, StringComparison.Ordinal);
        // No account was made for the signatory.
        Assert.False(await scope.ServiceProvider.GetRequiredService<PortalSignIn>().HasPasswordAsync(signatory));
    }

    [Fact]
    public async Task Version2_FromApplicationToHandover_OverHttp_SignatoryAndBothAttestantsWithBankId()
    {
        var customer = await SeedAndApplyAsync("232100003");
        await AnswerAsync(Officer, "Region Test 3", ("decision", "Approved"));
        const string signatory = "firmatecknare3@region.test";
        await SignWithBankIdAsync(signatory, await fixture.Mail.TaskTokenAsync(signatory, "Signera kundavtalet"), "Signed");

        // The customer's administrator (approved: the account is set up for them here) adds Beställare and Attestant on
        // the role page, which raises "roles changed" and lets the process go on to the order.
        const string admin = "admin3@region.test";
        const string orderer = "bestallare3@region.test";
        const string attestant = "attestant3@region.test";
        await SetPasswordAsync(admin);
        using (var browser = new PortalClient(fixture.Host.BaseAddress))
        {
            await browser.LoginAsync(admin, Password);
            var rolesUrl = $"/organisation/{customer}/roller";
            var (_, page) = await browser.GetAsync(rolesUrl);
            Assert.Contains("Roller som saknas: Beställare och Attestant", page, StringComparison.Ordinal);
            var (_, missingName) = await browser.PostFormAsync(rolesUrl, page, ("_handler", "assign"), ("Add.Email", orderer), ("Add.Role", "Orderer"));
            Assert.Matches("id=\"name-error\">[^<]+", missingName);
            foreach (var (email, name, mobile, role) in new[] { (orderer, "Britt Beställare", "070-444 44 44", "Orderer"), (attestant, "Axel Attestant", "070-555 55 55", "Attestant") })
            {
                var (saved, savedHtml) = await browser.PostFormAsync(rolesUrl, page,
                    ("_handler", "assign"), ("Add.Email", email), ("Add.Name", name), ("Add.Mobile", mobile), ("Add.PersonalNumber", TestPersonalNumbers.Written(email)), ("Add.Role", role));
                Assert.True(saved.StatusCode == HttpStatusCode.OK && savedHtml.Contains($"{name} har rollen", StringComparison.Ordinal), savedHtml);
                page = savedHtml;
                // The new person is e-mailed a link to choose a password (that flow has its own tests); here it is set directly.
                await WaitForLinkOrMailAsync(email, "Välj lösenord");
                await SetPasswordAsync(email);
            }
            Assert.DoesNotContain("Roller som saknas", page, StringComparison.Ordinal);

            // Someone without the administrator role sees no role page.
            using var stranger = new PortalClient(fixture.Host.BaseAddress);
            await stranger.LoginAsync(AgentOrderer, Password);
            Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync(rolesUrl)).Response.StatusCode);
        }

        // The order form: service, offering, care units, terms; the start-up fee is shown before sending.
        var placeUrl = $"/tasks/{await fixture.Mail.TaskTokenAsync(orderer, "")}";
        using (var browser = new PortalClient(fixture.Host.BaseAddress))
        {
            await browser.LoginAsync(orderer, Password);
            var (_, form) = await browser.GetAsync(placeUrl);
            Assert.Contains("Uppstartskostnad", form, StringComparison.Ordinal);
            var (missing, missingHtml) = await browser.PostFormAsync(placeUrl, form, ("serviceCode", "NPO"), ("offeringCode", "NPO-PRODUCENT"), ("action", "submit"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
            Assert.Contains("f-termsAccepted-error", missingHtml, StringComparison.Ordinal);
            var (placed, placedHtml) = await browser.PostFormAsync(placeUrl, form,
                ("serviceCode", "NPO"), ("offeringCode", "NPO-PRODUCENT"),
                ("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr"),
                ("careUnits[1].hsaId", ""), ("careUnits[1].name", ""), ("careUnits[2].hsaId", ""), ("careUnits[2].name", ""),
                ("termsAccepted", "true"), ("action", "submit"));
            Assert.True(placed.StatusCode == HttpStatusCode.OK, placedHtml);
        }

        await AnswerAsync(AgentOrderer, "Region Test 3",
            ("decision", "Proceed"), ("termsAccepted", "true"), ("invoicing.organisationNumber", "556677-8899"),
            ("invoicing.reference", "Kst 4711"), ("invoicing.address", "Box 1, 111 11 Stockholm"), ("attestantEmail", "attestant@journalsystem.test"));

        // The agent's attestant confirms with BankID.
        const string agentAttestant = "attestant@journalsystem.test";
        await SignWithBankIdAsync(agentAttestant, await fixture.Mail.TaskTokenAsync(agentAttestant, "Region Test 3"), "Attested", ("method", "BankID"));
        Assert.Equal(TestPersonalNumbers.For(agentAttestant), fixture.BankId.LastOrder!.RequiredPersonalNumber);
        Assert.Contains("Jag attesterar beställningen som agentens attestant.", fixture.BankId.LastOrder.UserVisibleText, StringComparison.Ordinal);
        Assert.Contains("+ Tjänst: Nationell patientöversikt (NPÖ)", fixture.BankId.LastOrder.UserVisibleText, StringComparison.Ordinal);

        // The customer's attestant attests with BankID: the personnummer the administrator entered is the one BankID requires.
        await SignWithBankIdAsync(attestant, await fixture.Mail.TaskTokenAsync(attestant, "att attestera"), "Attested", ("method", "BankID"));
        Assert.Equal(TestPersonalNumbers.For(attestant), fixture.BankId.LastOrder!.RequiredPersonalNumber);
        Assert.Contains("Jag attesterar beställningen som kundens attestant.", fixture.BankId.LastOrder.UserVisibleText, StringComparison.Ordinal);

        await WaitForLinkOrMailAsync("handlaggare@journalsystem.test", "Påbörja teknisk anslutning");
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var instance = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking().SingleAsync(i => i.CorrelationId == customer);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);

        // Every link in every e-mail opens a page, whoever follows it (a used task link says so on its page).
        await EveryMailedLinkOpensAPageAsync();
        // The "roles missing" e-mail takes the administrator to the organisation's roles page.
        var rolesMail = fixture.Mail.Messages.Last(m => Mailbox.IsTo(m, admin) && (m.Subject ?? "").StartsWith("Roller saknas", StringComparison.Ordinal));
        using var signedIn = new PortalClient(fixture.Host.BaseAddress);
        await signedIn.LoginAsync(admin, Password);
        var (roles, rolesHtml) = await signedIn.GetAsync(MailedPaths(rolesMail.TextBody).Single());
        Assert.True(roles.StatusCode == HttpStatusCode.OK, rolesHtml);
        Assert.Contains("Användare och roller: Region Test 3", rolesHtml, StringComparison.Ordinal);
    }

    private async Task EveryMailedLinkOpensAPageAsync()
    {
        using var anonymous = fixture.Host.Anonymous();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var paths = fixture.Mail.Messages.SelectMany(m => MailedPaths(m.TextBody)).Distinct().ToList();
        Assert.Contains(paths, p => p.StartsWith("/tasks/", StringComparison.Ordinal));
        foreach (var path in paths)
        {
            var response = await anonymous.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Gone, $"{path}: {(int)response.StatusCode} {body}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "text/html" && body.Contains("<html lang=\"sv\"", StringComparison.Ordinal), $"{path}: {body}");
        }
    }

    /// <summary>The paths of the portal's links (on its public address) in an e-mail's text.</summary>
    private static IEnumerable<string> MailedPaths(string? text) =>
        PortalLink().Matches(text ?? "").Select(m => m.Groups[1].Value.TrimEnd('.', ',', ')'));

    [GeneratedRegex(@"https://kundportal\.example\.se(/\S*)")]
    private static partial Regex PortalLink();

    [Fact]
    public async Task ApplicationForm_ValidatesNextToFields_StartsTheProcess_AndLandsInIneraQueue()
    {
        await SeedAndApplyAsync("232100004");
        using var applicant = new PortalClient(fixture.Host.BaseAddress);
        var (_, form) = await applicant.GetAsync("/ansokan");
        Assert.Contains("Journalsystem AB", form, StringComparison.Ordinal);
        (string, string)[] Fields(string number) =>
        [
            ("_handler", "application"), ("Form.OrganisationNumber", number), ("Form.OrganisationName", "Region Formulär"),
            ("Form.AgentOrganisationNumber", "556677-8899"),
            ("Form.Administrator.Name", "Alva Admin"), ("Form.Administrator.Email", "admin5@region.test"), ("Form.Administrator.Phone", "070-111 11 11"),
            ("Form.Signatory.Name", "Fredrik F"), ("Form.Signatory.Email", "firmatecknare5@region.test"), ("Form.Signatory.Phone", "070-222 22 22"),
            ("Form.Signatory.PersonalNumber", TestPersonalNumbers.Written("firmatecknare5@region.test")),
            ("Form.AgreementContact.Name", "Karin K"), ("Form.AgreementContact.Email", "not-an-email"), ("Form.AgreementContact.Phone", "070-333 33 33"),
        ];
        var (_, invalid) = await applicant.PostFormAsync("/ansokan", form, Fields("232100-0010"));
        Assert.Matches("id=\"organisationNumber-error\">[^<]+", invalid);
        Assert.DoesNotContain("Ansökan är skickad", invalid, StringComparison.Ordinal);
        var number = "232100005" + OrganisationNumber.CheckDigit("232100005");
        var (_, badEmail) = await applicant.PostFormAsync("/ansokan", form, Fields(number));
        Assert.Matches("id=\"agreementContact-email-error\">[^<]+", badEmail);
        Assert.Contains("value=\"Region Formulär\"", badEmail, StringComparison.Ordinal);

        var valid = Fields(number).Select(f => f.Item1 == "Form.AgreementContact.Email" ? (f.Item1, "kontakt5@region.test") : f).ToArray();
        var (sent, sentHtml) = await applicant.PostFormAsync("/ansokan", form, valid);
        Assert.True(sent.StatusCode == HttpStatusCode.OK && sentHtml.Contains("Ansökan är skickad", StringComparison.Ordinal), sentHtml);

        // Inera's queue lists it for the handläggare; "Granska" opens its task page (the person's own, no new link is mailed).
        using var officer = new PortalClient(fixture.Host.BaseAddress);
        await officer.LoginAsync(Officer, Password);
        var queue = await Recheck.UntilAsync(async () => (await officer.GetAsync("/inera/ansokningar")).Html,
            html => html.Contains("Region Formulär", StringComparison.Ordinal), "Inera's queue to list Region Formulär", html => $"the page:\n{html}");
        var open = QueueLink().Matches(queue).Select(m => m.Groups[1].Value).Last();
        var (task, taskHtml) = await officer.GetAsync(open);
        Assert.Equal(HttpStatusCode.OK, task.StatusCode);
        Assert.Contains("Granska kundansökan", taskHtml, StringComparison.Ordinal);

        // Not staff: no queue.
        using var agent = new PortalClient(fixture.Host.BaseAddress);
        await agent.LoginAsync(AgentOrderer, Password);
        var (denied, _) = await agent.GetAsync("/inera/ansokningar");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [GeneratedRegex("href=\"(/uppgifter/[0-9a-f-]+)\"")]
    private static partial Regex QueueLink();

    [Fact]
    public async Task Version1_ParallelAttestations_SamePersonMustLogInAgainBeforeAttesting()
    {
        var (customer, orderer) = await SeedExistingCustomerAsync("212000124");
        var started = await fixture.Host.Services.GetRequiredService<AgentOrderProcess>().StartAsync(
            new AgentOrderStart { OrganisationNumber = customer, AgentOrganisationNumber = AgentNumber }, orderer, version: 1);
        Assert.True(started.Started, started.Message);

        // The orderer places the order, and (holding Attestant too) is asked to attest it at once: version 1 runs in parallel.
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await browser.LoginAsync(orderer, Password);
        var placeUrl = $"/tasks/{await fixture.Mail.TaskTokenAsync(orderer, "")}";
        var (_, form) = await browser.GetAsync(placeUrl);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var (placed, placedHtml) = await browser.PostFormAsync(placeUrl, form, ("serviceCode", "NPO"), ("offeringCode", "NPO-KONSUMENT"),
            ("careUnits[0].hsaId", "SE2120001231-1234"), ("careUnits[0].name", "Vårdcentralen Öst"), ("termsAccepted", "true"), ("action", "submit"));
        Assert.True(placed.StatusCode == HttpStatusCode.OK, placedHtml);

        var attestUrl = $"/tasks/{await fixture.Mail.TaskTokenAsync(orderer, "att attestera")}";
        var (_, attestPage) = await browser.GetAsync(attestUrl);
        Assert.Contains("Logga ut och logga in igen innan du attesterar", attestPage, StringComparison.Ordinal);
        var (refused, refusedHtml) = await browser.PostFormAsync(attestUrl, attestPage, ("decision", "Attested"), ("method", "SMS"), ("action", "submit"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Matches("id=\"f-decision-error\">[^<]*Logga ut", refusedHtml);

        // A fresh login (later than the order) lets the same person attest, here with an SMS code.
        var (loggedOut, _) = await browser.PostFormAsync("/logout", attestPage);
        Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        await browser.LoginAsync(orderer, Password);
        var (_, fresh) = await browser.GetAsync(attestUrl);
        Assert.DoesNotContain("Logga ut och logga in igen", fresh, StringComparison.Ordinal);
        var (_, codePage) = await browser.PostFormAsync(attestUrl, fresh, ("decision", "Attested"), ("method", "SMS"), ("action", "submit"));
        Assert.Contains("Engångskod", codePage, StringComparison.Ordinal);
        var code = await SmsCodeAsync("070-666 66 66");
        var (_, wrongHtml) = await browser.PostFormAsync(attestUrl, codePage, ("decision", "Attested"), ("method", "SMS"), ("code", code == "000000" ? "111111" : "000000"), ("action", "verify-sms"));
        Assert.Contains("Fel kod. Du har 4 försök kvar.", wrongHtml, StringComparison.Ordinal);
        var (attested, attestedHtml) = await browser.PostFormAsync(attestUrl, wrongHtml,
            ("decision", "Attested"), ("method", "SMS"), ("code", code), ("action", "verify-sms"));
        Assert.True(attested.StatusCode == HttpStatusCode.OK, attestedHtml);

        // The agent's branch: review, then attestation by BankID; the handover waits for both branches.
        await AnswerAsync(AgentOrderer, "Kommunen Test",
            ("decision", "Proceed"), ("termsAccepted", "true"), ("invoicing.organisationNumber", "556677-8899"),
            ("invoicing.reference", "Kst 1"), ("invoicing.address", "Box 2, 111 11 Stockholm"), ("attestantEmail", "attestant@journalsystem.test"));
        await SignWithBankIdAsync("attestant@journalsystem.test", await fixture.Mail.TaskTokenAsync("attestant@journalsystem.test", "Kommunen Test"), "Attested", ("method", "BankID"));

        await WaitForLinkOrMailAsync("handlaggare@journalsystem.test", "Påbörja teknisk anslutning: Kommunen Test");
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.CorrelationId == customer);
        Assert.Equal((WorkflowStatus.Finished, 1), (instance.Status, instance.Version));
        var bankId = await db.Journal.AsNoTracking().SingleAsync(j => j.InstanceId == instance.Id && j.Kind == "Decision" && j.Actor == "attestant@journalsystem.test" && j.Outcome == "Attested");
        Assert.Contains("BankID", bankId.Data!, StringComparison.Ordinal);
    }

    private static readonly string AgentNumber = "556677889" + OrganisationNumber.CheckDigit("556677889");

    /// <summary>A customer with a kundavtal whose one person is both Beställare and Attestant (and Administratör).</summary>
    private async Task<(string Number, string Orderer)> SeedExistingCustomerAsync(string nine)
    {
        await SeedAndApplyAsync("232100009");
        var roles = fixture.Host.Services.GetRequiredService<RoleAdministration>();
        var number = nine + OrganisationNumber.CheckDigit(nine);
        await roles.SaveOrganisationAsync(number, "Kommunen Test", OrganisationKind.Customer, hasCustomerAgreement: true);
        const string person = "bestallare@kommunen.test";
        await roles.SaveUserAsync(person, "Berit Beställare", "070-666 66 66");
        foreach (var role in new[] { KundportalRole.Administrator, KundportalRole.Orderer, KundportalRole.Attestant })
            await roles.AssignRoleAsync(number, person, role, "test");
        await SetPasswordAsync(person);
        return (number, person);
    }

    [Fact]
    public async Task Links_ExpiredOrUnknown_AreRefusedBeforeAnyInputIsRead()
    {
        await SeedAndApplyAsync("232100010");
        var token = await fixture.Mail.TaskTokenAsync(Officer, "Region Test 0");
        using var officer = new PortalClient(fixture.Host.BaseAddress);
        await officer.LoginAsync(Officer, Password);

        // An unknown token with a body that is not even a form: 404, the body is never read.
        var unknown = await officer.Http.PostAsync("/tasks/" + new string('B', 43), new StringContent("{not a form", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Past the step's expiry (30 days): 410 with a readable page, also for a POST.
        fixture.Clock.Advance(TimeSpan.FromDays(31));
        var (expired, html) = await officer.GetAsync($"/tasks/{token}");
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Matches("gått ut|gäller inte längre", html);
        var post = await officer.Http.PostAsync($"/tasks/{token}", new StringContent("{not a form", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
    }

    private async Task AnswerAsync(string email, string subject, params (string Name, string Value)[] fields)
    {
        var url = $"/tasks/{await fixture.Mail.TaskTokenAsync(email, subject)}";
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await browser.LoginAsync(email, Password);
        var (_, form) = await browser.GetAsync(url);
        var (response, html) = await browser.PostFormAsync(url, form, [.. fields, ("action", "submit")]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
    }

    /// <summary>
    /// Answers a task that needs BankID through BankID's stand-in: start, then "Jag har skrivit under" until complete.
    /// The signatory does it from the link alone; everyone else signs in first.
    /// </summary>
    private async Task SignWithBankIdAsync(string email, string token, string decision, params (string Name, string Value)[] extra)
    {
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        if (!email.StartsWith("firmatecknare", StringComparison.Ordinal))
            await browser.LoginAsync(email, Password);
        await BankIdSteps.ConfirmAsync(browser, token, fixture.Clock, [("decision", decision), .. extra]);
    }

    /// <summary>The code in the newest SMS to <paramref name="mobile"/>, read from the outbox (the SMS channel's queue).</summary>
    private async Task<string> SmsCodeAsync(string mobile)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var sms = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.AsNoTracking()
            .Where(m => m.Channel == OutboxChannels.Sms && m.Recipient == mobile).OrderByDescending(m => m.CreatedAt).FirstAsync();
        return SmsCode().Match(sms.Body).Value;
    }

    /// <summary>Waits for an e-mail to <paramref name="email"/> whose subject contains <paramref name="subject"/>.</summary>
    private Task<MimeKit.MimeMessage> WaitForLinkOrMailAsync(string email, string subject) =>
        fixture.Mail.WaitForMessageAsync(m => Mailbox.IsTo(m, email) && (m.Subject ?? "").Contains(subject, StringComparison.Ordinal),
            $"a mail to {email} about '{subject}'");

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SmsCode();

    private async Task<string> SeedAndApplyAsync(string nine)
    {
        var services = fixture.Host.Services;
        var roles = services.GetRequiredService<RoleAdministration>();
        var agent = "556677889" + OrganisationNumber.CheckDigit("556677889");
        await roles.SaveOrganisationAsync(agent, "Journalsystem AB", OrganisationKind.Agent);
        await PersonAsync(roles, CatalogueSeed.IneraOrganisationNumber, Officer, "Ingrid Inera", KundportalRole.IneraCaseOfficer);
        await PersonAsync(roles, agent, AgentOrderer, "Bo Beställare", KundportalRole.Orderer);
        await PersonAsync(roles, agent, "attestant@journalsystem.test", "Agnes Attestant", KundportalRole.Attestant);
        await roles.SaveUserAsync("handlaggare@journalsystem.test", "Hanna Handläggare", "070-123 45 67");
        await roles.AssignRoleAsync(agent, "handlaggare@journalsystem.test", KundportalRole.AgentCaseOfficer, "test", "NPO");

        var number = nine + OrganisationNumber.CheckDigit(nine);
        var suffix = nine[^1] == '1' ? "" : $" {nine[^1]}";
        var result = await services.GetRequiredService<AgentOrderProcess>().StartAsync(new AgentOrderStart
        {
            OrganisationNumber = number,
            AgentOrganisationNumber = agent,
            Application = new ApplicationForm
            {
                OrganisationName = $"Region Test{suffix}",
                Administrator = new ContactDetails { Name = "Alva Admin", Email = $"admin{nine[^1]}@region.test", Phone = "070-111 11 11" },
                Signatory = new ContactDetails
                {
                    Name = "Fredrik Firmatecknare", Email = $"firmatecknare{nine[^1]}@region.test", Phone = "070-222 22 22",
                    PersonalNumber = TestPersonalNumbers.For($"firmatecknare{nine[^1]}@region.test"),
                },
                AgreementContact = new ContactDetails { Name = "Karin Kontakt", Email = $"kontakt{nine[^1]}@region.test", Phone = "070-333 33 33" },
            },
        }, $"admin{nine[^1]}@region.test");
        Assert.True(result.Started, result.Message);
        return number;
    }

    private async Task PersonAsync(RoleAdministration roles, string organisation, string email, string name, KundportalRole role)
    {
        await roles.SaveUserAsync(email, name, "070-123 45 67");
        Assert.Null(await roles.SetPersonalNumberAsync(email, TestPersonalNumbers.For(email), "test"));
        await roles.AssignRoleAsync(organisation, email, role, "test");
        await SetPasswordAsync(email);
    }

    private async Task SetPasswordAsync(string email)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PortalSignIn>().SetPasswordAsync(email, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

}
