using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Roles;

public enum RoleChangeStatus
{
    Done,
    /// <summary>The input is wrong (see the field errors); nothing changed.</summary>
    Invalid,
    /// <summary>The actor may not do this (see the errors); nothing changed.</summary>
    Forbidden,
    NotFound,
}

/// <summary>
/// The answer to a role change. <see cref="Errors"/> are Swedish messages keyed by field (<c>email</c>, <c>name</c>,
/// <c>mobile</c>, <c>personalNumber</c>, <c>role</c>, <c>serviceCode</c>); <see cref="NewPerson"/> says the person was added now.
/// </summary>
public sealed record RoleChangeResult(RoleChangeStatus Status, IReadOnlyDictionary<string, string> Errors, int ResumedInstances = 0, bool NewPerson = false)
{
    public bool Done => Status == RoleChangeStatus.Done;

    public string Message => string.Join(" ", Errors.Values);

    internal static RoleChangeResult Refused(RoleChangeStatus status, string field, string message) =>
        new(status, new Dictionary<string, string>(StringComparer.Ordinal) { [field] = message });
}

/// <summary>
/// A person as someone adding them types it: the e-mail identifies them; name, mobile and personnummer (for BankID) are
/// optional for a known person.
/// </summary>
public sealed record PersonDetails(string? Email, string? Name, string? Mobile, string? PersonalNumber = null);

/// <summary>
/// The rules of role administration, the same for the roles page and the API:
/// <list type="bullet">
/// <item>Organisation data and roles are managed by the organisation's Administratör, and by Inera.</item>
/// <item>Each kind of organisation holds only its own roles (<see cref="OrganisationRoles"/>); Handläggare agent is given
/// for a service the agent has an agentuppdrag for.</item>
/// <item>A person's name and mobile number (where their one-time codes go) are changed only by the person or by an
/// Administratör of an organisation where the person has roles. Anyone else adding a known person gives the role and
/// leaves the details, or is refused when they try to change them.</item>
/// <item>Every text fits its column (<see cref="FieldLimits"/>).</item>
/// </list>
/// Every change raises "roles changed" for the organisation (<see cref="RoleAdministration"/>).
/// </summary>
public sealed class RoleChanges(KundportalDbContextFactory dbs, RoleAdministration administration, TimeProvider clock)
{
    public async Task<RoleChangeResult> AddAsync(string organisationNumber, PersonDetails person, KundportalRole role, string? serviceCode, RoleActor actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(actor);
        if (!OrganisationNumber.TryParse(organisationNumber, out var number, out var numberError))
            return RoleChangeResult.Refused(RoleChangeStatus.Invalid, "organisationNumber", numberError);
        if (!actor.Manages(number.Digits))
            return RoleChangeResult.Refused(RoleChangeStatus.Forbidden, "organisationNumber", "Bara organisationens administratör eller Inera kan hantera organisationens användare och roller.");

        var errors = new InputErrors();
        var email = person.Email?.Trim();
        var name = string.IsNullOrWhiteSpace(person.Name) ? null : person.Name.Trim();
        var mobile = string.IsNullOrWhiteSpace(person.Mobile) ? null : person.Mobile.Trim();
        if (string.IsNullOrEmpty(email))
            errors.Add("email", "Ange e-postadress.");
        else if (errors.CheckLength("email", email, FieldLimits.Email, "E-postadressen") && !ContactDetails.IsEmail(email))
            errors.Add("email", $"'{email}' är inte en giltig e-postadress.");
        errors.CheckLength("name", name, FieldLimits.Name, "Namnet");
        errors.CheckLength("mobile", mobile, FieldLimits.Phone, "Mobilnumret");
        string? personalNumber = null;
        if (!string.IsNullOrWhiteSpace(person.PersonalNumber))
        {
            if (PersonalNumber.TryParse(person.PersonalNumber, out var parsed, out var personalNumberError))
                personalNumber = parsed.Digits;
            else
                errors.Add("personalNumber", personalNumberError);
        }

        await using var db = dbs.CreateDbContext();
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.OrganisationNumber == number.Digits, cancellationToken);
        if (organisation is null)
            return RoleChangeResult.Refused(RoleChangeStatus.NotFound, "organisationNumber", $"Organisationen {number} finns inte.");
        if (!OrganisationRoles.Allows(organisation.Kind, role))
            errors.Add("role", $"Rollen {role.SwedishName()} finns inte hos {OrganisationRoles.Plural(organisation.Kind)}.");
        if (role == KundportalRole.AgentCaseOfficer && organisation.Kind == OrganisationKind.Agent)
        {
            if (string.IsNullOrWhiteSpace(serviceCode))
                errors.Add("serviceCode", "Handläggare agent tilldelas för en viss tjänst: välj tjänsten.");
            else if (!await db.AgentAssignments.AnyAsync(a => a.AgentOrganisationId == organisation.Id && a.ServiceCode == serviceCode, cancellationToken))
                errors.Add("serviceCode", $"{organisation.Name} har inget agentuppdrag för tjänsten {serviceCode}. Inera lägger till agentuppdrag.");
        }
        else
        {
            serviceCode = null;
        }
        if (errors.HasErrors)
            return new RoleChangeResult(RoleChangeStatus.Invalid, errors.Fields);

