using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing.BankId;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Host.Tests.Browser;

/// <summary>
/// The portal's pages in headless Debian Chromium: the application form and the login filled in with the keyboard
/// alone, Inera's approval, the signatory signing from the link with BankID (through BankID's stand-in: the animated QR
/// code, and the page finishing by itself when BankID completes), the roles page, the order form, the agent's review,
/// an attestation by SMS code, and the password link pages. Every page is scanned by
/// axe (no serious or critical WCAG 2.1 A/AA violations) and saved as a screenshot under artifacts/screenshots.
/// </summary>
public sealed class PortalPagesBrowserTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>, IAsyncLifetime
{
    private const string Password = "Testlosen-2026";
    private const string Officer = "handlaggare@inera.test";
    private static readonly string AgentNumber = "556677889" + OrganisationNumber.CheckDigit("556677889");
    private PortalBrowser _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalBrowser.LaunchAsync(fixture.Host.BaseAddress);

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        // Every page a test opened ran under the site's Content-Security-Policy without breaking it.
        Assert.True(_portal.CspViolations.Count == 0, "Content-Security-Policy violations:\n" + string.Join("\n", _portal.CspViolations));
    }

    [Fact]
    public async Task ApplicationApprovalSigningOrderAndAttestation_ThroughThePages_AreAccessible()
    {
        await SeedAsync();
        var number = "232100007" + OrganisationNumber.CheckDigit("232100007");

        // The application form, with the keyboard alone: first with a mistake, then corrected.
        var applicant = await NewPageAsync();
        await applicant.GotoAsync("/ansokan");
        await CheckAsync(applicant, "ansokan");
        await applicant.Locator("#organisationNumber").FocusAsync();
        foreach (var text in new[] { "232100-0000", "Region Webbläsare" })
        {
            await applicant.Keyboard.TypeAsync(text);
            await applicant.Keyboard.PressAsync("Tab");
        }
        await applicant.Keyboard.PressAsync("ArrowDown"); // the agent
        await applicant.Keyboard.PressAsync("Tab");
        foreach (var text in new[] { "Alva Admin", "admin7@region.test", "070-111 11 11", "Fredrik F", "firmatecknare7@region.test", "070-222 22 22",
            TestPersonalNumbers.Written("firmatecknare7@region.test"), "Karin K", "kontakt7@region.test", "070-333 33 33" })
        {
            await applicant.Keyboard.TypeAsync(text);
            await applicant.Keyboard.PressAsync("Tab");
        }
        await applicant.Keyboard.PressAsync("Enter");
        await Expect(applicant.Locator("#organisationNumber-error")).ToBeVisibleAsync();
        await CheckAsync(applicant, "ansokan-fel");
        await applicant.Locator("#organisationNumber").FillAsync("");
        await applicant.Locator("#organisationNumber").FocusAsync();
        await applicant.Keyboard.TypeAsync(OrganisationNumber.Parse(number).ToString());
        await applicant.Keyboard.PressAsync("Enter");
        await Expect(applicant.Locator("#application-sent")).ToBeVisibleAsync();
        await CheckAsync(applicant, "ansokan-skickad");

        // Inera's handläggare signs in with the keyboard, opens the queue and approves.
        var officer = await NewPageAsync();
        await officer.GotoAsync("/login");
        await CheckAsync(officer, "login");
        await officer.Locator("#email").FocusAsync();
        await officer.Keyboard.TypeAsync(Officer);
        await officer.Keyboard.PressAsync("Tab");
        await officer.Keyboard.TypeAsync(Password);
        await officer.Keyboard.PressAsync("Enter");
        await Expect(officer).Not.ToHaveURLAsync(new Regex("/login"));
        await officer.GotoAsync("/inera/ansokningar");
        await Expect(officer.GetByText("Region Webbläsare")).ToBeVisibleAsync();
        await CheckAsync(officer, "inera-ansokningar");
        await officer.GetByRole(AriaRole.Link, new() { Name = "Granska ansökan från Region Webbläsare" }).FocusAsync();
        await officer.Keyboard.PressAsync("Enter");
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Name = "Granska kundansökan från Region Webbläsare" })).ToBeVisibleAsync();
        await CheckAsync(officer, "uppgift-godkann-ansokan");
        await officer.Locator("#f-decision-Approved").FocusAsync();
        await officer.Keyboard.PressAsync("Space");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Skicka beslutet" }).FocusAsync();
        await officer.Keyboard.PressAsync("Enter");
        await Expect(officer.GetByText("Tack! Ditt svar är registrerat")).ToBeVisibleAsync();
        await CheckAsync(officer, "uppgift-klar");
        var used = await officer.GotoAsync(officer.Url);
        Assert.Equal(410, used!.Status);
        await CheckAsync(officer, "lank-redan-hanterad");
        Assert.Equal(404, (await officer.GotoAsync("/tasks/" + new string('C', 43)))!.Status);
        await CheckAsync(officer, "lank-okand");

        // The signatory opens the link without logging in and signs with BankID.
        var signatory = await NewPageAsync();
        await signatory.GotoAsync(await LinkAsync("firmatecknare7@region.test", "Signera"));
        await Expect(signatory).Not.ToHaveURLAsync(new Regex("/login"));
        await CheckAsync(signatory, "uppgift-signera-avtal");
        fixture.BankId.Next(CollectAnswer.Pending("outstandingTransaction"));
        await signatory.Locator("#f-decision-Signed").CheckAsync();
        await signatory.GetByRole(AriaRole.Button, new() { Name = "Fortsätt till BankID" }).ClickAsync();
        await Expect(signatory.Locator("#bankid-text")).ToContainTextAsync("Jag, Fredrik F, signerar kundavtalet");
        await Expect(signatory.Locator("#bankid-autostart")).ToHaveAttributeAsync("href", new Regex("^bankid:///\\?autostarttoken=[0-9a-f-]+&redirect=null$"));
        await CheckAsync(signatory, "bankid-signera");
        var order = fixture.BankId.LastOrder!;

        // The QR code: the page fetches a new image every second; it changes with the second on the host's clock.
        var qr = signatory.Locator("#bankid-qr");
        await Expect(qr).ToHaveAttributeAsync("src", new Regex("/qr\\?frame=\\d+$"));
        var shown = await qr.ScreenshotAsync();
        for (var second = 1; second <= 2; second++)
        {
            var before = shown;
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            shown = await Recheck.UntilAsync(() => qr.ScreenshotAsync(), image => !image.SequenceEqual(before),
                $"the QR code to change in second {second}", _ => "the same image");
        }

        // The page asks about every two seconds by itself and says what BankID says; when BankID completes, it finishes.
        await Expect(signatory.Locator("#bankid-message")).ToHaveTextAsync("Starta BankID-appen.");
        await Recheck.UntilAsync(() => Task.FromResult(order.Collects), collects => collects >= 1, "the page's script to collect", collects => $"{collects} collects");
        BankIdStandIn.Then(order, CollectAnswer.Complete());
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await Expect(signatory.GetByText("Tack! Ditt svar är registrerat")).ToBeVisibleAsync();

        // The customer's administrator adds a Beställare and an Attestant on the roles page.
        await SetPasswordAsync("admin7@region.test");
        var admin = await LoginAsync("admin7@region.test", $"/organisation/{number}/roller");
        await CheckAsync(admin, "roller");

        // The administrator reads the signed agreement and can download it, at desktop and phone widths.
        await admin.GotoAsync($"/organisation/{number}/avtal");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Kundavtal: Region Webbläsare" })).ToBeVisibleAsync();
        await Expect(admin.Locator("#agreement-text")).ToBeVisibleAsync();
        await Expect(admin.Locator("#agreement-pdf")).ToBeVisibleAsync();
        foreach (var (width, name) in new[] { (1440, "kundavtal"), (390, "kundavtal-mobil") })
        {
            await admin.SetViewportSizeAsync(width, 900);
            await CheckAsync(admin, name);
        }
        await admin.SetViewportSizeAsync(1200, 900);
        await admin.GotoAsync($"/organisation/{number}/roller");
        foreach (var (email, name, role) in new[] { ("bestallare7@region.test", "Britt Beställare", "Orderer"), ("attestant7@region.test", "Axel Attestant", "Attestant") })
        {
            await admin.Locator("#email").FillAsync(email);
            await admin.Locator("#name").FillAsync(name);
            await admin.Locator("#mobile").FillAsync("070-777 77 77");
            await admin.Locator("#personalNumber").FillAsync(TestPersonalNumbers.Written(email));
            await admin.Locator("#role").SelectOptionAsync(role);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await Expect(admin.Locator("#roles-status")).ToContainTextAsync(name);
            // The new person is e-mailed a link to choose a password; that flow has its own browser test.
            await SetPasswordAsync(email);
        }
        await CheckAsync(admin, "roller-sparade");

        // The order form: service, offering, a care unit, terms; the start-up fee is on the page.
        var orderer = await LoginAsync("bestallare7@region.test", await LinkAsync("bestallare7@region.test", ""));
        await Expect(orderer.GetByRole(AriaRole.Heading, new() { Name = "Uppstartskostnad", Exact = true })).ToBeVisibleAsync();
        await Expect(orderer.GetByRole(AriaRole.Heading, new() { Name = "Villkor för beställning" })).ToBeVisibleAsync();
        await CheckAsync(orderer, "uppgift-bestall");
        await orderer.GetByRole(AriaRole.Button, new() { Name = "Skicka beställningen" }).ClickAsync();
        await Expect(orderer.Locator(".field-error").First).ToBeVisibleAsync();
        await CheckAsync(orderer, "uppgift-bestall-fel");
        await orderer.Locator("#f-serviceCode").SelectOptionAsync("NPO");
        await orderer.Locator("#f-offeringCode").SelectOptionAsync("NPO-PRODUCENT");
        await orderer.Locator("#f-careUnits-0--hsaId").FillAsync("SE2321000016-15BK");
        await orderer.Locator("#f-careUnits-0--name").FillAsync("Vårdcentralen Norr");
        // A second care unit and the summary, without scripts: the buttons draw the form again with what was typed.
        await orderer.GetByRole(AriaRole.Button, new() { Name = "Lägg till vårdenhet" }).ClickAsync();
        await orderer.Locator("#f-careUnits-1--hsaId").FillAsync("SE2321000016-16BK");
        await orderer.Locator("#f-careUnits-1--name").FillAsync("Vårdcentralen Syd");
        await Expect(orderer.Locator("#f-careUnits-0--name")).ToHaveValueAsync("Vårdcentralen Norr");
        await orderer.GetByRole(AriaRole.Button, new() { Name = "Granska beställningen" }).ClickAsync();
        await Expect(orderer.GetByRole(AriaRole.Heading, new() { Name = "Sammanfattning och pris" })).ToBeVisibleAsync();
        await Expect(orderer.GetByText("2 st")).ToBeVisibleAsync();
        foreach (var (width, name) in new[] { (PortalBrowser.Phone, "uppgift-bestall-granska-mobil"), (1200, "uppgift-bestall-granska") })
        {
            await orderer.SetViewportSizeAsync(width, 900);
            await CheckAsync(orderer, name);
        }
        await orderer.Locator("#f-termsAccepted").CheckAsync();
        await orderer.GetByRole(AriaRole.Button, new() { Name = "Skicka beställningen" }).ClickAsync();
        await Expect(orderer.GetByText("Beställningen är skickad")).ToBeVisibleAsync();

        // The agent reviews the whole order and proceeds.
        var reviewer = await LoginAsync("bestallare@journalsystem.test", await LinkAsync("bestallare@journalsystem.test", "Region Webbläsare"));
        await CheckAsync(reviewer, "uppgift-agent-granskning");
        await reviewer.Locator("#f-decision-Proceed").CheckAsync();
        await reviewer.Locator("#f-termsAccepted").CheckAsync();
        await reviewer.Locator("#f-invoicing-organisationNumber").FillAsync(OrganisationNumber.Parse(AgentNumber).ToString());
        await reviewer.Locator("#f-invoicing-reference").FillAsync("Kst 4711");
        await reviewer.Locator("#f-invoicing-address").FillAsync("Box 1, 111 11 Stockholm");
        await reviewer.Locator("#f-attestantEmail").SelectOptionAsync("attestant@journalsystem.test");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Skicka beslutet" }).ClickAsync();
        await Expect(reviewer.GetByText("Tack! Ditt svar är registrerat")).ToBeVisibleAsync();

        // The agent's attestant attests with an SMS code.
        var attestant = await LoginAsync("attestant@journalsystem.test", await LinkAsync("attestant@journalsystem.test", "Region Webbläsare"));
        await CheckAsync(attestant, "uppgift-attestera");
        await attestant.Locator("#f-decision-Attested").CheckAsync();
        await attestant.Locator("#f-method-SMS").CheckAsync();
        await attestant.GetByRole(AriaRole.Button, new() { Name = "Fortsätt till bekräftelse" }).ClickAsync();
        await Expect(attestant.Locator("#f-code")).ToBeVisibleAsync();
        await CheckAsync(attestant, "sms-kod");
        await attestant.Locator("#f-code").FillAsync(await SmsCodeAsync());
        await attestant.GetByRole(AriaRole.Button, new() { Name = "Bekräfta", Exact = true }).ClickAsync();
        await Expect(attestant.GetByText("Tack! Ditt svar är registrerat")).ToBeVisibleAsync();
        await CheckAsync(attestant, "attest-klar");
    }

    [Fact]
    public async Task PasswordLinkPages_WithTheKeyboard_AreAccessible()
    {
        const string person = "ny-person@region.test";
        const string taskUrl = "/tasks/DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD";
        await fixture.Host.Services.GetRequiredService<RoleAdministration>().SaveUserAsync(person, "Nora Ny");

        // Arriving from a task link: the login page says how to get a password.
        var page = await NewPageAsync();
        await page.GotoAsync($"/login?ReturnUrl={Uri.EscapeDataString(taskUrl)}");
        await Expect(page.Locator("#login-task-hint")).ToBeVisibleAsync();
        await CheckAsync(page, "login-fran-uppgift");
        await page.Locator("#password-link").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Första inloggningen eller glömt lösenordet" })).ToBeVisibleAsync();
        await CheckAsync(page, "losenord-begar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka länk" }).ClickAsync();
        await Expect(page.Locator("#email-error")).ToBeVisibleAsync();
        await CheckAsync(page, "losenord-begar-fel");
        await page.Locator("#email").FocusAsync();
        await page.Keyboard.TypeAsync(person);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#password-link-sent")).ToBeVisibleAsync();
        await CheckAsync(page, "losenord-skickat");

        // The link in the e-mail: the form, its errors, then the task it came from.
        var link = await fixture.Mail.PasswordLinkAsync(person);
        await page.GotoAsync(link);
        await Expect(page.Locator("#email")).ToHaveValueAsync(person);
        await CheckAsync(page, "losenord-valj");
        await page.Locator("#password").FillAsync("kort");
        await page.Locator("#confirm").FillAsync("annat");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara lösenordet och logga in" }).ClickAsync();
        await Expect(page.Locator("#password-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#confirm-error")).ToBeVisibleAsync();
        await CheckAsync(page, "losenord-valj-fel");
        await page.Locator("#password").FillAsync("Eget-Losen-2026");
        await page.Locator("#confirm").FillAsync("Eget-Losen-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara lösenordet och logga in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(taskUrl) + "$"));

        // The used link: a readable refusal with the way to a new one.
        Assert.Equal(410, (await page.GotoAsync(link))!.Status);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skicka en ny länk" })).ToBeVisibleAsync();
        await CheckAsync(page, "losenord-lank-anvand");
    }

    [Fact]
    public async Task IneraOnboardsAnAgent_ThroughAccessiblePages_WithoutInlineScriptOrStyle()
    {
        await SeedAsync();
        var page = await LoginAsync(Officer, "/inera/organisationer");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registrera organisation" })).ToBeVisibleAsync();
        await CheckAsync(page, "inera-organisationer");

        // Sent empty: every problem listed, linked to its field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await CheckAsync(page, "inera-organisationer-fel");

        var number = "556600002" + OrganisationNumber.CheckDigit("556600002");
        await page.Locator("#org-number").FillAsync(number);
        await page.Locator("#org-name").FillAsync("Webbsystem AB");
        await page.Locator("#org-kind-agent").CheckAsync();
        await page.Locator("#service-NPO").CheckAsync();
        await page.Locator("#admin-email").FillAsync("admin@webbsystem.test");
        await page.Locator("#admin-name").FillAsync("Wilma Webbsystem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webbsystem AB" })).ToBeVisibleAsync();
        await Expect(page.Locator("#organisation-status")).ToContainTextAsync("Administratören har fått ett mejl");
        await CheckAsync(page, "inera-organisation");
        await fixture.Mail.PasswordLinkAsync("admin@webbsystem.test");
    }

    private Task<IPage> NewPageAsync() => _portal.NewPageAsync();

    private Task<IPage> LoginAsync(string email, string url) => _portal.LoginAsync(email, Password, url);

    private static Task CheckAsync(IPage page, string name) => PortalBrowser.CheckAsync(page, name);

    private async Task SeedAsync()
    {
        var roles = fixture.Host.Services.GetRequiredService<RoleAdministration>();
        await roles.SaveOrganisationAsync(AgentNumber, "Journalsystem AB", OrganisationKind.Agent);
        foreach (var (organisation, email, name, role, service) in new[]
        {
            (CatalogueSeed.IneraOrganisationNumber, Officer, "Ingrid Inera", KundportalRole.IneraCaseOfficer, (string?)null),
            (AgentNumber, "bestallare@journalsystem.test", "Bo Beställare", KundportalRole.Orderer, null),
            (AgentNumber, "handlaggare@journalsystem.test", "Hanna Handläggare", KundportalRole.AgentCaseOfficer, "NPO"),
            (AgentNumber, "attestant@journalsystem.test", "Agnes Attestant", KundportalRole.Attestant, null),
        })
        {
            await roles.SaveUserAsync(email, name, "070-123 45 67");
            await roles.AssignRoleAsync(organisation, email, role, "test", service);
            await SetPasswordAsync(email);
        }
    }

    private async Task SetPasswordAsync(string email)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<PortalSignIn>().SetPasswordAsync(email, Password)).Succeeded);
    }

    /// <summary>The task page linked from the newest e-mail to <paramref name="email"/> about <paramref name="about"/>.</summary>
    private async Task<string> LinkAsync(string email, string about) => $"/tasks/{await fixture.Mail.TaskTokenAsync(email, about)}";

    private async Task<string> SmsCodeAsync()
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var sms = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.AsNoTracking()
            .Where(m => m.Channel == OutboxChannels.Sms).OrderByDescending(m => m.CreatedAt).FirstAsync();
        return Regex.Match(sms.Body, @"\b\d{6}\b").Value;
    }
}
