using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Roles;

/// <summary>
/// Organisations, users and roles as the process, seeds and tests write them, without the rules people are held to
/// (those are <see cref="RoleChanges"/> and <see cref="OrganisationRegistry"/>, which the pages and the API use). Every
/// role change raises <see cref="KundportalEvents.RolesChanged"/> for the organisation, so role checks waiting for it continue.
/// </summary>
public sealed class RoleAdministration(KundportalDbContextFactory dbs, WorkflowRuntime runtime, TimeProvider clock)
{
    /// <summary>Adds an organisation, or updates the name, kind and kundavtal flag of an existing one.</summary>
    public async Task<Organisation> SaveOrganisationAsync(string organisationNumber, string name, OrganisationKind kind, bool hasCustomerAgreement = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var number = OrganisationNumber.Parse(organisationNumber).Digits;
        await using var db = dbs.CreateDbContext();
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.OrganisationNumber == number, cancellationToken);
        if (organisation is null)
        {
            var now = clock.GetUtcNow();
            db.Organisations.Add(organisation = new Organisation { Id = Guid.CreateVersion7(now), OrganisationNumber = number, Name = name, CreatedAt = now });
        }
        organisation.Name = name.Trim();
        organisation.Kind = kind;
        organisation.HasCustomerAgreement = hasCustomerAgreement;
        await db.SaveChangesAsync(cancellationToken);
        return organisation;
    }

    /// <summary>Adds a user, or updates the name and mobile number of the user with this e-mail.</summary>
    public async Task<User> SaveUserAsync(string email, string name, string? mobile = null, CancellationToken cancellationToken = default)
    {
        if (!ContactDetails.IsEmail(email))
            throw new ArgumentException($"'{email}' är inte en giltig e-postadress.", nameof(email));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var db = dbs.CreateDbContext();
        var user = await UserRegistry.SaveAsync(db, email, name, mobile, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>
    /// Sets or clears (<paramref name="text"/> empty) a person's personnummer: twelve digits, a real date, the Luhn check
    /// digit, and nobody else's. The one place a personnummer changes, whoever changes it (the person or an
    /// administrator). Returns a Swedish message saying what is wrong, or null when it was saved.
    /// </summary>
    public async Task<string?> SetPersonalNumberAsync(string email, string? text, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        string? digits = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (!PersonalNumber.TryParse(text, out var number, out var error))
                return error;
            digits = number.Digits;
        }
        var normalised = User.NormaliseEmail(email);
        await using var db = dbs.CreateDbContext();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalised, cancellationToken);
        if (user is null)
            return $"Användaren {email} finns inte.";
        if (digits is not null && await db.Users.AnyAsync(u => u.PersonalNumber == digits && u.Id != user.Id, cancellationToken))
            return "Personnumret är redan registrerat för en annan användare i Kundportalen.";
        user.PersonalNumber = digits;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Gives a user a role in an organisation (idempotent). Handläggare agent needs the service it is for,
    /// and only an agent has it. Returns how many waiting instances the change resumed.
    /// </summary>
    public async Task<int> AssignRoleAsync(string organisationNumber, string email, KundportalRole role, string actor, string? serviceCode = null, CancellationToken cancellationToken = default)
    {
        var number = OrganisationNumber.Parse(organisationNumber).Digits;
        await using (var db = dbs.CreateDbContext())
        {
            var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.OrganisationNumber == number, cancellationToken)
                ?? throw new ArgumentException($"Organisationen {OrganisationNumber.Parse(number)} finns inte.", nameof(organisationNumber));
            var normalised = User.NormaliseEmail(email);
            var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalised, cancellationToken)
                ?? throw new ArgumentException($"Användaren {email} finns inte: lägg upp användaren först.", nameof(email));
            if (role == KundportalRole.AgentCaseOfficer)
            {
                if (organisation.Kind != OrganisationKind.Agent)
                    throw new ArgumentException("Rollen Handläggare agent finns bara hos agenter.", nameof(role));
                if (serviceCode is null || !await db.Services.AnyAsync(s => s.Code == serviceCode, cancellationToken))
                    throw new ArgumentException("Handläggare agent tilldelas för en viss tjänst: ange en tjänst som finns.", nameof(serviceCode));
            }
            else
            {
                serviceCode = null;
            }
            if (!await UserRegistry.AssignAsync(db, user, organisation.Id, role, serviceCode, actor, clock.GetUtcNow(), cancellationToken))
                return 0;
            await db.SaveChangesAsync(cancellationToken);
        }
        return await RaiseRolesChangedAsync(number, "assigned", email, role, serviceCode, actor, cancellationToken);
    }

    /// <summary>Takes a role from a user. Returns how many waiting instances the change resumed.</summary>
    public async Task<int> RevokeRoleAsync(string organisationNumber, string email, KundportalRole role, string actor, string? serviceCode = null, CancellationToken cancellationToken = default)
    {
        var number = OrganisationNumber.Parse(organisationNumber).Digits;
        var normalised = User.NormaliseEmail(email);
        await using (var db = dbs.CreateDbContext())
        {
            var removed = await db.RoleAssignments
                .Where(r => r.Role == role && r.ServiceCode == serviceCode && r.User!.Email == normalised && r.Organisation!.OrganisationNumber == number)
                .ExecuteDeleteAsync(cancellationToken);
            if (removed == 0)
                return 0;
        }
        return await RaiseRolesChangedAsync(number, "revoked", email, role, serviceCode, actor, cancellationToken);
    }

    /// <summary>Raises "roles changed" for the organisation; returns how many waiting instances it resumed.</summary>
    internal async Task<int> RaiseRolesChangedAsync(string number, string change, string email, KundportalRole role, string? serviceCode, string actor, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["organisationNumber"] = number, ["change"] = change, ["email"] = User.NormaliseEmail(email),
            ["role"] = role.ToString(), ["serviceCode"] = serviceCode,
        };
        var results = await runtime.PublishEventAsync(KundportalEvents.RolesChanged(number), null, payload, actor, cancellationToken);
        return results.Count(r => r.Succeeded);
    }
}

