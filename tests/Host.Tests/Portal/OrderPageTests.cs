using System.Net;
using Elsa.Kundportal.Host.Tests.Support;

namespace Elsa.Kundportal.Host.Tests.Portal;

/// <summary>
/// "Beställ": a customer that already has a kundavtal orders after signing in (the application form sends it here), as
/// its Beställare, choosing the agent; nobody else starts an order for it.
/// </summary>
public sealed class OrderPageTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private readonly PortalJourney _journey = new(fixture);

    [Fact]
    public async Task Orderer_OfACustomerWithAnAgreement_StartsAnOrderFromTheStartPage_AndLandsOnTheOrderForm()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("212000601", "Beställkommunen", "bestall.test");
        var url = $"/organisation/{customer.Number}/bestall";
        using var orderer = await _journey.SignedInAsync(customer.Orderer);

        var (_, start) = await orderer.GetAsync("/");
        Assert.Contains($"href=\"{url}\"", start, StringComparison.Ordinal);
        var (page, html) = await orderer.GetAsync(url);
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("Journalsystem AB", html, StringComparison.Ordinal);

        var (missing, missingHtml) = await orderer.PostFormAsync(url, html, ("_handler", "order"), ("Input.AgentOrganisationNumber", ""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Matches("id=\"agent-error\">[^<]+", missingHtml);

        var (started, startedHtml) = await orderer.PostFormAsync(url, html, ("_handler", "order"), ("Input.AgentOrganisationNumber", PortalJourney.AgentNumber));
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"{(int)started.StatusCode} {startedHtml}");
        var (form, formHtml) = await orderer.GetAsync(started.Headers.Location!.OriginalString);
        Assert.True(form.StatusCode == HttpStatusCode.OK && formHtml.Contains("Beställ en tjänst för Beställkommunen", StringComparison.Ordinal), formHtml);
        // The e-mailed link to the same form arrives too.
        await fixture.Mail.TaskTokenAsync(customer.Orderer, "");
    }

    [Fact]
    public async Task OrderPage_IsOnlyForTheOrganisationsBeställare()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("212000602", "Annan kommun", "annan.test");
        var other = await _journey.CustomerAsync("212000603", "Tredje kommunen", "tredje.test");
        var url = $"/organisation/{customer.Number}/bestall";

        foreach (var email in new[] { customer.Admin, other.Orderer, PortalJourney.AgentOrderer })
        {
            using var browser = await _journey.SignedInAsync(email);
            var (response, html) = await browser.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{email}: {(int)response.StatusCode} {html}");
        }
    }
}
