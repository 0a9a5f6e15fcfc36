using System.Net;
using Elsa.Kundportal.Host.Tests.Support;

namespace Elsa.Kundportal.Host.Tests.Api;

public sealed class SecurityAndErrorTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private readonly KundportalHost _host = fixture.Host;

    [Theory]
    [InlineData("/elsa/api/workflow-definitions")]
    [InlineData("/elsa/api/workflow-instances")]
    [InlineData("/elsa/api/descriptors/activities")]
    public async Task Api_WithoutCredentials_Is401ProblemDetails(string url)
    {
        await (await _host.Anonymous().GetAsync(url)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Api_WithUnknownKey_Is401()
    {
        var response = await _host.WithKey("not-a-key").GetAsync("/elsa/api/workflow-definitions");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
    }

    [Fact]
    public async Task Api_WithKeyWithoutStaffRole_Is403()
    {
        await (await _host.WithKey(KundportalHost.CustomerKey).GetAsync("/elsa/api/workflow-definitions")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await _host.WithKey(KundportalHost.CustomerKey).PostRawJsonAsync("/elsa/api/bookmarks/resume", """{"token":"x"}"""))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unauthenticated_WritesChangeNothing()
    {
        var id = TestDefinitions.NewId();

        await (await _host.Anonymous().PostJsonAsync("/elsa/api/workflow-definitions", TestDefinitions.Review(id))).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        await (await _host.Staff().GetAsync($"/elsa/api/workflow-definitions/{id}/versions")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/elsa/api/workflow-definitions", """{"definitionId": "x", """)]
    [InlineData("/elsa/api/workflow-definitions/import", "not json")]
    [InlineData("/elsa/api/workflow-definitions/validate", "[1, 2")]
    [InlineData("/elsa/api/bookmarks/resume", """{"token": }""")]
    [InlineData("/elsa/api/bookmarks/resume", "")]
    [InlineData("/elsa/api/workflow-instances/0195e5a4-0000-7000-8000-000000000000/cancel", "{reason")]
    public async Task MalformedJson_Is400ProblemDetails(string url, string body)
    {
        var problem = await (await _host.Staff().PostRawJsonAsync(url, body)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
    }

    [Fact]
    public async Task DefinitionBody_MalformedJson_NamesLineAndPosition()
    {
        var problem = await (await _host.Staff().PostRawJsonAsync("/elsa/api/workflow-definitions", "{\n  \"definitionId\": \"x\",\n  \"root\": {\n}"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        var message = problem["errors"]!.AsObject().Single().Value![0]!.GetValue<string>();
        Assert.Contains("line 4", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Is404ProblemDetails()
    {
        await (await _host.Staff().GetAsync("/elsa/api/nothing-here")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HangfireDashboard_IsForStaffOnly()
    {
        // A person who is not signed in is sent to the login page (and back afterwards).
        var anonymous = await _host.Anonymous().GetAsync("/hangfire");
        Assert.Equal("/login", anonymous.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fhangfire", anonymous.RequestMessage.RequestUri.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.WithKey(KundportalHost.CustomerKey).GetAsync("/hangfire")).StatusCode);
        var dashboard = await _host.Staff().GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("workflows-due-work-sweep", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocumentAndApiPage_AreServed()
    {
        var document = await (await _host.Anonymous().GetAsync("/openapi/v1.json")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(document["paths"]!["/elsa/api/workflow-definitions"]);
        Assert.NotNull(document["paths"]!["/elsa/api/bookmarks/resume"]);
        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());

        var page = await _host.Anonymous().GetAsync("/api-docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Anonymous().GetAsync("/api-docs/scalar.js")).StatusCode);
    }

    [Fact]
    public async Task ProductionMode_HasNoDevTools()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Anonymous().GetAsync("/dev/mailbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Anonymous().GetAsync("/dev/login")).StatusCode);
        var start = await (await _host.Anonymous().GetAsync("/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("/dev/mailbox", start, StringComparison.Ordinal);
    }
}
