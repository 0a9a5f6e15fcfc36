using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Auth;

/// <summary>
/// First sign-in and forgotten passwords over real HTTP, with the e-mail read from the real SMTP server: a person the
/// process created asks for a link, sets a password and is signed in; unknown addresses get the same answer and no
/// e-mail; used, wrong, malformed links are refused; weak or mismatching passwords are shown next to the fields.
/// </summary>
public sealed partial class PasswordLinkTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private const string NewPassword = "Eget-Losen-2026";
    private const string SentText = "Om e-postadressen finns i Kundportalen har vi skickat ett mejl";

    [Fact]
    public async Task SignatoryFromApplication_OpensTaskLink_AsksForLink_SetsPassword_LandsOnTask_AndLogsInLater()
    {
        await PortalSeed.AgentAndOfficerAsync(fixture.Host.Services);
        await PortalSeed.ApplyAsync(fixture.Host.Services, "232100021", "Region Lösen", "losen.test");
        await ApproveAsync("Region Lösen");
        const string signatory = "firmatecknare@losen.test";
        var taskUrl = $"/tasks/{await fixture.Mail.TaskTokenAsync(signatory, "Signera kundavtalet")}";

        // The signatory signs from the link without login (BankID alone); a signatory who wants an account for later
        // logs in from the link's login page, which points at the way to a password.
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        var (opened, _) = await browser.GetAsync(taskUrl);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var (_, login) = await browser.GetAsync($"/login?ReturnUrl={Uri.EscapeDataString(taskUrl)}");
        Assert.Contains("id=\"login-task-hint\"", login, StringComparison.Ordinal);
        var requestUrl = PasswordLinkHref().Match(login).Groups[1].Value;
        Assert.Equal($"/account/password?ReturnUrl={Uri.EscapeDataString(taskUrl)}", requestUrl);
        var (noPassword, noPasswordHtml) = await browser.PostFormAsync("/login", login,
            ("_handler", "login"), ("Input.Email", signatory), ("Input.Password", NewPassword), ("ReturnUrl", taskUrl));
        Assert.Equal(HttpStatusCode.OK, noPassword.StatusCode);
        Assert.Contains("Fel e-postadress eller lösenord", noPasswordHtml, StringComparison.Ordinal);

        // The request: the same neutral answer, and an e-mail with a link built from the public address.
        var (form, formHtml) = await browser.GetAsync(requestUrl);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var (sent, sentHtml) = await browser.PostFormAsync(requestUrl, formHtml,
            ("_handler", "password-link"), ("Input.Email", " Firmatecknare@Losen.test "), ("ReturnUrl", taskUrl));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains(SentText, sentHtml, StringComparison.Ordinal);
        var mail = Assert.Single(await PasswordMailsAsync(signatory, 1));
        Assert.Equal(signatory, mail.To.Mailboxes.Single().Address);
        Assert.Equal(PasswordLinks.Subject, mail.Subject);
        Assert.Contains("Hej Fredrik F!", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("gäller i 24 timmar", mail.TextBody, StringComparison.Ordinal);
        var link = LinkIn(mail.TextBody);
        Assert.Contains($"&ReturnUrl={Uri.EscapeDataString(taskUrl)}", link, StringComparison.Ordinal);

        // The page the link opens: the e-mail read-only, no referrer, not cached.
        var (page, pageHtml) = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Matches($"<input type=\"email\" id=\"email\" name=\"email\" value=\"{Regex.Escape(signatory)}\"[^>]* readonly", pageHtml);

        // Setting the password signs the person in and goes back to the task.
        var (done, doneHtml) = await browser.PostFormAsync(link, pageHtml, ("password", NewPassword), ("confirm", NewPassword));
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, doneHtml);
        Assert.Equal("no-referrer", done.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(taskUrl, done.Headers.Location!.OriginalString);
        var (task, taskHtml) = await browser.GetAsync(taskUrl);
        Assert.Equal(HttpStatusCode.OK, task.StatusCode);
        Assert.Contains("Signera", taskHtml, StringComparison.Ordinal);

        // Later, in another browser: the password works on the login page.
        using var later = new PortalClient(fixture.Host.BaseAddress);
        Assert.EndsWith(taskUrl, await later.LoginAsync(signatory, NewPassword, taskUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAddress_GetsTheSameAnswer_AndNoEmail_InvalidAddressIsShownAtTheField()
    {
        const string known = "kand@okand.test";
        const string unknown = "ingen-alls@okand.test";
        await fixture.Host.Services.GetRequiredService<RoleAdministration>().SaveUserAsync(known, "Kalle Känd");

        using var browser = new PortalClient(fixture.Host.BaseAddress);
        var (_, form) = await browser.GetAsync("/account/password");
        var (invalid, invalidHtml) = await browser.PostFormAsync("/account/password", form, ("_handler", "password-link"), ("Input.Email", "inte-en-adress"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Matches("id=\"email-error\"[^>]*>[^<]*giltig e-postadress", invalidHtml);

        var answers = new List<string>();
        foreach (var email in new[] { unknown, known })
        {
            var (response, html) = await browser.PostFormAsync("/account/password", form, ("_handler", "password-link"), ("Input.Email", email));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(SentCard().Match(html).Value);
        }
        Assert.Contains(SentText, answers[0], StringComparison.Ordinal);
        Assert.Equal(answers[0], answers[1]);

        // Rows are written before the answer: nothing for the unknown address, neither queued nor (once the known one arrived) delivered.
        Assert.Single(await PasswordMailsAsync(known, 1));
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.AnyAsync(m => m.Recipient == unknown));
        Assert.DoesNotContain(fixture.Mail.Messages, m => Mailbox.IsTo(m, unknown));
        Assert.False(await scope.ServiceProvider.GetRequiredService<PortalSignIn>().HasAccountAsync(unknown));
    }

    [Fact]
    public async Task UsedLink_AndEveryEarlierLink_AreRefused_WithAWayToANewOne()
    {
        const string person = "tva-lankar@kund.test";
        await fixture.Host.Services.GetRequiredService<RoleAdministration>().SaveUserAsync(person, "Tove Två");
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await RequestAsync(browser, person);
        await RequestAsync(browser, person);
        var links = (await PasswordMailsAsync(person, 2)).Select(m => LinkIn(m.TextBody)).ToList();
        Assert.NotEqual(links[0], links[1]);

        var (_, page) = await browser.GetAsync(links[0]);
        var (done, _) = await browser.PostFormAsync(links[0], page, ("password", NewPassword), ("confirm", NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/", done.Headers.Location!.OriginalString);

        // Used: the same link again, as GET and as POST (with a valid form), and the other link sent before it.
        foreach (var link in links)
        {
            var (again, againHtml) = await browser.GetAsync(link);
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
            Assert.Contains("Länken gäller inte längre", againHtml, StringComparison.Ordinal);
            Assert.Contains("href=\"/account/password\"", againHtml, StringComparison.Ordinal);
            Assert.Contains("no-store", again.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            var (post, _) = await browser.PostFormAsync(link, page, ("password", "Annat-Losen-2027"), ("confirm", "Annat-Losen-2027"));
            Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        }
        using var later = new PortalClient(fixture.Host.BaseAddress);
        await later.LoginAsync(person, NewPassword);
    }

    [Fact]
    public async Task WrongTamperedOrMalformedLinks_AreRefused_BeforeTheFormIsRead()
    {
        var roles = fixture.Host.Services.GetRequiredService<RoleAdministration>();
        const string anna = "anna@fel.test";
        const string bo = "bo@fel.test";
        await roles.SaveUserAsync(anna, "Anna A");
        await roles.SaveUserAsync(bo, "Bo B");
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await RequestAsync(browser, anna);
        await RequestAsync(browser, bo);
        var annaLink = LinkIn(Assert.Single(await PasswordMailsAsync(anna, 1)).TextBody);
        var boLink = LinkIn(Assert.Single(await PasswordMailsAsync(bo, 1)).TextBody);
        var (annaId, annaToken) = Parts(annaLink);
        var (boId, _) = Parts(boLink);

        // Anna's token with Bo's account: the token is bound to the account it was made for.
        await RefusedAsync(browser, $"/account/password/set?user={boId}&token={annaToken}", HttpStatusCode.Gone);
        // One character changed in the middle of the token, or an account that does not exist.
        var middle = annaToken.Length / 2;
        var tampered = annaToken[..middle] + (annaToken[middle] == 'A' ? 'B' : 'A') + annaToken[(middle + 1)..];
        await RefusedAsync(browser, $"/account/password/set?user={annaId}&token={tampered}", HttpStatusCode.Gone);
        await RefusedAsync(browser, $"/account/password/set?user={Guid.NewGuid()}&token={annaToken}", HttpStatusCode.Gone);
        // Not a token at all, or parts missing: the link is incomplete.
        await RefusedAsync(browser, $"/account/password/set?user={annaId}&token=inte*en*token", HttpStatusCode.BadRequest);
        await RefusedAsync(browser, $"/account/password/set?user={annaId}&token={annaToken[..1]}", HttpStatusCode.BadRequest);
        await RefusedAsync(browser, $"/account/password/set?user={annaId}", HttpStatusCode.BadRequest);
        await RefusedAsync(browser, "/account/password/set", HttpStatusCode.BadRequest);

        // None of that used anything up: both real links still open the form.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(annaLink)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(boLink)).Response.StatusCode);
    }

    [Fact]
    public async Task WeakOrMismatchingPassword_ErrorsNextToTheFields_422_AndTheLinkStillWorks()
    {
        const string person = "svagt@kund.test";
        await fixture.Host.Services.GetRequiredService<RoleAdministration>().SaveUserAsync(person, "Sven Svag");
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await RequestAsync(browser, person);
        var link = LinkIn(Assert.Single(await PasswordMailsAsync(person, 1)).TextBody);
        var (_, page) = await browser.GetAsync(link);
        Assert.Contains("Minst 10 tecken, med en stor och en liten bokstav och en siffra.", page, StringComparison.Ordinal);

        var (weak, weakHtml) = await browser.PostFormAsync(link, page, ("password", "kort"), ("confirm", "kort"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Matches("id=\"password-error\">[^<]*minst 10 tecken[^<]*siffra[^<]*stor bokstav", weakHtml);
        Assert.Matches("id=\"password\"[^>]*aria-describedby=\"password-rules password-error\"[^>]*aria-invalid=\"true\"", weakHtml);
        Assert.DoesNotContain("id=\"confirm-error\"", weakHtml, StringComparison.Ordinal);

        var (mismatch, mismatchHtml) = await browser.PostFormAsync(link, weakHtml, ("password", NewPassword), ("confirm", NewPassword + "x"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.Matches("id=\"confirm-error\">[^<]*inte likadana", mismatchHtml);
        Assert.DoesNotContain("id=\"password-error\"", mismatchHtml, StringComparison.Ordinal);

        var (empty, emptyHtml) = await browser.PostFormAsync(link, page, ("password", ""), ("confirm", ""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Matches("id=\"password-error\">Ange ett lösenord", emptyHtml);
        Assert.Matches("id=\"confirm-error\">Upprepa lösenordet", emptyHtml);

        // Without the antiforgery field: refused, nothing set.
        var forged = await browser.Http.PostAsync(link, new FormUrlEncodedContent([new("password", NewPassword), new("confirm", NewPassword)]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // Not a form at all (JSON, with a valid antiforgery token in the header): refused the same way, nothing set.
        using (var json = new HttpRequestMessage(HttpMethod.Post, link) { Content = System.Net.Http.Json.JsonContent.Create(new { password = NewPassword, confirm = NewPassword }) })
        {
            json.Headers.Add("RequestVerificationToken", PortalClient.Hidden(page, "__RequestVerificationToken") ?? System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.Http.SendAsync(json)).StatusCode);
        }

        var (done, _) = await browser.PostFormAsync(link, page, ("password", NewPassword), ("confirm", NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
    }

    [Fact]
    public async Task LockedOutPerson_SetsANewPasswordThroughALink_AndIsUnlocked()
    {
        const string person = "last@kund.test";
        await fixture.Host.Services.GetRequiredService<RoleAdministration>().SaveUserAsync(person, "Lars Låst");
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<PortalSignIn>().SetPasswordAsync(person, PortalSeed.Password)).Succeeded);
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        var (_, login) = await browser.GetAsync("/login");
        var html = "";
        for (var i = 0; i < 5; i++)
            (_, html) = await browser.PostFormAsync("/login", login, ("_handler", "login"), ("Input.Email", person), ("Input.Password", "Fel-losen-123"));
        Assert.Contains("tillfälligt låst", html, StringComparison.Ordinal);

        await RequestAsync(browser, person);
        var link = LinkIn(Assert.Single(await PasswordMailsAsync(person, 1)).TextBody);
        var (_, page) = await browser.GetAsync(link);
        var (done, _) = await browser.PostFormAsync(link, page, ("password", NewPassword), ("confirm", NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        using var later = new PortalClient(fixture.Host.BaseAddress);
        await later.LoginAsync(person, NewPassword);
    }

    [Fact]
    public async Task RolesPage_InvitesPeopleByLink_AndCannotTakeOverOrRedirectSomeoneFromAnotherOrganisation()
    {
        var roles = fixture.Host.Services.GetRequiredService<RoleAdministration>();
        var number = "212000200" + Activities.Domain.OrganisationNumber.CheckDigit("212000200");
        var other = "212000300" + Activities.Domain.OrganisationNumber.CheckDigit("212000300");
        await roles.SaveOrganisationAsync(number, "Kommunen Start", Activities.Domain.OrganisationKind.Customer);
        await roles.SaveOrganisationAsync(other, "Kommunen Annan", Activities.Domain.OrganisationKind.Customer);
        const string admin = "admin@start.test";
        const string stranger = "attestant@annan.test";
        await roles.SaveUserAsync(admin, "Adam Admin");
        await roles.AssignRoleAsync(number, admin, Activities.Domain.KundportalRole.Administrator, "test");
        await roles.SaveUserAsync(stranger, "Ada Annan", "070-100 00 01");
        await roles.AssignRoleAsync(other, stranger, Activities.Domain.KundportalRole.Attestant, "test");
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<PortalSignIn>().SetPasswordAsync(admin, PortalSeed.Password)).Succeeded);
        using var administrator = new PortalClient(fixture.Host.BaseAddress);
        await administrator.LoginAsync(admin, PortalSeed.Password);
        var rolesUrl = $"/organisation/{number}/roller";
        var (_, page) = await administrator.GetAsync(rolesUrl);
        Assert.DoesNotContain("type=\"password\"", page, StringComparison.Ordinal);

        // A new person gets a link by e-mail and chooses the password; the administrator never knows it.
        const string person = "ny@start.test";
        var (saved, savedHtml) = await administrator.PostFormAsync(rolesUrl, page,
            ("_handler", "assign"), ("Add.Email", person), ("Add.Name", "Stina Start"), ("Add.Role", "Orderer"), ("Add.Password", NewPassword));
        Assert.True(saved.StatusCode == HttpStatusCode.OK && savedHtml.Contains("Stina Start har rollen Beställare. Personen har inget lösenord ännu och har fått ett mejl", StringComparison.Ordinal), savedHtml);
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<PortalSignIn>().HasPasswordAsync(person));
        using var invited = new PortalClient(fixture.Host.BaseAddress);
        var link = LinkIn(Assert.Single(await PasswordMailsAsync(person, 1)).TextBody);
        var (_, form) = await invited.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, (await invited.PostFormAsync(link, form, ("password", NewPassword), ("confirm", NewPassword))).Response.StatusCode);

        // Someone with a role in another organisation: their name and mobile number (where their one-time codes go) stay
        // as their own organisation has them (a change is refused, nothing happens), the role is given without them,
        // and no password can be set for them.
        var (refusedChange, strangerHtml) = await administrator.PostFormAsync(rolesUrl, savedHtml,
            ("_handler", "assign"), ("Add.Email", stranger), ("Add.Name", "Falskt Namn"), ("Add.Mobile", "070-999 99 99"), ("Add.Role", "Attestant"), ("Add.Password", "Kapat-Losen-2026"));
        Assert.Equal(HttpStatusCode.Forbidden, refusedChange.StatusCode);
        Assert.Matches("id=\"mobile-error\">[^<]*har roller i en annan organisation", strangerHtml);
        var (given, givenHtml) = await administrator.PostFormAsync(rolesUrl, savedHtml,
            ("_handler", "assign"), ("Add.Email", stranger), ("Add.Role", "Attestant"), ("Add.Password", "Kapat-Losen-2026"));
        Assert.True(given.StatusCode == HttpStatusCode.OK && givenHtml.Contains($"{stranger} har rollen Attestant.", StringComparison.Ordinal), givenHtml);
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<Activities.Persistence.KundportalDbContextFactory>().CreateDbContext().Users.AsNoTracking().SingleAsync(u => u.Email == stranger);
            Assert.Equal(("Ada Annan", "070-100 00 01"), (user.Name, user.Mobile));
            Assert.False(await scope.ServiceProvider.GetRequiredService<PortalSignIn>().HasPasswordAsync(stranger));
        }
        using var attacker = new PortalClient(fixture.Host.BaseAddress);
        var (_, login) = await attacker.GetAsync("/login");
        var (refused, _) = await attacker.PostFormAsync("/login", login, ("_handler", "login"), ("Input.Email", stranger), ("Input.Password", "Kapat-Losen-2026"), ("ReturnUrl", "/"));
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task SimultaneousRequestsAndPosts_OneAccount_OnePasswordSet_TheOthersSeeTheLinkUsed()
    {
        const string person = "samtidig@kund.test";
        await fixture.Host.Services.GetRequiredService<RoleAdministration>().SaveUserAsync(person, "Sam Samtidig");
        // First requests at once: each creates the missing account or finds the one just created.
        await Task.WhenAll(Enumerable.Range(0, PasswordLinkLimiter.PerHour).Select(async _ =>
        {
            await using var scope = fixture.Host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PasswordLinks>().RequestAsync(person, null, CancellationToken.None);
        }));
        var links = (await PasswordMailsAsync(person, PasswordLinkLimiter.PerHour)).Select(m => LinkIn(m.TextBody)).ToList();
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            // One more within the hour is answered the same way, but no e-mail goes.
            await scope.ServiceProvider.GetRequiredService<PasswordLinks>().RequestAsync(person, null, CancellationToken.None);
            Assert.Equal(PasswordLinkLimiter.PerHour, await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox
                .CountAsync(m => m.Recipient == person && m.Subject == PasswordLinks.Subject));
        }

        // One link posted four times at once (a double click, two tabs): one password, the others are told the link is used.
        var link = links[^1];
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        var (_, page) = await browser.GetAsync(link);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => browser.PostFormAsync(link, page, ("password", $"{NewPassword}-{i}"), ("confirm", $"{NewPassword}-{i}"))));
        Assert.Single(answers, a => a.Response.StatusCode == HttpStatusCode.Redirect);
        Assert.All(answers.Where(a => a.Response.StatusCode != HttpStatusCode.Redirect), a => Assert.Equal(HttpStatusCode.Gone, a.Response.StatusCode));
        var winner = Array.FindIndex(answers, a => a.Response.StatusCode == HttpStatusCode.Redirect);
        using var later = new PortalClient(fixture.Host.BaseAddress);
        await later.LoginAsync(person, $"{NewPassword}-{winner}");
    }

    private static async Task RefusedAsync(PortalClient browser, string url, HttpStatusCode status)
    {
        var (response, html) = await browser.GetAsync(url);
        Assert.True(response.StatusCode == status, $"{url}: {(int)response.StatusCode} {html}");
        Assert.Contains("Skicka en ny länk", html, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"password\"", html, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        // A POST is refused the same way, before antiforgery or the form.
        var post = await browser.Http.PostAsync(url, new StringContent("{not a form", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, post.StatusCode);
    }

    private static async Task RequestAsync(PortalClient browser, string email)
    {
        var (_, form) = await browser.GetAsync("/account/password");
        var (response, html) = await browser.PostFormAsync("/account/password", form, ("_handler", "password-link"), ("Input.Email", email));
        Assert.True(response.StatusCode == HttpStatusCode.OK && html.Contains(SentText, StringComparison.Ordinal), html);
    }

    private async Task ApproveAsync(string region)
    {
        using var officer = new PortalClient(fixture.Host.BaseAddress);
        await officer.LoginAsync(PortalSeed.Officer, PortalSeed.Password);
        var url = $"/tasks/{await fixture.Mail.TaskTokenAsync(PortalSeed.Officer, region)}";
        var (_, page) = await officer.GetAsync(url);
        var (approved, html) = await officer.PostFormAsync(url, page, ("decision", "Approved"), ("action", "submit"));
        Assert.True(approved.StatusCode == HttpStatusCode.OK, html);
    }

    /// <summary>The password e-mails to <paramref name="email"/>, once at least <paramref name="count"/> have arrived.</summary>
    private async Task<List<MimeKit.MimeMessage>> PasswordMailsAsync(string email, int count)
    {
        bool IsPasswordMail(MimeKit.MimeMessage m) => Mailbox.IsTo(m, email) && m.Subject == PasswordLinks.Subject;
        var mails = await fixture.Mail.WaitForAsync(all => all.Count(IsPasswordMail) >= count, $"{count} password e-mail(s) to {email}");
        return [.. mails.Where(IsPasswordMail)];
    }

    /// <summary>The set-password link in a mail, as a path on the host under test (the mail has the configured public address).</summary>
    private static string LinkIn(string? body)
    {
        var link = Mailbox.PasswordLink(body);
        Assert.True(link is not null, body);
        return link;
    }

    private static (string User, string Token) Parts(string link)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("https://x" + link).Query);
        return (query["user"]!, query["token"]!);
    }

    private static string PathOf(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    [GeneratedRegex("<a href=\"([^\"]+)\" id=\"password-link\"")]
    private static partial Regex PasswordLinkHref();

    [GeneratedRegex("<div class=\"card\" role=\"status\" id=\"password-link-sent\">.*?</div>", RegexOptions.Singleline)]
    private static partial Regex SentCard();
}
