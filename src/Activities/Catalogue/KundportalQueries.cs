using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Roles;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Catalogue;

/// <summary>A user's roles in one organisation, for the role administration page.</summary>
public sealed record UserRoles(Guid UserId, string Email, string Name, string? Mobile, IReadOnlyList<(KundportalRole Role, string? ServiceCode)> Roles)
{
    /// <summary>The personnummer, for the administrator's page only (never in the API's JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? PersonalNumber { get; init; }
}

/// <summary>An organisation's users and roles, and which required roles nobody holds.</summary>
public sealed record RoleOverview(Organisation Organisation, IReadOnlyList<UserRoles> Users, IReadOnlyList<KundportalRole> Missing);

/// <summary>Read-only questions the host's pages ask (each on its own connection).</summary>
public sealed class KundportalQueries(KundportalDbContextFactory dbs)
{
    /// <summary>
    /// The start-up fee of the customer's next order of a service, shown on the order form before sending;
    /// null when the organisation or the service is unknown.
    /// </summary>
    public async Task<PricePreview?> PreviewPriceAsync(string customerOrganisationNumber, string serviceCode, CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        var number = OrganisationNumber.Parse(customerOrganisationNumber).Digits;
        var customer = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == number, cancellationToken);
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Code == serviceCode, cancellationToken);
        return customer is null || service is null ? null : await PricePreview.ForNextOrderAsync(db, customer.Id, service, cancellationToken);
    }

    /// <summary>
    /// Users and roles of an organisation, with the roles of <paramref name="required"/> nobody holds
    /// (default for a customer: Beställare and Attestant; for an agent: Handläggare agent and Attestant).
    /// </summary>
    public async Task<RoleOverview?> GetRolesAsync(string organisationNumber, IReadOnlyList<KundportalRole>? required = null, CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        var number = OrganisationNumber.Parse(organisationNumber).Digits;
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == number, cancellationToken);
        if (organisation is null)
            return null;
        var assignments = await db.RoleAssignments.AsNoTracking().Include(r => r.User)
            .Where(r => r.OrganisationId == organisation.Id).ToListAsync(cancellationToken);
        var users = assignments.GroupBy(r => r.UserId).Select(g => g.First().User!)
            .OrderBy(u => u.Name)
            .Select(u => new UserRoles(u.Id, u.Email, u.Name, u.Mobile,
                [.. assignments.Where(a => a.UserId == u.Id).OrderBy(a => a.Role).ThenBy(a => a.ServiceCode).Select(a => (a.Role, a.ServiceCode))])
            { PersonalNumber = u.PersonalNumber })
            .ToList();
        required ??= organisation.Kind == OrganisationKind.Agent
            ? [KundportalRole.AgentCaseOfficer, KundportalRole.Attestant]
            : [KundportalRole.Orderer, KundportalRole.Attestant];
        var missing = await db.FindMissingAsync([(organisation, required)], cancellationToken);
        return new RoleOverview(organisation, users, missing.Count > 0 ? missing[0].Roles : []);
    }

    public async Task<Order?> FindOrderAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        return await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.CaseNumber == caseNumber, cancellationToken);
    }

    /// <summary>The order a workflow instance works on (for a task page opened from a link), or null before it is placed.</summary>
    public async Task<Order?> FindOrderByInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        return await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.WorkflowInstanceId == instanceId, cancellationToken);
    }

    public async Task<Application?> FindApplicationByInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        return await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.WorkflowInstanceId == instanceId, cancellationToken);
    }

    public async Task<Organisation?> FindOrganisationAsync(string organisationNumber, CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        var number = OrganisationNumber.Parse(organisationNumber).Digits;
        return await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == number, cancellationToken);
    }

    /// <summary>The customer's orders, newest first.</summary>
    public async Task<IReadOnlyList<Order>> ListOrdersAsync(string customerOrganisationNumber, CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        var number = OrganisationNumber.Parse(customerOrganisationNumber).Digits;
        return await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => db.Organisations.Any(c => c.Id == o.CustomerOrganisationId && c.OrganisationNumber == number))
            .OrderByDescending(o => o.CaseNumber).ToListAsync(cancellationToken);
    }
}
