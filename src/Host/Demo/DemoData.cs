using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;

namespace Elsa.Kundportal.Host.Demo;

/// <summary>A demo person: what the start page shows in the embedded/dev mode.</summary>
public sealed record DemoPerson(string Email, string Name, string Organisation, string Roles);

/// <summary>
/// The embedded/dev mode's demo data: Inera with a handläggare, the customer "Region Exempel" without users (it applies
/// through the application form), and the agent "Journalsystem AB" with Administratör, Beställare, Handläggare agent for
/// every seeded service and Attestant. Every demo person signs in with <see cref="Password"/>. Seeding is idempotent.
/// </summary>
public static class DemoData
{
    public const string Password = "Demo-Losen-2026";
    public const string CustomerNumber = "2321000016";
    public const string CustomerName = "Region Exempel";
    public const string AgentName = "Journalsystem AB";
    public static readonly string AgentNumber = "556677889" + OrganisationNumber.CheckDigit("556677889");

    public static IReadOnlyList<DemoPerson> People { get; } =
    [
        new("handlaggare@inera.demo", "Ingrid Inera", "Inera AB", "Inera handläggare"),
        new("admin@journalsystem.demo", "Adam Agentadmin", AgentName, "Administratör"),
        new("bestallare@journalsystem.demo", "Bo Beställare", AgentName, "Beställare"),
        new("handlaggare@journalsystem.demo", "Hanna Handläggare", AgentName, "Handläggare agent"),
        new("attestant@journalsystem.demo", "Agnes Attestant", AgentName, "Attestant"),
    ];

    /// <summary>Personnummer 19800101-xxxx with a valid check digit, one per demo person.</summary>
    public static string DemoPersonalNumber(int index)
    {
        var nine = $"800101{100 + index:D3}";
        return "19" + nine + OrganisationNumber.CheckDigit(nine);
    }

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var roles = services.GetRequiredService<RoleAdministration>();
        var accounts = services.GetRequiredService<PortalSignIn>();
        await roles.SaveOrganisationAsync(CustomerNumber, CustomerName, OrganisationKind.Customer, cancellationToken: cancellationToken);
        await roles.SaveOrganisationAsync(AgentNumber, AgentName, OrganisationKind.Agent, cancellationToken: cancellationToken);
        // The demo agent holds an agentuppdrag for every service, so its Administratör can give Handläggare agent for any.
        var registry = services.GetRequiredService<OrganisationRegistry>();
        await registry.UpdateAsync(AgentNumber, new OrganisationChange(AgentNumber, AgentName, OrganisationKind.Agent, false, [.. CatalogueSeed.Services.Select(s => s.Code)]),
            RoleActor.System("demo"), cancellationToken);

        await PersonAsync(People[0], CatalogueSeed.IneraOrganisationNumber, KundportalRole.IneraCaseOfficer, null);
        await PersonAsync(People[1], AgentNumber, KundportalRole.Administrator, null);
        await PersonAsync(People[2], AgentNumber, KundportalRole.Orderer, null);
        foreach (var service in CatalogueSeed.Services)
            await PersonAsync(People[3], AgentNumber, KundportalRole.AgentCaseOfficer, service.Code);
        await PersonAsync(People[4], AgentNumber, KundportalRole.Attestant, null);

        async Task PersonAsync(DemoPerson person, string organisation, KundportalRole role, string? service)
        {
            await roles.SaveUserAsync(person.Email, person.Name, "070-123 45 67", cancellationToken);
            // A made-up personnummer of their own, so the demo people can attest and log in with the BankID simulator.
            await roles.SetPersonalNumberAsync(person.Email, DemoPersonalNumber(People.ToList().IndexOf(person)), "demo", cancellationToken);
            await roles.AssignRoleAsync(organisation, person.Email, role, "demo", service, cancellationToken);
            if (!await accounts.HasPasswordAsync(person.Email))
                await accounts.SetPasswordAsync(person.Email, Password);
        }
    }
}
