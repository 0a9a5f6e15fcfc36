using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// People and orders for tests that start in the middle of the process: the agent Journalsystem AB with its people,
/// customers with an agreement, and task answers over HTTP as the person would give them (login, page, form).
/// </summary>
public sealed partial class PortalJourney(ProductionHostFixture fixture)
{
    public const string Password = PortalSeed.Password;
    public const string Officer = PortalSeed.Officer;
    public const string AgentAdmin = "admin@journalsystem.test";
    public const string AgentOrderer = "bestallare@journalsystem.test";
    public const string AgentAttestant = "attestant@journalsystem.test";
    public const string AgentCaseOfficer = "handlaggare@journalsystem.test";
    public static readonly string AgentNumber = PortalSeed.Agent;

    private RoleAdministration Roles => fixture.Host.Services.GetRequiredService<RoleAdministration>();

    /// <summary>The agent with Administratör, Beställare, Attestant and Handläggare agent (NPÖ), and Inera's handläggare; all with a password.</summary>
    public async Task AgentAsync()
    {
        await Roles.SaveOrganisationAsync(AgentNumber, "Journalsystem AB", OrganisationKind.Agent);
        await PersonAsync(CatalogueSeed.IneraOrganisationNumber, Officer, "Ingrid Inera", KundportalRole.IneraCaseOfficer);
        await PersonAsync(AgentNumber, AgentAdmin, "Adam Agentadmin", KundportalRole.Administrator);
        await PersonAsync(AgentNumber, AgentOrderer, "Bo Beställare", KundportalRole.Orderer);
        await PersonAsync(AgentNumber, AgentAttestant, "Agnes Attestant", KundportalRole.Attestant, mobile: "070-100 00 01");
        await PersonAsync(AgentNumber, AgentCaseOfficer, "Hanna Handläggare", KundportalRole.AgentCaseOfficer, "NPO");
    }

    /// <summary>A customer with a kundavtal and an Administratör, a Beställare and an Attestant at <c>@{domain}</c>, all with a password.</summary>
    public async Task<PortalCustomer> CustomerAsync(string nine, string name, string domain)
    {
        var number = nine + OrganisationNumber.CheckDigit(nine);
        await Roles.SaveOrganisationAsync(number, name, OrganisationKind.Customer, hasCustomerAgreement: true);
        var customer = new PortalCustomer(number, name, $"admin@{domain}", $"bestallare@{domain}", $"attestant@{domain}");
        await PersonAsync(number, customer.Admin, "Alva Admin", KundportalRole.Administrator);
        await PersonAsync(number, customer.Orderer, "Britt Beställare", KundportalRole.Orderer);
        await PersonAsync(number, customer.Attestant, "Axel Attestant", KundportalRole.Attestant, mobile: "070-200 00 02");
        return customer;
    }

    public async Task PersonAsync(string organisation, string email, string name, KundportalRole role, string? service = null, string mobile = "070-123 45 67")
    {
        await Roles.SaveUserAsync(email, name, mobile);
        await Roles.AssignRoleAsync(organisation, email, role, "test", service);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<PortalSignIn>().HasPasswordAsync(email))
            Assert.True((await scope.ServiceProvider.GetRequiredService<PortalSignIn>().SetPasswordAsync(email, Password)).Succeeded);
    }

    /// <summary>Starts an order for a customer with an agreement (version 2) and has its Beställare place it (NPÖ, one care unit).</summary>
    public async Task PlaceOrderAsync(PortalCustomer customer)
    {
        var started = await fixture.Host.Services.GetRequiredService<AgentOrderProcess>().StartAsync(
            new AgentOrderStart { OrganisationNumber = customer.Number, AgentOrganisationNumber = AgentNumber }, customer.Orderer);
        Assert.True(started.Started, started.Message);
        await AnswerAsync(customer.Orderer, "", ("serviceCode", "NPO"), ("offeringCode", "NPO-PRODUCENT"),
            ("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr"), ("termsAccepted", "true"));
    }

    /// <summary>A customer with an agreement starts an order on <paramref name="version"/>; its Beställare is signed in at the order form.</summary>
    public async Task<(PortalCustomer Customer, PortalClient Browser, string Url)> OpenOrderFormAsync(string nine, string name, string domain, int version = 2)
    {
        await AgentAsync();
        var customer = await CustomerAsync(nine, name, domain);
        var started = await fixture.Host.Services.GetRequiredService<AgentOrderProcess>().StartAsync(
            new AgentOrderStart { OrganisationNumber = customer.Number, AgentOrganisationNumber = AgentNumber }, customer.Orderer, version);
        Assert.True(started.Started, started.Message);
        var url = $"/tasks/{await fixture.Mail.TaskTokenAsync(customer.Orderer, "")}";
        return (customer, await SignedInAsync(customer.Orderer), url);
    }

    /// <summary>The agent's Beställare proceeds with the order, naming the agent's attestant.</summary>
    public Task ReviewAsync(PortalCustomer customer) =>
        AnswerAsync(AgentOrderer, customer.Name, ("decision", "Proceed"), ("termsAccepted", "true"), ("invoicing.organisationNumber", "556677-8899"),
            ("invoicing.reference", "Kst 4711"), ("invoicing.address", "Box 1, 111 11 Stockholm"), ("attestantEmail", AgentAttestant));

    /// <summary>Answers the newest task mailed to <paramref name="email"/> about <paramref name="about"/>, signed in as that person.</summary>
    public async Task AnswerAsync(string email, string about, params (string Name, string Value)[] fields)
    {
        var url = $"/tasks/{await fixture.Mail.TaskTokenAsync(email, about)}";
        using var browser = await SignedInAsync(email);
        var (_, form) = await browser.GetAsync(url);
        var (response, html) = await browser.PostFormAsync(url, form, [.. fields, ("action", "submit")]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
    }

    public async Task<PortalClient> SignedInAsync(string email)
    {
        var browser = new PortalClient(fixture.Host.BaseAddress);
        await browser.LoginAsync(email, Password);
        return browser;
    }

    /// <summary>The code in the newest SMS to <paramref name="mobile"/>, read from the outbox.</summary>
    public async Task<string> SmsCodeAsync(string mobile)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var sms = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.AsNoTracking()
            .Where(m => m.Channel == OutboxChannels.Sms && m.Recipient == mobile).OrderByDescending(m => m.CreatedAt).FirstAsync();
        return SmsCode().Match(sms.Body).Value;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SmsCode();
}

public sealed record PortalCustomer(string Number, string Name, string Admin, string Orderer, string Attestant);
