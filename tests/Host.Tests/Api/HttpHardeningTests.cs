using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Host.Tests.Api;

/// <summary>
/// What a security review of a public e-service expects of every answer: a Content-Security-Policy without inline
/// scripts, no framing, no sniffing, no referrer; forwarded headers believed only from configured proxies (client
/// address for rate limits, Secure cookies and HSTS behind TLS termination); no task token in traces or logs.
/// </summary>
public sealed partial class HttpHardeningTests : IAsyncLifetime
{
    private const string ProxyHeaderClient = "203.0.113.7";
    private readonly CapturingLoggerProvider _logs = new();
    private Mailbox _mail = null!;
    private KundportalHost _direct = null!;
    private KundportalHost _proxied = null!;

    public async Task InitializeAsync()
    {
        _mail = Mailbox.Start();
        var limits = new Dictionary<string, string?>
        {
            ["Kundportal:RateLimits:LoginPerMinute"] = "3",
            ["Kundportal:DefinitionsFolder"] = null,
            // An operator who turns request logging up still gets no token in the logs.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        };
        _direct = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("direct"), _mail.Port, limits,
            services: services => services.AddSingleton<ILoggerProvider>(_logs));
        _proxied = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("proxied"), _mail.Port,
            new Dictionary<string, string?>(limits) { ["Kundportal:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
    }

    public async Task DisposeAsync()
    {
        await _direct.DisposeAsync();
        await _proxied.DisposeAsync();
        _mail.Dispose();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/ansokan")]
    [InlineData("/account/password")]
    [InlineData("/finns-inte")]
    public async Task Pages_CarryTheSecurityHeaders_AndNoInlineScriptOrStyle(string path)
    {
        using var client = _direct.Anonymous();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", html);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("\\sstyle=\"", html);
    }

    [Fact]
    public async Task ApiPage_HasItsOwnPolicy_StillWithoutFraming()
    {
        var response = await _direct.Anonymous().GetAsync("/api-docs/");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Contains("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        var ordinary = (await _direct.Anonymous().GetAsync("/openapi/v1.json")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", ordinary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedHeaders_FromAnUnknownSender_AreIgnored()
    {
        using var client = WithoutCookieJar(_direct);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i}");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(!response.Headers.GetValues("Set-Cookie").Any(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase)), string.Join("\n", response.Headers.GetValues("Set-Cookie")));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
        // Another claimed address does not get a new budget: the limit counts the real peer.
        using var other = new HttpRequestMessage(HttpMethod.Get, "/login");
        other.Headers.Add("X-Forwarded-For", "198.51.100.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task ForwardedHeaders_FromAConfiguredProxy_GiveTheClientAddress_SecureCookies_AndHsts()
    {
        using var client = WithoutCookieJar(_proxied);
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
            request.Headers.Add("X-Forwarded-For", ProxyHeaderClient);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Host = "kundportal.example.se";
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
            Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        }
        using var limited = new HttpRequestMessage(HttpMethod.Get, "/login");
        limited.Headers.Add("X-Forwarded-For", ProxyHeaderClient);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(limited)).StatusCode);
        // Another client behind the same proxy has its own budget.
        using var another = new HttpRequestMessage(HttpMethod.Get, "/login");
        another.Headers.Add("X-Forwarded-For", "203.0.113.8");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(another)).StatusCode);
    }

    /// <summary>A client that keeps no cookies, so every answer sets them anew.</summary>
    private static HttpClient WithoutCookieJar(KundportalHost host) => new(new HttpClientHandler { UseCookies = false }) { BaseAddress = host.BaseAddress };

    [Fact]
    public async Task ApiKeyWithoutRoles_GetsNoRole()
    {
        using var client = _direct.WithKey(KundportalHost.NoRolesKey);

        await (await client.GetAsync("/elsa/api/workflow-definitions")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/operations/overview")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"/api/kundportal/organisations/{PortalSeed.Agent}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TaskAndPasswordLinks_LeaveNoTokenInTracesOrLogs()
    {
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (seen)
                    seen.Add(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);
        await PortalSeed.AgentAndOfficerAsync(_direct.Services);
        await PortalSeed.ApplyAsync(_direct.Services, "232100601", "Region Spår", "spar.test");
        var token = await _mail.TaskTokenAsync(PortalSeed.Officer, "Region Spår");
        using var officer = new PortalClient(_direct.BaseAddress);
        await officer.GetAsync($"/tasks/{token}");
        using var forgetful = new PortalClient(_direct.BaseAddress);
        var (_, request) = await forgetful.GetAsync("/account/password");
        await forgetful.PostFormAsync("/account/password", request, ("_handler", "password-link"), ("Input.Email", PortalSeed.Officer));
        var passwordLink = await _mail.PasswordLinkAsync(PortalSeed.Officer);
        var passwordToken = System.Web.HttpUtility.ParseQueryString(new Uri("https://x" + passwordLink).Query)["token"]!;
        await forgetful.GetAsync(passwordLink);

        List<Activity> spans;
        lock (seen)
            spans = [.. seen];
        // Other tests' hosts run in this process too: their spans are checked as well, this test's are among them.
        var tasks = spans.Where(s => s.GetTagItem("http.route") as string == "/tasks/{token}").ToList();
        Assert.NotEmpty(tasks);
        foreach (var secret in new[] { token, passwordToken, Uri.EscapeDataString(passwordToken) })
        {
            foreach (var span in spans)
            {
                Assert.DoesNotContain(secret, span.DisplayName, StringComparison.Ordinal);
                Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
            }
            Assert.DoesNotContain(_logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
        }
        Assert.All(tasks, task => Assert.Contains(task.TagObjects, t => t.Key == "url.path" && t.Value as string == "/tasks/{token}"));
    }
}
