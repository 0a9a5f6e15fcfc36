using System.Net;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Host.Tests.Tasks;

/// <summary>What the host logs while people use their links (task links and password links) holds no link token, no e-mail text and no personal data.</summary>
public sealed class NoSecretsInLogsTests : IAsyncLifetime
{
    private const string Password = PortalSeed.Password;
    private const string Officer = PortalSeed.Officer;
    private readonly CapturingLoggerProvider _logs = new();
    private Mailbox _mail = null!;
    private KundportalHost _host = null!;

    public async Task InitializeAsync()
    {
        _mail = Mailbox.Start();
        _host = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("logs"), _mail.Port, new Dictionary<string, string?>
        {
            ["Kundportal:DefinitionsFolder"] = null,
        }, services: services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _mail.Dispose();
    }

    [Fact]
    public async Task LinksLoginsAndDecisions_LogNoTokensOrPersonalData()
    {
        await PortalSeed.AgentAndOfficerAsync(_host.Services);
        await PortalSeed.ApplyAsync(_host.Services, "232100011", "Region Logg", "logg.test");
        var token = await _mail.TaskTokenAsync(Officer);

        using var anonymous = new PortalClient(_host.BaseAddress);
        await anonymous.GetAsync($"/tasks/{token}");
        using var officer = new PortalClient(_host.BaseAddress);
        await officer.LoginAsync(Officer, Password);
        using (var wrong = new PortalClient(_host.BaseAddress))
        {
            var (_, login) = await wrong.GetAsync("/login");
            await wrong.PostFormAsync("/login", login, ("_handler", "login"), ("Input.Email", Officer), ("Input.Password", "fel-losenord-1"));
        }
        var (_, page) = await officer.GetAsync($"/tasks/{token}");
        var (approved, html) = await officer.PostFormAsync($"/tasks/{token}", page, ("decision", "Approved"), ("action", "submit"));
        Assert.True(approved.StatusCode == HttpStatusCode.OK, html);
        await officer.PostFormAsync($"/tasks/{token}", page, ("decision", "Approved"), ("action", "submit"));

        // A password link: asked for, e-mailed, used.
        const string newPassword = "Nytt-Losen-2026";
        using var forgetful = new PortalClient(_host.BaseAddress);
        var (_, request) = await forgetful.GetAsync("/account/password");
        await forgetful.PostFormAsync("/account/password", request, ("_handler", "password-link"), ("Input.Email", Officer));
        var passwordLink = await _mail.PasswordLinkAsync(Officer);
        var passwordToken = System.Web.HttpUtility.ParseQueryString(new Uri("https://x" + passwordLink).Query)["token"]!;
        var (_, setPage) = await forgetful.GetAsync(passwordLink);
        var (set, setHtml) = await forgetful.PostFormAsync(passwordLink, setPage, ("password", newPassword), ("confirm", newPassword));
        Assert.True(set.StatusCode == HttpStatusCode.Redirect, setHtml);

        var logged = _logs.Messages.ToList();
        Assert.NotEmpty(logged);
        foreach (var secret in new[] { token, Officer, "admin@logg.test", "firmatecknare@logg.test", "070-111 11 11", Password, passwordToken, newPassword, "Välj ditt lösenord" })
            Assert.DoesNotContain(logged, m => m.Contains(secret, StringComparison.OrdinalIgnoreCase));
        // The pages' own no-caching headers are the ones antiforgery wants: no warning on every form.
        var antiforgeryWarnings = logged.Where(m => m.StartsWith("Warning Microsoft.AspNetCore.Antiforgery", StringComparison.Ordinal)).ToList();
        Assert.True(antiforgeryWarnings.Count == 0, string.Join("\n", antiforgeryWarnings));
    }
}
