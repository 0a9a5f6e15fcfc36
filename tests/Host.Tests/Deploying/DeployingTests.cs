using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Testing.BankId;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.Deploying;

/// <summary>
/// The README's "Deploying" section, followed step by step against a host in the Production environment on an empty
/// PostgreSQL database with a real SMTP server, an SMS gateway and BankID (its TLS stand-in): the settings it lists,
/// Inera's first user through the staff API key, Inera's handläggare, an agent registered on /inera/organisationer with
/// its first Administratör, the agent's people, and a new customer's application, approval, signing with BankID, roles,
/// order, review and both attestations up to the handover. Everyone added gets the password e-mail and chooses a
/// password through it; nothing is put into the database behind the portal's back.
/// </summary>
public sealed partial class DeployingTests : IAsyncLifetime
{
    private const string Key = "a-long-random-key-for-the-deploying-test";
    private const string Password = "Valt-Losen-2026";
    private const string IneraNumber = "556559-4230";
    private const string IneraAdmin = "anna.andersson@inera.test";
    private const string IneraOfficer = "ivar.inera@inera.test";
    private const string AgentAdmin = "adam@journalsystem.test";
    private const string AgentCaseOfficer = "hanna@journalsystem.test";
    private const string CustomerAdmin = "alva@regionnorr.test";
    private const string Signatory = "fredrik@regionnorr.test";
    private const string CustomerOrderer = "britt@regionnorr.test";
    private const string CustomerAttestant = "axel@regionnorr.test";
    private const string CustomerAttestantMobile = "070-888 99 00";
    private const string AgentOrderer = "bo@journalsystem.test";
    private const string AgentAttestant = "agnes@journalsystem.test";
    private static readonly string AgentNumber = Number("556677889");
    private static readonly string CustomerNumber = Number("232100901");

    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private readonly string _folder = Directory.CreateTempSubdirectory("kundportal-deploying-").FullName;
    private Mailbox _mail = null!;
    private FakeSmsGateway _sms = null!;
    private BankIdStandIn _bankId = null!;
    private KundportalHost _host = null!;

