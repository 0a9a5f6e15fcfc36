using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Host.Tests.Support;

namespace Elsa.Kundportal.Host.Tests.Portal;

/// <summary>
/// The pages by role after sign-in, over real HTTP on PostgreSQL: each person's menu holds only what their roles allow,
/// "Mina uppgifter" lists and opens their own tasks without the e-mail, an agent handles an order from "Agentuppdrag →
/// Hantera beställningar", and the customer follows it under "Beställningar" with names, status and history.
/// </summary>
public sealed partial class RolePagesTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private readonly PortalJourney _journey = new(fixture);

    [Fact]
    public async Task EachRole_SeesItsMenu_AndOnlyThat()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("212000701", "Menykommunen", "meny.test");
        var agent = PortalJourney.AgentNumber;
        var everyone = new[] { "/uppgifter", "/konto" };
        var expected = new Dictionary<string, string[]>
        {
            [customer.Admin] = [.. everyone, $"/organisation/{customer.Number}/bestallningar", $"/organisation/{customer.Number}/avtal", $"/organisation/{customer.Number}/roller"],
            [customer.Orderer] = [.. everyone, $"/organisation/{customer.Number}/bestall", $"/organisation/{customer.Number}/bestallningar"],
            [customer.Attestant] = [.. everyone, $"/organisation/{customer.Number}/bestallningar"],
            [PortalJourney.AgentOrderer] = [.. everyone, $"/organisation/{agent}/agentuppdrag"],
            [PortalJourney.AgentCaseOfficer] = [.. everyone, $"/organisation/{agent}/agentuppdrag"],
            [PortalJourney.AgentAdmin] = [.. everyone, $"/organisation/{agent}/agentuppdrag", $"/organisation/{agent}/roller"],
            [PortalJourney.Officer] = [.. everyone, "/inera/ansokningar", "/inera/organisationer", "/designer", "/studio", "/drift"],
        };
        foreach (var (email, links) in expected)
        {
            using var browser = await _journey.SignedInAsync(email);
            foreach (var page in new[] { "/", "/uppgifter" })
            {
                var (response, html) = await browser.GetAsync(page);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{email} {page}: {(int)response.StatusCode}");
                Assert.Equal(links.Order(StringComparer.Ordinal), MenuLinks(html).Order(StringComparer.Ordinal));
            }
        }

        // What is not in a person's menu is refused when typed in.
        using var orderer = await _journey.SignedInAsync(customer.Orderer);
        foreach (var url in new[] { $"/organisation/{agent}/agentuppdrag", $"/organisation/{agent}/agentuppdrag/bestallningar", $"/organisation/{customer.Number}/roller" })
            Assert.Equal(HttpStatusCode.Forbidden, (await orderer.GetAsync(url)).Response.StatusCode);
        using var agentOrderer = await _journey.SignedInAsync(PortalJourney.AgentOrderer);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentOrderer.GetAsync($"/organisation/{customer.Number}/bestallningar")).Response.StatusCode);
    }

    [Fact]
    public async Task Agent_HandlesTheOrder_FromHanteraBestallningar_AndTheCustomerFollowsIt_WithoutTheEmail()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("212000702", "Följkommunen", "folj.test");
        await _journey.PlaceOrderAsync(customer);
        var agent = PortalJourney.AgentNumber;

        // The agent's Beställare: Agentuppdrag → Hantera beställningar → the order → its review page, no e-mail needed.
        using var reviewer = await _journey.SignedInAsync(PortalJourney.AgentOrderer);
        var (_, assignments) = await reviewer.GetAsync($"/organisation/{agent}/agentuppdrag");
        Assert.Contains("1 väntar på dig", assignments, StringComparison.Ordinal);
        var handle = Href().Matches(assignments).Select(m => m.Groups[1].Value).Single(h => h.EndsWith("/agentuppdrag/bestallningar", StringComparison.Ordinal));
        var (listed, list) = await reviewer.GetAsync(handle);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var toHandle = Section(list, "to-handle");
        Assert.Contains("Följkommunen", toHandle, StringComparison.Ordinal);
        Assert.DoesNotContain("NPO", list, StringComparison.Ordinal);
        var caseNumber = CaseNumber().Match(toHandle).Value;
        var task = Href().Matches(toHandle).Select(m => m.Groups[1].Value).Single(h => h.StartsWith("/uppgifter/", StringComparison.Ordinal));
        var (form, formHtml) = await reviewer.GetAsync(task);
        Assert.True(form.StatusCode == HttpStatusCode.OK && formHtml.Contains($"Hantera beställning {caseNumber}", StringComparison.Ordinal), formHtml);
        var (answered, answeredHtml) = await reviewer.PostFormAsync(task, formHtml, ("decision", "Proceed"), ("termsAccepted", "true"),
            ("invoicing.organisationNumber", "556677-8899"), ("invoicing.reference", "Kst 4711"), ("invoicing.address", "Box 1, 111 11 Stockholm"),
            ("attestantEmail", PortalJourney.AgentAttestant), ("action", "submit"));
        Assert.True(answered.StatusCode == HttpStatusCode.OK, answeredHtml);
        var (_, after) = await reviewer.GetAsync(handle);
        Assert.Contains("Inga beställningar väntar på dig", after, StringComparison.Ordinal);

        // The agent's Attestant finds the attestation under "Mina uppgifter" and it opens from there.
        using var attestant = await _journey.SignedInAsync(PortalJourney.AgentAttestant);
        var (_, mine) = await attestant.GetAsync("/uppgifter");
        var row = Section(mine, "my-tasks");
        Assert.Contains($"Beställning {caseNumber} för Följkommunen", row, StringComparison.Ordinal);
        var attest = Href().Matches(row).Select(m => m.Groups[1].Value).Single(h => h.StartsWith("/uppgifter/", StringComparison.Ordinal));
        var (attestPage, attestHtml) = await attestant.GetAsync(attest);
        Assert.True(attestPage.StatusCode == HttpStatusCode.OK && attestHtml.Contains($"Attestera beställning {caseNumber}", StringComparison.Ordinal), attestHtml);

        // The customer's Beställare follows the order: names, status, what it waits for, and the history so far.
        using var orderer = await _journey.SignedInAsync(customer.Orderer);
        var (_, orders) = await orderer.GetAsync($"/organisation/{customer.Number}/bestallningar");
        var ordersTable = Section(orders, "orders");
        Assert.Contains(caseNumber, ordersTable, StringComparison.Ordinal);
        Assert.Contains("Journalsystem AB", ordersTable, StringComparison.Ordinal);
        Assert.Contains("Granskad av agenten, väntar på attest", ordersTable, StringComparison.Ordinal);
        var (detail, detailHtml) = await orderer.GetAsync($"/organisation/{customer.Number}/bestallningar/{caseNumber}");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.Contains("Vårdcentralen Norr", detailHtml, StringComparison.Ordinal);
        var history = Section(detailHtml, "order-history");
        Assert.Contains($"Beställning {caseNumber} skickades av Britt Beställare", history, StringComparison.Ordinal);
        Assert.Contains($"Beställning {caseNumber} granskades hos agenten av Bo Beställare", history, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bNPO\b", detailHtml);

        // At the agent, a Handläggare agent reads the orders of their own service only.
        await _journey.PersonAsync(agent, "journalen@journalsystem.test", "Jon Journalen", KundportalRole.AgentCaseOfficer, "JOURNALEN");
        using (var officer = await _journey.SignedInAsync(PortalJourney.AgentCaseOfficer))
            Assert.Contains(caseNumber, (await officer.GetAsync(handle)).Html, StringComparison.Ordinal);
        using (var otherService = await _journey.SignedInAsync("journalen@journalsystem.test"))
        {
            var (ok, theirs) = await otherService.GetAsync(handle);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.DoesNotContain(caseNumber, theirs, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await otherService.GetAsync($"/organisation/{agent}/bestallningar/{caseNumber}")).Response.StatusCode);
        }

        // Another customer's people do not learn that the case exists.
        var other = await _journey.CustomerAsync("212000703", "Grannkommunen", "granne.test");
        using var stranger = await _journey.SignedInAsync(other.Orderer);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/organisation/{customer.Number}/bestallningar")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/organisation/{customer.Number}/bestallningar/{caseNumber}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/organisation/{other.Number}/bestallningar/{caseNumber}")).Response.StatusCode);
    }

    [Fact]
    public async Task MyTasks_ListsOnlyThePersonsOpenTasks()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("212000704", "Uppgiftskommunen", "uppgift.test");
        using var orderer = await _journey.SignedInAsync(customer.Orderer);
        var (_, before) = await orderer.GetAsync("/uppgifter");
        Assert.Contains("id=\"no-tasks\"", before, StringComparison.Ordinal);

        var (_, page) = await orderer.GetAsync($"/organisation/{customer.Number}/bestall");
        var (started, _) = await orderer.PostFormAsync($"/organisation/{customer.Number}/bestall", page, ("_handler", "order"), ("Input.AgentOrganisationNumber", PortalJourney.AgentNumber));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var (_, mine) = await orderer.GetAsync("/uppgifter");
        var tasks = Section(mine, "my-tasks");
        Assert.Contains("Uppgiftskommunen", tasks, StringComparison.Ordinal);
        Assert.Contains($"href=\"{new Uri(fixture.Host.BaseAddress, started.Headers.Location!).AbsolutePath}\"", tasks, StringComparison.Ordinal);
        var (_, start) = await orderer.GetAsync("/");
        Assert.Contains("1 uppgift väntar på dig", start, StringComparison.Ordinal);

        using var attestant = await _journey.SignedInAsync(customer.Attestant);
        Assert.Contains("id=\"no-tasks\"", (await attestant.GetAsync("/uppgifter")).Html, StringComparison.Ordinal);
    }

    private static IEnumerable<string> MenuLinks(string html) =>
        Regex.Match(html, "<nav class=\"site-nav\"[^>]*>(.*?)</nav>", RegexOptions.Singleline) is { Success: true } nav
            ? Href().Matches(nav.Groups[1].Value).Select(m => m.Groups[1].Value)
            : [];

    /// <summary>The element with <paramref name="id"/> up to its closing tag (tables and lists are not nested here).</summary>
    private static string Section(string html, string id)
    {
        var match = Regex.Match(html, $"<(\\w+)[^>]* id=\"{id}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        Assert.True(match.Success, $"No element #{id} in:\n{html}");
        return match.Groups[2].Value;
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex(@"CS\d+")]
    private static partial Regex CaseNumber();
}
