using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;

namespace Elsa.Kundportal.Host.Tests.Studio;

public sealed class StudioHostFixture() : ProductionHostFixture("studio")
{
    private Task? _seeded;

    /// <summary>The agent and Inera's handläggare (with a password), seeded once for the class.</summary>
    public Task SeedOnceAsync() => _seeded ??= PortalSeed.AgentAndOfficerAsync(Host.Services);
}

/// <summary>
/// Elsa Studio at /studio: staff only, its own page (nothing from outside this host, the CSP Blazor needs), the
/// bundle's files with their content types, and a short-lived access token issued to the signed-in person that
/// /elsa/api takes as Elsa's clients send it (<c>Authorization: Bearer</c>); Elsa's <c>Authorization: ApiKey</c> too.
/// </summary>
public sealed class StudioAccessTests(StudioHostFixture fixture) : IClassFixture<StudioHostFixture>
{
    private async Task<PortalClient> SignedInOfficerAsync()
    {
        await fixture.SeedOnceAsync();
        var officer = new PortalClient(fixture.Host.BaseAddress);
        await officer.LoginAsync(PortalSeed.Officer, PortalSeed.Password);
        return officer;
    }

    private static async Task<string> TokenAsync(PortalClient person)
    {
        var response = await person.Http.PostAsync("/studio/token", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Bearer", body["tokenType"]!.GetValue<string>());
        return body["accessToken"]!.GetValue<string>();
    }

    private HttpClient WithAuthorization(string scheme, string value)
    {
        var client = fixture.Host.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, value);
        return client;
    }

    [Fact]
    public async Task AccessToken_IsThePersonsOwn_AndNamesThemInTheJournal()
    {
        using var officer = await SignedInOfficerAsync();
        var studio = WithAuthorization("Bearer", await TokenAsync(officer));
        var id = TestDefinitions.NewId("token");

        await (await studio.PostJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = TestDefinitions.Review(id), ["publish"] = true }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var started = await studio.PostJsonAsync($"/elsa/api/workflow-definitions/{id}/execute", new JsonObject());
        var instanceId = Assert.Single(started.Headers.GetValues("x-elsa-workflow-instance-id"));

        var definition = await (await studio.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal((PortalSeed.Officer, PortalSeed.Officer), (definition["createdBy"]!.GetValue<string>(), definition["publishedBy"]!.GetValue<string>()));
        var journal = await (await studio.GetAsync($"/elsa/api/workflow-instances/{instanceId}/journal")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "InstanceStarted" && e["actor"]!.GetValue<string>() == PortalSeed.Officer);
    }

    [Fact]
    public async Task AccessToken_ExpiresAfterFifteenMinutes()
    {
        using var officer = await SignedInOfficerAsync();
        var studio = WithAuthorization("Bearer", await TokenAsync(officer));
        Assert.Equal(HttpStatusCode.OK, (await studio.GetAsync("/elsa/api/package/version")).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(HttpStatusCode.Unauthorized, (await studio.GetAsync("/elsa/api/package/version")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithAuthorization("Bearer", "not-a-token").GetAsync("/elsa/api/package/version")).StatusCode);
    }

    [Fact]
    public async Task Token_IsIssuedOnlyAgainstTheSignInCookieOfStaff()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Host.Anonymous().PostAsync("/studio/token", null)).StatusCode);
        // An API key (or a token) cannot mint a token for someone: only the sign-in cookie counts here.
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Host.Staff().PostAsync("/studio/token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Host.WithKey(KundportalHost.CustomerKey).PostAsync("/studio/token", null)).StatusCode);
        using var officer = await SignedInOfficerAsync();
        var token = await TokenAsync(officer);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithAuthorization("Bearer", token).PostAsync("/studio/token", null)).StatusCode);
    }

    [Fact]
    public async Task ElsasApiKeyHeader_AuthenticatesLikeXApiKey()
    {
        Assert.Equal(HttpStatusCode.OK, (await WithAuthorization("ApiKey", KundportalHost.StaffKey).GetAsync("/elsa/api/features/installed")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithAuthorization("ApiKey", "wrong").GetAsync("/elsa/api/features/installed")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await WithAuthorization("ApiKey", KundportalHost.CustomerKey).GetAsync("/elsa/api/features/installed")).StatusCode);
    }

    [Fact]
    public async Task StudioPage_IsOurOwn_ForStaffOnly_WithTheCspBlazorNeeds()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };
        var anonymous = await noRedirects.GetAsync("/studio/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.WithKey(KundportalHost.CustomerKey).GetAsync("/studio/")).StatusCode);
        using var officer = await SignedInOfficerAsync();

        var page = await officer.Http.GetAsync("/studio/definitions/kundportal-agent-order");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval'", csp.Replace("'wasm-unsafe-eval'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<base href=\"/studio/\">", html, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.webassembly.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BundleFiles_HaveTheirContentTypes_AndPrecompressedTwins()
    {
        using var officer = await SignedInOfficerAsync();
        var bundle = Path.Combine(RepositoryHost(), "ClientApp", "node_modules", "@elsa-workflows", "elsa-studio-wasm", "_framework");
        var wasm = Path.GetFileName(Directory.GetFiles(bundle, "Elsa.Api.Client.*.wasm").Single());

        var plain = await officer.Http.GetAsync($"/studio/_framework/{wasm}");
        Assert.Equal(("application/wasm", null), (plain.Content.Headers.ContentType?.MediaType, plain.Content.Headers.ContentEncoding.FirstOrDefault()));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/studio/_framework/{wasm}");
        request.Headers.AcceptEncoding.ParseAdd("br");
        var compressed = await officer.Http.SendAsync(request);
        Assert.Equal(("application/wasm", "br"), (compressed.Content.Headers.ContentType?.MediaType, compressed.Content.Headers.ContentEncoding.Single()));
        Assert.Equal(new FileInfo(Path.Combine(bundle, wasm + ".br")).Length, (await compressed.Content.ReadAsByteArrayAsync()).Length);

        var settings = await officer.Http.GetFromJsonAsync<JsonObject>("/studio/appsettings.json");
        Assert.EndsWith("/elsa/api", settings!["backend"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.Http.GetAsync("/studio/_framework/nothing.wasm")).StatusCode);
    }

    private static string RepositoryHost()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elsa.Kundportal.sln")))
                return Path.Combine(dir.FullName, "src", "Host");
        }
        throw new InvalidOperationException("No Elsa.Kundportal.sln above the test's output.");
    }
}
