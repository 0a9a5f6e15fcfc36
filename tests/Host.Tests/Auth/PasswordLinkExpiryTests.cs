using System.Net;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Auth;

/// <summary>
/// An expired password link is refused. Identity's token provider reads the system clock, not the host's TimeProvider,
/// so instead of moving a clock this host is configured (<c>Kundportal:PasswordLinks:Lifetime</c>) with a lifetime of
/// one tick: the link has expired by the time it is opened, without waiting.
/// </summary>
public sealed class PasswordLinkExpiryTests : IAsyncLifetime
{
    private Mailbox _mail = null!;
    private KundportalHost _host = null!;

    public async Task InitializeAsync()
    {
        _mail = Mailbox.Start();
        _host = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("expiry"), _mail.Port, new Dictionary<string, string?>
        {
            ["Kundportal:PasswordLinks:Lifetime"] = "00:00:00.0000001",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _mail.Dispose();
    }

    [Fact]
    public async Task ExpiredLink_IsRefusedWith410_AndOffersANewOne()
    {
        const string person = "sen@kund.test";
        await _host.Services.GetRequiredService<RoleAdministration>().SaveUserAsync(person, "Sara Sen");
        using var browser = new PortalClient(_host.BaseAddress);
        var (_, form) = await browser.GetAsync("/account/password");
        await browser.PostFormAsync("/account/password", form, ("_handler", "password-link"), ("Input.Email", person));

        var link = await _mail.PasswordLinkAsync(person);

        var (expired, html) = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("Länken gäller inte längre", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/password\"", html, StringComparison.Ordinal);
        var (post, _) = await browser.PostFormAsync(link, form, ("password", "Eget-Losen-2026"), ("confirm", "Eget-Losen-2026"));
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
    }
}
