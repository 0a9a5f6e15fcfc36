using System.Net;
using Elsa.Kundportal.Host.Tests.Support;

namespace Elsa.Kundportal.Host.Tests.BankId;

/// <summary>The BankID simulator is a development tool: in Production (no development tools) it does not exist.</summary>
public sealed class BankIdSimulatorTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    [Theory]
    [InlineData("/bankid-simulator/00000000-0000-0000-0000-000000000000")]
    [InlineData("/bankid-simulator/anything")]
    public async Task InProduction_TheSimulatorsAddresses_DoNotExist(string path)
    {
        using var client = fixture.Host.Anonymous();

        var get = await client.GetAsync(path);
        var post = await client.PostAsync(path, new FormUrlEncodedContent([new("answer", "sign"), new("personalNumber", "198112189876")]));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, post.StatusCode));
        Assert.DoesNotContain("simulator", await get.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("simulator", await post.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void InProduction_WithoutBankIdSettings_NoSimulatorStandsIn()
    {
        var client = fixture.Host.Services.GetService(typeof(Elsa.Kundportal.Host.BankId.Simulator.BankIdSimulator));
        Assert.Null(client);
    }
}