        var normalised = User.NormaliseEmail(email!);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalised, cancellationToken);
        var isNew = user is null;
        if (user is null)
        {
            if (name is null)
                return RoleChangeResult.Refused(RoleChangeStatus.Invalid, "name", "Ange namn.");
            var now = clock.GetUtcNow();
            db.Users.Add(user = new User { Id = Guid.CreateVersion7(now), Email = normalised, Name = name, Mobile = mobile, CreatedAt = now });
        }
        else if ((name is not null && name != user.Name) || (mobile is not null && mobile != user.Mobile)
            || (personalNumber is not null && personalNumber != user.PersonalNumber))
        {
            if (!await MayChangeDetailsAsync(db, user, actor, cancellationToken))
            {
                var field = mobile is not null && mobile != user.Mobile ? "mobile"
                    : personalNumber is not null && personalNumber != user.PersonalNumber ? "personalNumber" : "name";
                return RoleChangeResult.Refused(RoleChangeStatus.Forbidden, field,
                    $"{normalised} har roller i en annan organisation. Namn, mobilnummer och personnummer ändras bara av personen själv " +
                    "eller av en administratör där: lämna fälten tomma för att bara ge rollen.");
            }
            user.Name = name ?? user.Name;
            user.Mobile = mobile ?? user.Mobile;
        }
        if (personalNumber is not null && personalNumber != user.PersonalNumber)
        {
            // One person, one personnummer: "Logga in med BankID" finds exactly one user by it.
            if (await db.Users.AnyAsync(u => u.PersonalNumber == personalNumber && u.Id != user.Id, cancellationToken))
                return RoleChangeResult.Refused(RoleChangeStatus.Invalid, "personalNumber", "Personnumret är redan registrerat för en annan användare i Kundportalen.");
            user.PersonalNumber = personalNumber;
        }

        var added = await UserRegistry.AssignAsync(db, user, organisation.Id, role, serviceCode, actor.Name, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var resumed = added ? await administration.RaiseRolesChangedAsync(number.Digits, "assigned", normalised, role, serviceCode, actor.Name, cancellationToken) : 0;
        return new RoleChangeResult(RoleChangeStatus.Done, new Dictionary<string, string>(), resumed, isNew);
    }

    public async Task<RoleChangeResult> RemoveAsync(string organisationNumber, string? email, KundportalRole role, string? serviceCode, RoleActor actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!OrganisationNumber.TryParse(organisationNumber, out var number, out var numberError))
            return RoleChangeResult.Refused(RoleChangeStatus.Invalid, "organisationNumber", numberError);
        if (!actor.Manages(number.Digits))
            return RoleChangeResult.Refused(RoleChangeStatus.Forbidden, "organisationNumber", "Bara organisationens administratör eller Inera kan hantera organisationens användare och roller.");
        if (string.IsNullOrWhiteSpace(email))
            return RoleChangeResult.Refused(RoleChangeStatus.Invalid, "email", "Ange e-postadress.");
        var resumed = await administration.RevokeRoleAsync(number.Digits, email, role, actor.Name, string.IsNullOrWhiteSpace(serviceCode) ? null : serviceCode, cancellationToken);
        return new RoleChangeResult(RoleChangeStatus.Done, new Dictionary<string, string>(), resumed);
    }

    /// <summary>The person, or an Administratör of an organisation where the person has a role.</summary>
    private static async Task<bool> MayChangeDetailsAsync(KundportalDbContext db, User user, RoleActor actor, CancellationToken cancellationToken)
    {
        if (actor.Email == user.Email)
            return true;
        var administered = actor.AdministratorOf.ToList();
        return administered.Count > 0 && await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id
            && db.Organisations.Any(o => o.Id == r.OrganisationId && administered.Contains(o.OrganisationNumber)), cancellationToken);
    }
}
