using System.Net;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;

namespace Elsa.Kundportal.Host.Tests.Auth;

/// <summary>The login, password link, task link and one-time code endpoints answer 429 once a client exceeds its limit per minute.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private KundportalHost _host = null!;

    public async Task InitializeAsync()
    {
        var connection = await PostgresCluster.Shared.CreateDatabaseAsync("limits");
        _host = KundportalHost.StartProduction(connection, 1, new Dictionary<string, string?>
        {
            ["Kundportal:RateLimits:LoginPerMinute"] = "3",
            ["Kundportal:RateLimits:TasksPerMinute"] = "3",
            ["Kundportal:RateLimits:OtpPerMinute"] = "3",
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/tasks/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/login/bankid/00000000-0000-0000-0000-000000000000")]
    public async Task Endpoint_OverTheLimit_Answers429(string path)
    {
        using var client = _host.Anonymous();
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync(path)).StatusCode);
    }

    /// <summary>The login page and both password-link pages draw from one budget per client, so none is a way around the others.</summary>
    [Fact]
    public async Task LoginAndPasswordPages_ShareOneLimit_OverItAnswer429()
    {
        string[] paths = ["/login", "/account/password", "/account/password/set?user=x&token=AAAA"];
        using var client = _host.Anonymous();
        foreach (var path in paths)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync(path)).StatusCode);
        foreach (var path in paths)
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync(path)).StatusCode);
    }
}