    public async Task InitializeAsync()
    {
        _mail = Mailbox.Start();
        _sms = await FakeSmsGateway.StartNewAsync();
        _bankId = await BankIdStandIn.StartAsync();
        // Step 5: the certificate that encrypts the key ring (the test makes it as the README's openssl lines do).
        var dataProtection = Path.Combine(_folder, "dataprotection.pfx");
        using (var rsa = RSA.Create(3072))
        {
            var request = new CertificateRequest("CN=kundportal-dataprotection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(_clock.GetUtcNow().AddDays(-1), _clock.GetUtcNow().AddYears(5));
            await File.WriteAllBytesAsync(dataProtection, certificate.Export(X509ContentType.Pkcs12, "nyckel-losen"));
        }
        // Step 3 (database, public address and SMTP host/port come from StartProduction; there is no proxy in front of
        // the test) and step 9: BankID's settings point at its stand-in, the relying party certificate and its CA files.
        var settings = new Dictionary<string, string?>
        {
            ["Kundportal:DefinitionsFolder"] = null,
            ["Kundportal:Smtp:FromAddress"] = "kundportal@example.se",
            ["Kundportal:Sms:GatewayUrl"] = _sms.Url.ToString(),
            ["Kundportal:Sms:Username"] = FakeSmsGateway.Username,
            ["Kundportal:Sms:Password"] = FakeSmsGateway.Password,
            ["Kundportal:Sms:Sender"] = "Inera",
            ["Kundportal:ApiKeys:3:Name"] = "drift",
            ["Kundportal:ApiKeys:3:Key"] = Key,
            ["Kundportal:ApiKeys:3:Roles:0"] = "Staff",
            ["Kundportal:DataProtection:CertificatePath"] = dataProtection,
            ["Kundportal:DataProtection:CertificatePassword"] = "nyckel-losen",
            ["Kundportal:BankId:BaseAddress"] = _bankId.BaseAddress.ToString(),
            ["Kundportal:BankId:CertificatePath"] = _bankId.CertificatePath,
            ["Kundportal:BankId:CertificatePassword"] = BankIdStandIn.CertificatePassword,
            ["Kundportal:BankId:CaCertificatePath"] = _bankId.CaCertificatePath,
            // Every person in the test signs in from 127.0.0.1.
            ["Kundportal:RateLimits:LoginPerMinute"] = "1000",
        };
        _host = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("deploying"), _mail.Port, settings, _clock);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _bankId.DisposeAsync();
        await _sms.DisposeAsync();
        _mail.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task FromAnEmptyDatabase_IneraOnboardsAnAgentAndACustomer_WhoseFirstOrderIsHandedOver()
    {
        // Step 6: the health check.
        var health = JsonNode.Parse(await _host.Anonymous().GetStringAsync("/health"))!;
        Assert.Equal("Healthy", (string?)health["checks"]!["database"]!["status"]);
        Assert.Equal("Healthy", (string?)health["checks"]!["smtp"]!["status"]);

        // Step 7: Inera's first user, through the staff API key; she chooses her password from the e-mail.
        using var key = _host.WithKey(Key);
        var created = await (await key.PostJsonAsync($"/api/kundportal/organisations/{IneraNumber}/roles", new JsonObject
        {
            ["email"] = IneraAdmin, ["name"] = "Anna Andersson", ["mobile"] = "070-123 45 67", ["role"] = "Administrator",
        })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)created["passwordLinkSent"]!);
        using var anna = await ChoosePasswordAsync(IneraAdmin);
        var (_, start) = await anna.GetAsync("/");
        Assert.Contains("href=\"/inera/organisationer\"", start, StringComparison.Ordinal);

        // ... and gives Inera's handläggare their role on Inera's roles page.
        var ineraRoles = "/organisation/5565594230/roller";
        var (_, rolesPage) = await anna.GetAsync(ineraRoles);
        var (added, addedHtml) = await anna.PostFormAsync(ineraRoles, rolesPage, ("_handler", "assign"),
            ("Add.Email", IneraOfficer), ("Add.Name", "Ivar Inera"), ("Add.Mobile", "070-765 43 21"), ("Add.Role", "IneraCaseOfficer"));
        Assert.True(added.StatusCode == HttpStatusCode.OK && addedHtml.Contains("Ivar Inera har rollen Inera handläggare", StringComparison.Ordinal), addedHtml);
        using var ivar = await ChoosePasswordAsync(IneraOfficer);

        // Step 8: Inera registers the agent with an agentuppdrag and its first Administratör.
        var (_, organisations) = await anna.GetAsync("/inera/organisationer");
        Assert.Contains("Registrera organisation", organisations, StringComparison.Ordinal);
        var (registered, _) = await anna.PostFormAsync("/inera/organisationer", organisations, ("_handler", "register"),
            ("organisationNumber", AgentNumber), ("name", "Journalsystem AB"), ("kind", "Agent"), ("agentServices", "NPO"),
            ("administratorEmail", AgentAdmin), ("administratorName", "Adam Agentadmin"), ("administratorMobile", "070-111 22 33"));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var (_, agentPage) = await anna.GetAsync(registered.Headers.Location!.OriginalString);
        Assert.Contains("Organisationen är registrerad. Administratören har fått ett mejl", agentPage, StringComparison.Ordinal);
        Assert.Contains("Nationell patientöversikt", agentPage, StringComparison.Ordinal);

        // The agent's Administratör chooses a password and adds the agent's people, who each get the password e-mail;
        // the Attestant with a personnummer, for BankID.
        using (var adam = await ChoosePasswordAsync(AgentAdmin))
        {
            var (_, adamStart) = await adam.GetAsync("/");
            var agentRoles = $"/organisation/{AgentNumber}/roller";
            Assert.Contains($"href=\"{agentRoles}\"", adamStart, StringComparison.Ordinal);
            await AddPeopleAsync(adam, agentRoles,
                (AgentOrderer, "Bo Beställare", "070-222 33 44", "", "Orderer", ""),
                (AgentCaseOfficer, "Hanna Handläggare", "070-333 44 55", "", "AgentCaseOfficer", "NPO"),
                (AgentAttestant, "Agnes Attestant", "070-444 55 66", TestPersonalNumbers.Written(AgentAttestant), "Attestant", ""));
        }

        // A new customer applies on /ansokan, choosing the agent and naming its firmatecknare with personnummer.
        using var applicant = new PortalClient(_host.BaseAddress);
        var (_, form) = await applicant.GetAsync("/ansokan");
        Assert.Contains("Journalsystem AB", form, StringComparison.Ordinal);
        var (sent, sentHtml) = await applicant.PostFormAsync("/ansokan", form, ("_handler", "application"),
            ("Form.OrganisationNumber", CustomerNumber), ("Form.OrganisationName", "Region Norr"), ("Form.AgentOrganisationNumber", AgentNumber),
            ("Form.Administrator.Name", "Alva Admin"), ("Form.Administrator.Email", CustomerAdmin), ("Form.Administrator.Phone", "070-555 66 77"),
            ("Form.Signatory.Name", "Fredrik Firmatecknare"), ("Form.Signatory.Email", Signatory), ("Form.Signatory.Phone", "070-666 77 88"),
            ("Form.Signatory.PersonalNumber", TestPersonalNumbers.Written(Signatory)),
            ("Form.AgreementContact.Name", "Karin Kontakt"), ("Form.AgreementContact.Email", "karin@regionnorr.test"), ("Form.AgreementContact.Phone", "070-777 88 99"));
        Assert.True(sent.StatusCode == HttpStatusCode.OK && sentHtml.Contains("Ansökan är skickad", StringComparison.Ordinal), sentHtml);

        // Inera's handläggare approves it from the queue.
        await _mail.TaskTokenAsync(IneraOfficer, "Region Norr");
        var queue = await Recheck.UntilAsync(async () => (await ivar.GetAsync("/inera/ansokningar")).Html,
            html => html.Contains("Region Norr", StringComparison.Ordinal), "the queue to list Region Norr", html => html);
        var task = QueueLink().Match(queue).Groups[1].Value;
        var (_, taskHtml) = await ivar.GetAsync(task);
        var (approved, approvedHtml) = await ivar.PostFormAsync(task, taskHtml, ("decision", "Approved"), ("action", "submit"));
        Assert.True(approved.StatusCode == HttpStatusCode.OK && approvedHtml.Contains("Tack!", StringComparison.Ordinal), approvedHtml);
        await _mail.WaitForMessageAsync(m => Mailbox.IsTo(m, CustomerAdmin) && m.Subject == "Inloggningsuppgifter till Ineras Kundportal",
            "the customer Administratör's login e-mail");

        // The firmatecknare opens the e-mailed link without a login and signs with BankID (required: the application's personnummer).
        using (var fredrik = new PortalClient(_host.BaseAddress))
        {
            var signing = await _mail.TaskTokenAsync(Signatory, "Signera kundavtalet");
            var (_, signPage) = await fredrik.GetAsync($"/tasks/{signing}");
            Assert.Contains("Signera kundavtalet mellan Region Norr och Inera", signPage, StringComparison.Ordinal);
            await BankIdSteps.ConfirmAsync(fredrik, signing, _clock, ("decision", "Signed"));
            Assert.Equal(TestPersonalNumbers.For(Signatory), _bankId.LastOrder!.RequiredPersonalNumber);
        }

        // The customer's Administratör follows the login e-mail (first login: the password link from the login page) and,
        // told which roles are missing, adds a Beställare and an Attestant (mobile for SMS codes) on the roles page.
        var customerRoles = $"/organisation/{CustomerNumber}/roller";
        await _mail.WaitForMessageAsync(m => Mailbox.IsTo(m, CustomerAdmin) && (m.Subject ?? "").StartsWith("Roller saknas", StringComparison.Ordinal),
            "the roles-missing e-mail");
        using (var alva = await FirstLoginAsync(CustomerAdmin))
        {
            var (_, alvaStart) = await alva.GetAsync("/");
            Assert.Contains($"href=\"{customerRoles}\"", alvaStart, StringComparison.Ordinal);
            var (_, page) = await alva.GetAsync(customerRoles);
            Assert.Contains("Roller som saknas: Beställare och Attestant", page, StringComparison.Ordinal);
            await AddPeopleAsync(alva, customerRoles,
                (CustomerOrderer, "Britt Beställare", "070-999 00 11", "", "Orderer", ""),
                (CustomerAttestant, "Axel Attestant", CustomerAttestantMobile, "", "Attestant", ""));
        }

        // The customer's Beställare orders NPÖ for one care unit.
        using (var britt = await ChoosePasswordAsync(CustomerOrderer))
            await AnswerAsync(britt, await _mail.TaskTokenAsync(CustomerOrderer, ""), ("serviceCode", "NPO"), ("offeringCode", "NPO-PRODUCENT"),
                ("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr"), ("termsAccepted", "true"));

        // The agent's Beställare reviews it and names the agent's Attestant, who attests with BankID.
        using (var bo = await ChoosePasswordAsync(AgentOrderer))
            await AnswerAsync(bo, await _mail.TaskTokenAsync(AgentOrderer, "Region Norr"), ("decision", "Proceed"), ("termsAccepted", "true"),
                ("invoicing.organisationNumber", AgentNumber), ("invoicing.reference", "Kst 4711"), ("invoicing.address", "Box 1, 111 11 Stockholm"),
                ("attestantEmail", AgentAttestant));
        using (var agnes = await ChoosePasswordAsync(AgentAttestant))
        {
            await BankIdSteps.ConfirmAsync(agnes, await _mail.TaskTokenAsync(AgentAttestant, "Region Norr"), _clock, ("decision", "Attested"), ("method", "BankID"));
            Assert.Equal(TestPersonalNumbers.For(AgentAttestant), _bankId.LastOrder!.RequiredPersonalNumber);
        }

        // The customer's Attestant attests with an SMS code through the gateway.
        using (var axel = await ChoosePasswordAsync(CustomerAttestant))
        {
            var attest = $"/tasks/{await _mail.TaskTokenAsync(CustomerAttestant, "att attestera")}";
            var (_, attestPage) = await axel.GetAsync(attest);
            var (_, codePage) = await axel.PostFormAsync(attest, attestPage, ("decision", "Attested"), ("method", "SMS"), ("action", "submit"));
            Assert.Contains("Engångskod", codePage, StringComparison.Ordinal);
            var sms = await Recheck.UntilAsync(() => Task.FromResult(_sms.RequestsTo("+46708889900")), r => r.Count > 0,
                "the SMS code at the gateway", r => $"{r.Count} requests");
            Assert.Equal("Inera", sms[0].Form["from"]);
            var code = SmsCode().Match(sms[0].Form["message"]).Value;
            var (attested, attestedHtml) = await axel.PostFormAsync(attest, codePage, ("decision", "Attested"), ("method", "SMS"), ("code", code), ("action", "verify-sms"));
            Assert.True(attested.StatusCode == HttpStatusCode.OK && attestedHtml.Contains("Tack!", StringComparison.Ordinal), attestedHtml);
        }

        // The handover reaches the agent's Handläggare agent, and the order is finished.
        await _mail.WaitForMessageAsync(m => Mailbox.IsTo(m, AgentCaseOfficer) && (m.Subject ?? "").Contains("Påbörja teknisk anslutning", StringComparison.Ordinal),
            "the handover e-mail to the agent's Handläggare agent");
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var instance = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking()
                .SingleAsync(i => i.CorrelationId == CustomerNumber);
            Assert.Equal(WorkflowStatus.Finished, instance.Status);
        }

