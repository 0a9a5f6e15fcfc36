using System.Net;
using System.Net.Http.Headers;
using Elsa.Kundportal.Operations.Tests.Support;

namespace Elsa.Kundportal.Operations.Tests.Dashboard;

/// <summary>People get readable Swedish error pages; APIs keep Problem Details.</summary>
public sealed class ErrorPagesTests(OperationsFixture fixture) : IClassFixture<OperationsFixture>
{
    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task InstanceList_WithAWaitingTimeThatIsNoNumber_SaysSoInSwedish(string waitingDays)
    {
        var response = await Browser(fixture.Host.WithKey(OperationsHost.OperationsKey)).GetAsync($"/drift/instanser?waitingDays={waitingDays}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"sv\"", html, StringComparison.Ordinal);
        Assert.Contains("antal dagar", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAddress_IsASwedishPageForPeople_AndProblemDetailsForApis()
    {
        var page = await Browser(fixture.Host.Anonymous()).GetAsync("/finns-inte/alls");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"sv\"", html, StringComparison.Ordinal);
        Assert.Contains("Sidan finns inte", html, StringComparison.Ordinal);

        var api = await fixture.Host.Staff().GetAsync("/api/operations/finns-inte");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    private static HttpClient Browser(HttpClient client)
    {
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return client;
    }
}
