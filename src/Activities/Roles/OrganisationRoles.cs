using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Roles;

/// <summary>Which roles each kind of organisation can hold (the roles page offers these, and nothing else is accepted).</summary>
public static class OrganisationRoles
{
    private static readonly KundportalRole[] Customer =
        [KundportalRole.Administrator, KundportalRole.Orderer, KundportalRole.Attestant, KundportalRole.AgreementContact, KundportalRole.Signatory];

    private static readonly KundportalRole[] Agent =
        [KundportalRole.Administrator, KundportalRole.Orderer, KundportalRole.AgentCaseOfficer, KundportalRole.Attestant];

    private static readonly KundportalRole[] Inera = [KundportalRole.Administrator, KundportalRole.IneraCaseOfficer];

    public static IReadOnlyList<KundportalRole> For(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Agent => Agent,
        OrganisationKind.Inera => Inera,
        _ => Customer,
    };

    public static bool Allows(OrganisationKind kind, KundportalRole role) => For(kind).Contains(role);

    /// <summary>"kunder", "agenter", "Inera": for messages.</summary>
    public static string Plural(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Agent => "agenter",
        OrganisationKind.Inera => "Inera",
        _ => "kunder",
    };
}
