using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Roles;

/// <summary>
/// Who changes organisations, users or roles: the signed-in person's e-mail (or a machine's name), whether it is
/// Inera's staff (any Inera role, or a staff API key), and the organisations where it is Administratör.
/// </summary>
public sealed record RoleActor(string Name, bool IsInera, IReadOnlySet<string> AdministratorOf)
{
    /// <summary>The person's e-mail; null for a machine (an API key).</summary>
    public string? Email => Name.Contains('@', StringComparison.Ordinal) && !Name.StartsWith("apikey:", StringComparison.Ordinal) ? User.NormaliseEmail(Name) : null;

    /// <summary>Inera's staff manage every organisation's users and roles; an Administratör those of its own organisation.</summary>
    public bool Manages(string organisationNumber) => IsInera || AdministratorOf.Contains(organisationNumber);

    /// <summary>Seeds, tests and the process itself.</summary>
    public static RoleActor System(string name) => new(name, IsInera: true, new HashSet<string>());
}
