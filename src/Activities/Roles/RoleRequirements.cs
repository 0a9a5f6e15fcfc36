using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Roles;

/// <summary>
/// The roles each party must have before the process continues, by Swedish or English name:
/// <c>{ "customer": ["Beställare", "Attestant"], "agent": ["Handläggare agent", "Attestant"] }</c>.
/// </summary>
public sealed record RoleRequirements
{
    public string[] Customer { get; init; } = [];
    public string[] Agent { get; init; } = [];

    public IReadOnlyList<KundportalRole> CustomerRoles => [.. Customer.Select(KundportalRoles.Parse)];
    public IReadOnlyList<KundportalRole> AgentRoles => [.. Agent.Select(KundportalRoles.Parse)];

    /// <summary>Names that are not roles, with the party they were given for.</summary>
    public IEnumerable<string> Unknown() =>
        Customer.Where(r => !KundportalRoles.TryParse(r, out _)).Select(r => $"kund: '{r}'")
            .Concat(Agent.Where(r => !KundportalRoles.TryParse(r, out _)).Select(r => $"agent: '{r}'"));
}
