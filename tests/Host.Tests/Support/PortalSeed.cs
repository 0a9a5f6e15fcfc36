using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>The parties an application needs, and the application itself, seeded through the portal's own services.</summary>
public static class PortalSeed
{
    public const string Password = "Testlosen-2026";
    public const string Officer = "handlaggare@inera.test";
    public static readonly string Agent = "556677889" + OrganisationNumber.CheckDigit("556677889");

    /// <summary>The agent Journalsystem AB and Inera's handläggare, who can sign in with <see cref="Password"/>; more people can be given the same password.</summary>
    public static async Task AgentAndOfficerAsync(IServiceProvider services, params string[] withPassword)
    {
        var roles = services.GetRequiredService<RoleAdministration>();
        await roles.SaveOrganisationAsync(Agent, "Journalsystem AB", OrganisationKind.Agent);
        await roles.SaveUserAsync(Officer, "Ingrid Inera", "070-123 45 67");
        await roles.AssignRoleAsync(CatalogueSeed.IneraOrganisationNumber, Officer, KundportalRole.IneraCaseOfficer, "test");
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<PortalSignIn>();
        foreach (var email in new[] { Officer }.Concat(withPassword))
            Assert.True((await accounts.SetPasswordAsync(email, Password)).Succeeded);
    }

    /// <summary>Submits a customer application for region <paramref name="region"/> (people at <c>@{domain}</c>), starting the process.</summary>
    public static async Task ApplyAsync(IServiceProvider services, string nineDigits, string region, string domain)
    {
        var started = await services.GetRequiredService<AgentOrderProcess>().StartAsync(new AgentOrderStart
        {
            OrganisationNumber = nineDigits + OrganisationNumber.CheckDigit(nineDigits),
            AgentOrganisationNumber = Agent,
            Application = new ApplicationForm
            {
                OrganisationName = region,
                Administrator = new ContactDetails { Name = "Alva Admin", Email = $"admin@{domain}", Phone = "070-111 11 11" },
                Signatory = new ContactDetails
                {
                    Name = "Fredrik F", Email = $"firmatecknare@{domain}", Phone = "070-222 22 22",
                    PersonalNumber = Testing.BankId.TestPersonalNumbers.For($"firmatecknare@{domain}"),
                },
                AgreementContact = new ContactDetails { Name = "Karin K", Email = $"kontakt@{domain}", Phone = "070-333 33 33" },
            },
        }, $"admin@{domain}");
        Assert.True(started.Started, started.Message);
    }
}
