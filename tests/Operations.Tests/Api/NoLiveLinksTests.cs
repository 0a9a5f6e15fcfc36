using System.Net;
using Elsa.Kundportal.Operations.Tests.Support;

namespace Elsa.Kundportal.Operations.Tests.Api;

/// <summary>What operations see of an order's e-mail: that it was sent and how it went, never a link that still works.</summary>
public sealed class NoLiveLinksTests(OperationsFixture fixture) : IClassFixture<OperationsFixture>
{
    [Fact]
    public async Task InstanceApiAndPage_ShowTheMailWithoutItsTaskLink()
    {
        var customer = await fixture.Scenario.CustomerAsync("Länklösa kommunen");
        var id = await fixture.Scenario.StartAsync(customer);
        var token = await fixture.Scenario.LinkAsync(customer.Orderer);

        foreach (var key in new[] { OperationsHost.OperationsKey, OperationsHost.StaffKey })
        {
            var client = fixture.Host.WithKey(key);
            var api = await client.GetAsync($"/api/operations/instances/{id}");
            var json = await api.Content.ReadAsStringAsync();
            Assert.True(api.StatusCode == HttpStatusCode.OK, json);
            Assert.Contains(customer.Orderer, json, StringComparison.Ordinal);
            Assert.Contains("/tasks/", json, StringComparison.Ordinal);
            Assert.DoesNotContain(token, json, StringComparison.Ordinal);

            var page = await (await client.GetAsync($"/drift/instanser/{id}")).Content.ReadAsStringAsync();
            Assert.DoesNotContain(token, page, StringComparison.Ordinal);
        }
    }
}