/// <summary>Finds or creates users by e-mail, inside whatever context (and transaction) the caller uses.</summary>
public static class UserRegistry
{
    public static async Task<User> SaveAsync(KundportalDbContext db, string email, string name, string? mobile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var normalised = User.NormaliseEmail(email);
        var user = db.Users.Local.FirstOrDefault(u => u.Email == normalised)
            ?? await db.Users.FirstOrDefaultAsync(u => u.Email == normalised, cancellationToken);
        if (user is null)
            db.Users.Add(user = new User { Id = Guid.CreateVersion7(now), Email = normalised, Name = name.Trim(), CreatedAt = now });
        user.Name = name.Trim();
        if (!string.IsNullOrWhiteSpace(mobile))
            user.Mobile = mobile.Trim();
        return user;
    }

    /// <summary>
    /// Gives the role (for Handläggare agent: for <paramref name="serviceCode"/>) unless the user already holds it
    /// there, counting pending additions too. Returns whether it was added.
    /// </summary>
    public static async Task<bool> AssignAsync(KundportalDbContext db, User user, Guid organisationId, KundportalRole role, string? serviceCode, string? actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = db.RoleAssignments.Local.Any(r => r.UserId == user.Id && r.OrganisationId == organisationId && r.Role == role && r.ServiceCode == serviceCode)
            || await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id && r.OrganisationId == organisationId && r.Role == role && r.ServiceCode == serviceCode, cancellationToken);
        if (held)
            return false;
        db.RoleAssignments.Add(new RoleAssignment
        {
            Id = Guid.CreateVersion7(now), UserId = user.Id, OrganisationId = organisationId, Role = role, ServiceCode = serviceCode,
            AssignedAt = now, AssignedBy = actor,
        });
        return true;
    }
}
