using System.Text.RegularExpressions;
using Elsa.Kundportal.Host.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Elsa.Kundportal.Host.Tests.Browser;

/// <summary>
/// The pages by role in headless Chromium, on a desktop (1440 px) and a phone (390 px): the menu, "Mina uppgifter",
/// the customer's "Beställningar" and an order with its history, and the agent's "Agentuppdrag → Hantera beställningar",
/// reached by clicking as a person would. Each is scanned by axe, fits the screen without scrolling sideways, and breaks
/// no Content-Security-Policy.
/// </summary>
public sealed class RolePagesBrowserTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>, IAsyncLifetime
{
    private readonly PortalJourney _journey = new(fixture);
    private PortalBrowser _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalBrowser.LaunchAsync(fixture.Host.BaseAddress);

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        Assert.True(_portal.CspViolations.Count == 0, "Content-Security-Policy violations:\n" + string.Join("\n", _portal.CspViolations));
    }

    [Theory]
    [InlineData(PortalBrowser.Desktop)]
    [InlineData(PortalBrowser.Phone)]
    public async Task PagesByRole_ReachedFromTheMenu_AreAccessible_AndFitTheScreen(int width)
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync(width == PortalBrowser.Desktop ? "212000801" : "212000802", $"Skärmkommun {width}", $"skarm{width}.test");
        await _journey.PlaceOrderAsync(customer);

        // The agent's Beställare: Agentuppdrag → Hantera beställningar → the order.
        var agent = await _portal.LoginAsync(PortalJourney.AgentOrderer, PortalJourney.Password, "/uppgifter", width);
        await agent.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Agentuppdrag" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Name = "Agentuppdrag", Exact = true })).ToBeVisibleAsync();
        await CheckAsync(agent, $"agentuppdrag-{width}");
        await agent.GetByRole(AriaRole.Link, new() { Name = "Hantera beställningar" }).ClickAsync();
        var row = agent.Locator("#to-handle tr", new() { HasText = customer.Name });
        await Expect(row).ToBeVisibleAsync();
        await CheckAsync(agent, $"hantera-bestallningar-{width}");
        await row.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Hantera beställning CS") }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Hantera beställning CS") })).ToBeVisibleAsync();

        // The customer's Beställare: Beställningar → the order with its history; Mina uppgifter.
        var orderer = await _portal.LoginAsync(customer.Orderer, PortalJourney.Password, "/uppgifter", width);
        await orderer.GetByRole(AriaRole.Link, new() { Name = "Inera Kundportal" }).ClickAsync();
        await Expect(orderer.Locator("#start-tasks")).ToBeVisibleAsync();
        await CheckAsync(orderer, $"start-inloggad-{width}");
        await orderer.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Beställningar" }).ClickAsync();
        await CheckAsync(orderer, $"bestallningar-{width}");
        await orderer.Locator("#orders a").First.ClickAsync();
        await Expect(orderer.Locator("#order-history li")).Not.ToHaveCountAsync(0);
        await CheckAsync(orderer, $"bestallning-{width}");
        await orderer.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Mina uppgifter" }).ClickAsync();
        await Expect(orderer.GetByRole(AriaRole.Heading, new() { Name = "Mina uppgifter" })).ToBeVisibleAsync();
        await CheckAsync(orderer, $"mina-uppgifter-{width}");

        // The agent's Attestant has the attestation in "Mina uppgifter" once the order is reviewed.
        await _journey.ReviewAsync(customer);
        var attestant = await _portal.LoginAsync(PortalJourney.AgentAttestant, PortalJourney.Password, "/uppgifter", width);
        await Expect(attestant.Locator("#my-tasks")).ToContainTextAsync(customer.Name);
        await CheckAsync(attestant, $"mina-uppgifter-attest-{width}");
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await PortalBrowser.CheckAsync(page, name);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"'{name}' scrolls sideways by {overflow} px.");
    }
}
