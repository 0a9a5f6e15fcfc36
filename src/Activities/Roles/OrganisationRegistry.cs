using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Roles;

/// <summary>An organisation as Inera registers or edits it. <see cref="AgentServices"/> are the agent's agentuppdrag (service codes).</summary>
public sealed record OrganisationChange(string? OrganisationNumber, string? Name, OrganisationKind? Kind, bool HasCustomerAgreement, IReadOnlyList<string> AgentServices);

/// <summary>An organisation with its agentuppdrag and how many Administratörer it has.</summary>
public sealed record OrganisationDetails(Organisation Organisation, IReadOnlyList<string> AgentServices, int Administrators);

/// <summary>The answer to registering or editing: the organisation, or Swedish messages keyed by field (<c>organisationNumber</c>, <c>name</c>, <c>kind</c>, <c>agentServices</c>, and the first administrator's <c>administrator.email</c> …).</summary>
public sealed record OrganisationResult(RoleChangeStatus Status, IReadOnlyDictionary<string, string> Errors, OrganisationDetails? Details = null)
{
    public bool Done => Status == RoleChangeStatus.Done;

    internal static OrganisationResult Refused(RoleChangeStatus status, string field, string message) =>
        new(status, new Dictionary<string, string>(StringComparer.Ordinal) { [field] = message });
}

/// <summary>
/// Inera's register of the organisations in the Kundportal: agents (with their agentuppdrag per service) and customers
/// (with or without kundavtal), each with its first Administratör. Only Inera registers and edits organisations; the
/// organisations' own Administratörer then manage their users and roles (<see cref="RoleChanges"/>).
/// </summary>
public sealed class OrganisationRegistry(KundportalDbContextFactory dbs, RoleChanges roles, TimeProvider clock)
{
    private const string IneraOnly = "Bara Ineras handläggare och administratörer registrerar och ändrar organisationer.";

