using System.Security.Claims;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tasks;
using Microsoft.EntityFrameworkCore;
using Staff = Elsa.Kundportal.Host.Infrastructure.Authentication.KundportalRoles;

namespace Elsa.Kundportal.Host.Portal;

/// <summary>A link of the site's menu.</summary>
public sealed record NavigationLink(string Href, string Label);

/// <summary>
/// The menu of the signed-in person: only the pages their roles let them use. Everyone has "Mina uppgifter" and
/// "Mitt konto"; a customer's people have its orders (its Beställare "Beställ" once there is a kundavtal, its
/// Administratör and Kontaktperson the agreement), an agent's people "Agentuppdrag", an Administratör the roles page,
/// and Inera's staff their queue, organisations, designer, Elsa Studio and the operations pages.
/// </summary>
public sealed class PortalNavigation(KundportalDbContextFactory dbs)
{
    public async Task<IReadOnlyList<NavigationLink>> LinksAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
            return [];
        var links = new List<NavigationLink> { new(TaskAddress.OwnTasksPath, "Mina uppgifter") };
        var organisations = await OrganisationsAsync(user, cancellationToken);
        foreach (var organisation in organisations)
        {
            var number = organisation.OrganisationNumber;
            var suffix = organisations.Count > 1 ? $" – {organisation.Name}" : "";
            if (organisation.Kind == OrganisationKind.Customer)
            {
                if (organisation.HasCustomerAgreement && user.HasRole(number, KundportalRole.Orderer))
                    links.Add(new($"/organisation/{number}/bestall", "Beställ" + suffix));
                links.Add(new(OrganisationOrders.CustomerPath(number), "Beställningar" + suffix));
                if (user.HasRole(number, KundportalRole.Administrator) || user.HasRole(number, KundportalRole.AgreementContact))
                    links.Add(new($"/organisation/{number}/avtal", "Kundavtal" + suffix));
            }
            else if (organisation.Kind == OrganisationKind.Agent)
            {
                links.Add(new(OrganisationOrders.AgentPath(number), "Agentuppdrag" + suffix));
            }
            if (user.HasRole(number, KundportalRole.Administrator))
                links.Add(new($"/organisation/{number}/roller", "Användare och roller" + suffix));
        }
        if (user.IsInRole(Staff.Staff))
        {
            links.Add(new("/inera/ansokningar", "Kundansökningar"));
            links.Add(new("/inera/organisationer", "Organisationer"));
            links.Add(new("/designer", "Processdesigner"));
            links.Add(new("/studio", "Elsa Studio"));
            links.Add(new("/drift", "Drift"));
        }
        links.Add(new("/konto", "Mitt konto"));
        return links;
    }

    /// <summary>The organisations where the person holds a role, by name.</summary>
    private async Task<IReadOnlyList<Organisation>> OrganisationsAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var numbers = user.Assignments().Select(a => a.Organisation).Distinct().ToList();
        if (numbers.Count == 0)
            return [];
        await using var db = dbs.CreateDbContext();
        return await db.Organisations.AsNoTracking()
            .Where(o => numbers.Contains(o.OrganisationNumber))
            .OrderBy(o => o.Name).ToListAsync(cancellationToken);
    }
}