        // Step 8, a customer that already has a kundavtal: Inera registers it with its first Administratör, who adds its
        // people; /ansokan refuses it, and its Beställare orders from the start page's "Beställ".
        var existing = Number("232100902");
        var (_, organisationsAgain) = await anna.GetAsync("/inera/organisationer");
        var (registeredCustomer, registeredHtml) = await anna.PostFormAsync("/inera/organisationer", organisationsAgain, ("_handler", "register"),
            ("organisationNumber", existing), ("name", "Region Syd"), ("kind", "Customer"), ("hasCustomerAgreement", "true"),
            ("administratorEmail", "sara@regionsyd.test"), ("administratorName", "Sara Syd"), ("administratorMobile", "070-121 21 21"));
        Assert.True(registeredCustomer.StatusCode == HttpStatusCode.Redirect, registeredHtml);
        using (var sara = await ChoosePasswordAsync("sara@regionsyd.test"))
            await AddPeopleAsync(sara, $"/organisation/{existing}/roller",
                ("sven@regionsyd.test", "Sven Beställare", "070-232 32 32", "", "Orderer", ""),
                ("siv@regionsyd.test", "Siv Attestant", "070-343 43 43", "", "Attestant", ""));
        var (_, applyAgain) = await applicant.GetAsync("/ansokan");
        var (refusedApplication, _) = await applicant.PostFormAsync("/ansokan", applyAgain, ("_handler", "application"),
            ("Form.OrganisationNumber", existing), ("Form.OrganisationName", "Region Syd"), ("Form.AgentOrganisationNumber", AgentNumber),
            ("Form.Administrator.Name", "Sara Syd"), ("Form.Administrator.Email", "sara@regionsyd.test"), ("Form.Administrator.Phone", "070-121 21 21"),
            ("Form.Signatory.Name", "Fia Firmatecknare"), ("Form.Signatory.Email", "fia@regionsyd.test"), ("Form.Signatory.Phone", "070-454 54 54"),
            ("Form.Signatory.PersonalNumber", TestPersonalNumbers.Written("fia@regionsyd.test")),
            ("Form.AgreementContact.Name", "Kim Kontakt"), ("Form.AgreementContact.Email", "kim@regionsyd.test"), ("Form.AgreementContact.Phone", "070-565 65 65"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedApplication.StatusCode);
        using (var sven = await ChoosePasswordAsync("sven@regionsyd.test"))
        {
            var (_, svenStart) = await sven.GetAsync("/");
            var order = $"/organisation/{existing}/bestall";
            Assert.Contains($"href=\"{order}\"", svenStart, StringComparison.Ordinal);
            var (_, orderPage) = await sven.GetAsync(order);
            var (started, startedHtml) = await sven.PostFormAsync(order, orderPage, ("_handler", "order"), ("Input.AgentOrganisationNumber", AgentNumber));
            Assert.True(started.StatusCode == HttpStatusCode.Redirect, startedHtml);
            var (orderForm, orderHtml) = await sven.GetAsync(started.Headers.Location!.OriginalString);
            Assert.True(orderForm.StatusCode == HttpStatusCode.OK && orderHtml.Contains("Beställ en tjänst för Region Syd", StringComparison.Ordinal), orderHtml);
        }

        // Every link in every e-mail opens a Swedish page.
        using var anonymous = _host.Anonymous();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        foreach (var path in _mail.Messages.SelectMany(m => PortalLink().Matches(m.TextBody ?? "").Select(l => l.Groups[1].Value.TrimEnd('.', ',', ')'))).Distinct())
        {
            var response = await anonymous.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Gone && body.Contains("<html lang=\"sv\"", StringComparison.Ordinal),
                $"{path}: {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>Adds each person with a role on the roles page at <paramref name="url"/>; each is told to expect the password e-mail, and gets it.</summary>
    private async Task AddPeopleAsync(PortalClient administrator, string url,
        params (string Email, string Name, string Mobile, string PersonalNumber, string Role, string Service)[] people)
    {
        var (_, page) = await administrator.GetAsync(url);
        foreach (var (email, name, mobile, personalNumber, role, service) in people)
        {
            var (saved, savedHtml) = await administrator.PostFormAsync(url, page, ("_handler", "assign"), ("Add.Email", email), ("Add.Name", name),
                ("Add.Mobile", mobile), ("Add.PersonalNumber", personalNumber), ("Add.Role", role), ("Add.Service", service));
            Assert.True(saved.StatusCode == HttpStatusCode.OK && savedHtml.Contains("fått ett mejl med en länk", StringComparison.Ordinal), savedHtml);
            page = savedHtml;
            await _mail.PasswordLinkAsync(email);
        }
        Assert.DoesNotContain("Roller som saknas", page, StringComparison.Ordinal);
    }

    /// <summary>Answers a task from its link, signed in, and requires the "Tack!" page.</summary>
    private static async Task AnswerAsync(PortalClient browser, string token, params (string Name, string Value)[] fields)
    {
        var url = $"/tasks/{token}";
        var (_, form) = await browser.GetAsync(url);
        var (response, html) = await browser.PostFormAsync(url, form, [.. fields, ("action", "submit")]);
        Assert.True(response.StatusCode == HttpStatusCode.OK && html.Contains("Tack!", StringComparison.Ordinal), html);
    }

    /// <summary>A first login as the e-mails tell it: "Första inloggningen eller glömt lösenordet?" on the login page, then the e-mailed link.</summary>
    private async Task<PortalClient> FirstLoginAsync(string email)
    {
        using (var browser = new PortalClient(_host.BaseAddress))
        {
            var (_, login) = await browser.GetAsync("/login");
            Assert.Contains("href=\"/account/password", login, StringComparison.Ordinal);
            var (_, request) = await browser.GetAsync("/account/password");
            var (asked, askedHtml) = await browser.PostFormAsync("/account/password", request, ("_handler", "password-link"), ("Input.Email", email));
            Assert.True(asked.IsSuccessStatusCode, askedHtml);
        }
        return await ChoosePasswordAsync(email);
    }

    /// <summary>Follows the newest password e-mail to <paramref name="email"/>, chooses a password, and returns the signed-in browser.</summary>
    private async Task<PortalClient> ChoosePasswordAsync(string email)
    {
        var link = await _mail.PasswordLinkAsync(email);
        var browser = new PortalClient(_host.BaseAddress);
        var (_, page) = await browser.GetAsync(link);
        Assert.Contains(email, page, StringComparison.Ordinal);
        var (response, html) = await browser.PostFormAsync(link, page, ("password", Password), ("confirm", Password));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, html);
        return browser;
    }

    private static string Number(string nine) => nine + OrganisationNumber.CheckDigit(nine);

    [GeneratedRegex("href=\"(/uppgifter/[0-9a-f-]+)\"")]
    private static partial Regex QueueLink();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SmsCode();

    [GeneratedRegex(@"https://kundportal\.example\.se(/\S*)")]
    private static partial Regex PortalLink();
}
