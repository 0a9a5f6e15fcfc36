using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Roles;

/// <summary>An organisation that lacks some of the roles a step requires.</summary>
public sealed record MissingRoles(Guid OrganisationId, string OrganisationNumber, string OrganisationName, OrganisationKind Kind, IReadOnlyList<KundportalRole> Roles)
{
    /// <summary>"Region Norr (232100-0016) saknar Beställare och Attestant".</summary>
    public string Describe() => $"{OrganisationName} ({Domain.OrganisationNumber.Parse(OrganisationNumber)}) saknar {KundportalRoles.JoinSwedish(Roles)}";
}

public static class RoleQueries
{
    /// <summary>The users holding a role in an organisation, by e-mail. For Handläggare agent a null service means any service.</summary>
    public static IQueryable<User> UsersWithRole(this KundportalDbContext db, Guid organisationId, KundportalRole role, string? serviceCode = null) =>
        db.Users.Where(u => db.RoleAssignments.Any(r => r.UserId == u.Id && r.OrganisationId == organisationId && r.Role == role
                && (serviceCode == null || r.ServiceCode == serviceCode)))
            .OrderBy(u => u.Email);

    /// <summary>Which of the required roles nobody holds, per organisation (an organisation lacking none is left out).</summary>
    public static async Task<IReadOnlyList<MissingRoles>> FindMissingAsync(this KundportalDbContext db,
        IEnumerable<(Organisation Organisation, IReadOnlyList<KundportalRole> Required)> parties, CancellationToken cancellationToken)
    {
        var result = new List<MissingRoles>();
        foreach (var (organisation, required) in parties)
        {
            if (required.Count == 0)
                continue;
            var held = await db.RoleAssignments.Where(r => r.OrganisationId == organisation.Id).Select(r => r.Role).Distinct().ToListAsync(cancellationToken);
            var missing = required.Distinct().Where(r => !held.Contains(r)).ToList();
            if (missing.Count > 0)
                result.Add(new MissingRoles(organisation.Id, organisation.OrganisationNumber, organisation.Name, organisation.Kind, missing));
        }
        return result;
    }
}