    public async Task<IReadOnlyList<OrganisationDetails>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken);
        var services = await db.AgentAssignments.AsNoTracking().ToListAsync(cancellationToken);
        var admins = await db.RoleAssignments.AsNoTracking().Where(r => r.Role == KundportalRole.Administrator)
            .GroupBy(r => r.OrganisationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. organisations.Select(o => new OrganisationDetails(o,
            [.. services.Where(s => s.AgentOrganisationId == o.Id).Select(s => s.ServiceCode).Order(StringComparer.Ordinal)], admins.GetValueOrDefault(o.Id)))];
    }

    public async Task<OrganisationDetails?> GetAsync(string organisationNumber, CancellationToken cancellationToken = default)
    {
        if (!OrganisationNumber.TryParse(organisationNumber, out var number, out _))
            return null;
        await using var db = dbs.CreateDbContext();
        return await DetailsAsync(db, number.Digits, cancellationToken);
    }

    /// <summary>
    /// Registers an organisation and, when given, its first Administratör (added as on the roles page, so the same
    /// rules apply to a person who already has roles elsewhere). Nothing is registered when anything is wrong.
    /// </summary>
    public async Task<OrganisationResult> RegisterAsync(OrganisationChange change, PersonDetails? firstAdministrator, RoleActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsInera)
            return OrganisationResult.Refused(RoleChangeStatus.Forbidden, "organisationNumber", IneraOnly);
        await using var db = dbs.CreateDbContext();
        var errors = new InputErrors();
        var number = await NumberAsync(db, change.OrganisationNumber, null, errors, cancellationToken);
        await CheckAsync(db, change, errors, cancellationToken);
        if (firstAdministrator is not null && string.IsNullOrWhiteSpace(firstAdministrator.Email))
            errors.Add("administrator.email", "Ange e-postadress till organisationens första administratör.");
        if (errors.HasErrors)
            return new OrganisationResult(RoleChangeStatus.Invalid, errors.Fields);

        var now = clock.GetUtcNow();
        var organisation = new Organisation
        {
            Id = Guid.CreateVersion7(now), OrganisationNumber = number!, Name = change.Name!.Trim(), Kind = change.Kind!.Value,
            HasCustomerAgreement = change.Kind == OrganisationKind.Customer && change.HasCustomerAgreement, CreatedAt = now,
        };
        db.Organisations.Add(organisation);
        SetServices(db, organisation, [], change.AgentServices, actor, now);
        await db.SaveChangesAsync(cancellationToken);

        if (firstAdministrator is not null)
        {
            var added = await roles.AddAsync(number!, firstAdministrator, KundportalRole.Administrator, null, actor, cancellationToken);
            if (!added.Done)
            {
                // The organisation is new and holds nothing else: taking it away again leaves no trace of the attempt.
                await db.Organisations.Where(o => o.Id == organisation.Id).ExecuteDeleteAsync(cancellationToken);
                return new OrganisationResult(added.Status == RoleChangeStatus.Forbidden ? RoleChangeStatus.Forbidden : RoleChangeStatus.Invalid,
                    added.Errors.ToDictionary(e => $"administrator.{e.Key}", e => e.Value, StringComparer.Ordinal));
            }
        }
        return new OrganisationResult(RoleChangeStatus.Done, new Dictionary<string, string>(), await DetailsAsync(db, number!, cancellationToken));
    }

    /// <summary>
    /// Changes an organisation's number, name, kind, kundavtal and agentuppdrag. The number changes only while nothing
    /// refers to it (no application, agreement or order yet), the kind only when its people hold no role the new kind
    /// lacks, and an agentuppdrag goes only when nobody is Handläggare agent for that service.
    /// </summary>
    public async Task<OrganisationResult> UpdateAsync(string organisationNumber, OrganisationChange change, RoleActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsInera)
            return OrganisationResult.Refused(RoleChangeStatus.Forbidden, "organisationNumber", IneraOnly);
        if (!OrganisationNumber.TryParse(organisationNumber, out var current, out _))
            return OrganisationResult.Refused(RoleChangeStatus.NotFound, "organisationNumber", $"Organisationen {organisationNumber} finns inte.");
        await using var db = dbs.CreateDbContext();
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.OrganisationNumber == current.Digits, cancellationToken);
        if (organisation is null)
            return OrganisationResult.Refused(RoleChangeStatus.NotFound, "organisationNumber", $"Organisationen {current} finns inte.");

        var errors = new InputErrors();
        var number = await NumberAsync(db, change.OrganisationNumber, organisation, errors, cancellationToken);
        await CheckAsync(db, change, errors, cancellationToken);
        if (number is not null && number != organisation.OrganisationNumber && await IsReferencedAsync(db, organisation.Id, cancellationToken))
            errors.Add("organisationNumber", "Organisationsnumret kan bara ändras innan organisationen har ansökningar, avtal eller beställningar.");
        if (change.Kind is { } kind && kind != organisation.Kind)
        {
            var held = await db.RoleAssignments.Where(r => r.OrganisationId == organisation.Id).Select(r => r.Role).Distinct().ToListAsync(cancellationToken);
            var lacking = held.Where(r => !OrganisationRoles.Allows(kind, r)).ToList();
            if (lacking.Count > 0)
                errors.Add("kind", $"Organisationens användare har roller som inte finns hos {OrganisationRoles.Plural(kind)} ({KundportalRoles.JoinSwedish(lacking)}): ta bort dem först.");
        }
        var existing = await db.AgentAssignments.Where(a => a.AgentOrganisationId == organisation.Id).ToListAsync(cancellationToken);
        var dropped = existing.Select(a => a.ServiceCode).Except(change.Kind == OrganisationKind.Agent ? change.AgentServices : [], StringComparer.Ordinal).ToList();
        var stillHandled = await db.RoleAssignments.Where(r => r.OrganisationId == organisation.Id && r.Role == KundportalRole.AgentCaseOfficer && dropped.Contains(r.ServiceCode!))
            .Select(r => r.ServiceCode!).Distinct().ToListAsync(cancellationToken);
        if (stillHandled.Count > 0)
            errors.Add("agentServices", $"Agentuppdraget för {string.Join(", ", stillHandled)} har en Handläggare agent: ta bort rollen först.");
        if (errors.HasErrors)
            return new OrganisationResult(RoleChangeStatus.Invalid, errors.Fields);

        organisation.OrganisationNumber = number!;
        organisation.Name = change.Name!.Trim();
        organisation.Kind = change.Kind!.Value;
        organisation.HasCustomerAgreement = change.Kind == OrganisationKind.Customer && change.HasCustomerAgreement;
        SetServices(db, organisation, existing, change.Kind == OrganisationKind.Agent ? change.AgentServices : [], actor, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new OrganisationResult(RoleChangeStatus.Done, new Dictionary<string, string>(), await DetailsAsync(db, number!, cancellationToken));
    }

    private static async Task<string?> NumberAsync(KundportalDbContext db, string? text, Organisation? self, InputErrors errors, CancellationToken cancellationToken)
    {
        if (!OrganisationNumber.TryParse(text, out var number, out var error))
        {
            errors.Add("organisationNumber", error);
            return null;
        }
        var taken = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == number.Digits, cancellationToken);
        if (taken is not null && taken.Id != self?.Id)
            errors.Add("organisationNumber", $"{taken.Name} är redan registrerad med organisationsnummer {number}.");
        return number.Digits;
    }

    private static async Task CheckAsync(KundportalDbContext db, OrganisationChange change, InputErrors errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(change.Name))
            errors.Add("name", "Ange organisationens namn.");
        else
            errors.CheckLength("name", change.Name.Trim(), FieldLimits.Name, "Namnet");
        if (change.Kind is not (OrganisationKind.Customer or OrganisationKind.Agent))
            errors.Add("kind", "Välj om organisationen är kund eller agent.");
        if (change.Kind != OrganisationKind.Agent && change.AgentServices.Count > 0)
            errors.Add("agentServices", "Bara agenter har agentuppdrag.");
        var codes = change.AgentServices.Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Services.AsNoTracking().Where(s => codes.Contains(s.Code)).Select(s => s.Code).ToListAsync(cancellationToken);
        var unknown = codes.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            errors.Add("agentServices", $"Tjänsten finns inte: {string.Join(", ", unknown)}.");
    }

    private static async Task<bool> IsReferencedAsync(KundportalDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Applications.AnyAsync(a => a.OrganisationId == id || a.AgentOrganisationId == id, cancellationToken)
        || await db.Agreements.AnyAsync(a => a.OrganisationId == id, cancellationToken)
        || await db.Orders.AnyAsync(o => o.CustomerOrganisationId == id || o.AgentOrganisationId == id, cancellationToken);

    private static void SetServices(KundportalDbContext db, Organisation organisation, List<AgentAssignment> existing, IReadOnlyList<string> wanted, RoleActor actor, DateTimeOffset now)
    {
        db.AgentAssignments.RemoveRange(existing.Where(a => !wanted.Contains(a.ServiceCode, StringComparer.Ordinal)));
        foreach (var code in wanted.Distinct(StringComparer.Ordinal).Where(c => existing.All(a => a.ServiceCode != c)))
            db.AgentAssignments.Add(new AgentAssignment { Id = Guid.CreateVersion7(now), AgentOrganisationId = organisation.Id, ServiceCode = code, CreatedAt = now, CreatedBy = actor.Name });
    }

    private static async Task<OrganisationDetails?> DetailsAsync(KundportalDbContext db, string digits, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == digits, cancellationToken);
        if (organisation is null)
            return null;
        var services = await db.AgentAssignments.AsNoTracking().Where(a => a.AgentOrganisationId == organisation.Id).Select(a => a.ServiceCode).OrderBy(c => c).ToListAsync(cancellationToken);
        var admins = await db.RoleAssignments.CountAsync(r => r.OrganisationId == organisation.Id && r.Role == KundportalRole.Administrator, cancellationToken);
        return new OrganisationDetails(organisation, services, admins);
    }
}
