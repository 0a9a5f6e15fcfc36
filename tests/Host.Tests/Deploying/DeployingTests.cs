using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Deploying;

/// <summary>
/// The README's "Deploying" section, followed step by step against a host in the Production environment on an empty
/// PostgreSQL database with a real SMTP server: the settings it lists, Inera's first user through the staff API key,
/// Inera's handläggare, an agent registered on /inera/organisationer with its first Administratör, the agent's people,
/// and a new customer's application, approval and signing, where BankID is needed. Everyone added gets the password
/// e-mail and chooses a password through it; nothing is put into the database behind the portal's back.
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
    private static readonly string AgentNumber = Number("556677889");
    private static readonly string CustomerNumber = Number("232100901");

    private Mailbox _mail = null!;
    private KundportalHost _host = null!;

    public async Task InitializeAsync()
    {
        _mail = Mailbox.Start();
        // README "Deploying", step 3 (SMTP here is the test's own server; no SMS gateway, which only attestations need).
        _host = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("deploying"), _mail.Port, new Dictionary<string, string?>
        {
            ["Kundportal:DefinitionsFolder"] = null,
            ["Kundportal:Smtp:FromAddress"] = "kundportal@example.se",
            ["Kundportal:ApiKeys:3:Name"] = "drift",
            ["Kundportal:ApiKeys:3:Key"] = Key,
            ["Kundportal:ApiKeys:3:Roles:0"] = "Staff",
            ["Kundportal:RateLimits:LoginPerMinute"] = "1000",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _mail.Dispose();
    }

    [Fact]
    public async Task FromAnEmptyDatabase_IneraOnboardsAnAgentAndACustomer_UpToSigningWithBankId()
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

        // The agent's Administratör chooses a password and adds the agent's people, who each get the password e-mail.
        using var adam = await ChoosePasswordAsync(AgentAdmin);
        var (_, adamStart) = await adam.GetAsync("/");
        var agentRoles = $"/organisation/{AgentNumber}/roller";
        Assert.Contains($"href=\"{agentRoles}\"", adamStart, StringComparison.Ordinal);
        var (_, page) = await adam.GetAsync(agentRoles);
        foreach (var (email, name, mobile, role, service) in new[]
        {
            ("bo@journalsystem.test", "Bo Beställare", "070-222 33 44", "Orderer", ""),
            (AgentCaseOfficer, "Hanna Handläggare", "070-333 44 55", "AgentCaseOfficer", "NPO"),
            ("agnes@journalsystem.test", "Agnes Attestant", "070-444 55 66", "Attestant", ""),
        })
        {
            var (saved, savedHtml) = await adam.PostFormAsync(agentRoles, page, ("_handler", "assign"),
                ("Add.Email", email), ("Add.Name", name), ("Add.Mobile", mobile), ("Add.Role", role), ("Add.Service", service));
            Assert.True(saved.StatusCode == HttpStatusCode.OK && savedHtml.Contains("fått ett mejl med en länk", StringComparison.Ordinal), savedHtml);
            page = savedHtml;
            await _mail.PasswordLinkAsync(email);
        }
        Assert.DoesNotContain("Roller som saknas", page, StringComparison.Ordinal);

        // A new customer applies on /ansokan, choosing the agent.
        using var applicant = new PortalClient(_host.BaseAddress);
        var (_, form) = await applicant.GetAsync("/ansokan");
        Assert.Contains("Journalsystem AB", form, StringComparison.Ordinal);
        var (sent, sentHtml) = await applicant.PostFormAsync("/ansokan", form, ("_handler", "application"),
            ("Form.OrganisationNumber", CustomerNumber), ("Form.OrganisationName", "Region Norr"), ("Form.AgentOrganisationNumber", AgentNumber),
            ("Form.Administrator.Name", "Alva Admin"), ("Form.Administrator.Email", "alva@regionnorr.test"), ("Form.Administrator.Phone", "070-555 66 77"),
            ("Form.Signatory.Name", "Fredrik Firmatecknare"), ("Form.Signatory.Email", "fredrik@regionnorr.test"), ("Form.Signatory.Phone", "070-666 77 88"),
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
        await _mail.WaitForMessageAsync(m => Mailbox.IsTo(m, "alva@regionnorr.test") && m.Subject == "Inloggningsuppgifter till Ineras Kundportal",
            "the customer Administratör's login e-mail");

        // The firmatecknare opens the signing link, chooses a password on the way ("Första inloggningen"), and signs:
        // BankID is needed here.
        var signing = $"/tasks/{await _mail.TaskTokenAsync("fredrik@regionnorr.test", "Signera kundavtalet")}";
        using var fredrik = new PortalClient(_host.BaseAddress);
        var (_, request) = await fredrik.GetAsync("/account/password");
        await fredrik.PostFormAsync("/account/password", request, ("_handler", "password-link"), ("Input.Email", "fredrik@regionnorr.test"), ("ReturnUrl", signing));
        var link = await _mail.PasswordLinkAsync("fredrik@regionnorr.test");
        var (_, setPage) = await fredrik.GetAsync(link);
        var (set, _) = await fredrik.PostFormAsync(link, setPage, ("password", Password), ("confirm", Password));
        Assert.Equal(signing, set.Headers.Location!.OriginalString);
        var (_, signPage) = await fredrik.GetAsync(signing);
        Assert.Contains("Signera kundavtalet mellan Region Norr och Inera", signPage, StringComparison.Ordinal);
        var (refused, refusedHtml) = await fredrik.PostFormAsync(signing, signPage, ("decision", "Signed"), ("action", "submit"));

        // WHERE THIS TEST STOPS: a Production host has no BankID until the BankID relying-party client is configured (the
        // simulator is a development tool). Once it is, go on here: sign with BankID, then the customer's Administratör
        // (alva@regionnorr.test, who got the login e-mail) adds a Beställare and an Attestant on its roles page, the
        // Beställare orders NPÖ, the agent's Beställare reviews, the agent's Attestant and the customer's Attestant attest
        // (SMS through a gateway, or BankID), and the handover e-mail reaches Hanna: a finished order.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Signering med BankID är inte tillgänglig", refusedHtml, StringComparison.Ordinal);
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var instance = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking()
                .SingleAsync(i => i.CorrelationId == CustomerNumber);
            Assert.Equal("signAgreement", instance.WaitingAt);
        }

        // Every link in every e-mail so far opens a Swedish page.
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

    [GeneratedRegex(@"https://kundportal\.example\.se(/\S*)")]
    private static partial Regex PortalLink();
}
