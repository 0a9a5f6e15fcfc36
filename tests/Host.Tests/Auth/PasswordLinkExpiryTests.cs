using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;

namespace Elsa.Kundportal.Host.Tests.Auth;

/// <summary>
/// An expired password link is refused. Identity's token provider reads the system clock, not the host's TimeProvider,
/// so instead of moving a clock this host is configured (<c>Kundportal:PasswordLinks:Lifetime</c>) with a lifetime of
/// one tick: the link has expired by the time it is opened, without waiting.
/// </summary>
public sealed partial class PasswordLinkExpiryTests : IAsyncLifetime
{
    private SimpleSmtpServer _smtp = null!;
    private KundportalHost _host = null!;

    public async Task InitializeAsync()
    {
        _smtp = SimpleSmtpServer.Start();
        _host = KundportalHost.Start("Production", new Dictionary<string, string?>
        {
            ["Kundportal:Database"] = "Postgres",
            ["ConnectionStrings:Kundportal"] = await PostgresCluster.Shared.CreateDatabaseAsync("expiry"),
            ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
            ["Kundportal:Smtp:Host"] = "127.0.0.1",
            ["Kundportal:Smtp:Port"] = _smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kundportal:PasswordLinks:Lifetime"] = "00:00:00.0000001",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _smtp.Dispose();
    }

    [Fact]
    public async Task ExpiredLink_IsRefusedWith410_AndOffersANewOne()
    {
        const string person = "sen@kund.test";
        await _host.Services.GetRequiredService<RoleAdministration>().SaveUserAsync(person, "Sara Sen");
        using var browser = new PortalClient(_host.BaseAddress);
        var (_, form) = await browser.GetAsync("/account/password");
        await browser.PostFormAsync("/account/password", form, ("_handler", "password-link"), ("Input.Email", person));

        MimeKit.MimeMessage? mail = null;
        for (var i = 0; i < 200 && mail is null; i++)
        {
            mail = _smtp.ReceivedEmail.Select(m => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data!))))
                .FirstOrDefault(m => m.Subject == PasswordLinks.Subject);
            if (mail is null)
                await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        Assert.NotNull(mail);
        var link = SetPasswordLink().Match(mail.TextBody ?? "").Groups[1].Value;

        var (expired, html) = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("Länken gäller inte längre", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/password\"", html, StringComparison.Ordinal);
        var (post, _) = await browser.PostFormAsync(link, form, ("password", "Eget-Losen-2026"), ("confirm", "Eget-Losen-2026"));
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
    }

    [GeneratedRegex(@"https://kundportal\.example\.se(/account/password/set\?\S+)")]
    private static partial Regex SetPasswordLink();
}
