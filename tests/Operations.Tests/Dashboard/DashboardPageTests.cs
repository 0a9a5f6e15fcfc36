using System.Net;
using Elsa.Kundportal.Operations.Tests.Support;

namespace Elsa.Kundportal.Operations.Tests.Dashboard;

/// <summary>The server-rendered pages under /drift: what they show and who may see them.</summary>
public sealed class DashboardPageTests(OperationsFixture fixture) : IClassFixture<OperationsFixture>
{
    private readonly HttpClient _operations = fixture.Host.WithKey(OperationsHost.OperationsKey);

    [Fact]
    public async Task Pages_ShowTheProcessInItsOwnLanguage()
    {
        var customer = await fixture.Scenario.CustomerAsync("Sidkommunen");
        var id = await fixture.Scenario.StartAsync(customer);

        var overview = await TextAsync("/drift");
        Assert.Contains("Beställning", overview, StringComparison.Ordinal);
        Assert.Contains("Agenten granskar beställningen", overview, StringComparison.Ordinal);
        Assert.Contains("<svg", overview, StringComparison.Ordinal);
        Assert.Contains("Behöver åtgärd", overview, StringComparison.Ordinal);

        var list = await TextAsync($"/drift/instanser?organisation=Sidkommunen");
        Assert.Contains($"/drift/instanser/{id}", list, StringComparison.Ordinal);
        Assert.Contains("Sidkommunen", list, StringComparison.Ordinal);

        var page = await TextAsync($"/drift/instanser/{id}");
        Assert.Contains(customer.Orderer, page, StringComparison.Ordinal);
        Assert.Contains("Skicka ny länk", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/designer/instances/{id}", page, StringComparison.Ordinal);
        var staffPage = await (await fixture.Host.Staff().GetAsync($"/drift/instanser/{id}")).Content.ReadAsStringAsync();
        Assert.Contains($"/designer/instances/{id}", staffPage, StringComparison.Ordinal);
        Assert.Contains("Avbryt ärendet", page, StringComparison.Ordinal);

        Assert.Contains("Nästa körning raderar", await TextAsync("/drift/gallring"), StringComparison.Ordinal);
        Assert.Contains("Ärendet finns inte", await TextAsync($"/drift/instanser/{Guid.NewGuid()}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_AreRefusedToOthers_AndHangfireToNonStaff()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };
        var signIn = await anonymous.GetAsync("/drift");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/login", signIn.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.WithKey(OperationsHost.CustomerKey).GetAsync("/drift")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _operations.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Host.Staff().GetAsync("/hangfire")).StatusCode);
        Assert.DoesNotContain("/hangfire", await TextAsync("/drift"), StringComparison.Ordinal);
        Assert.Contains("/hangfire", await (await fixture.Host.Staff().GetAsync("/drift")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> TextAsync(string path)
    {
        var response = await _operations.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return WebUtility.HtmlDecode(body);
    }
}
