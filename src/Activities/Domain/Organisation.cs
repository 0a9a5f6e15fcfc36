namespace Elsa.Kundportal.Activities.Domain;

public enum OrganisationKind
{
    /// <summary>A care provider (region, municipality, private provider): kund.</summary>
    Customer,
    /// <summary>A system vendor through whose system customers connect: agent.</summary>
    Agent,
    /// <summary>The service provider.</summary>
    Inera,
}

/// <summary>An organisation identified by its organisationsnummer.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }
    /// <summary>Ten digits, no hyphen (see <see cref="Domain.OrganisationNumber"/>).</summary>
    public required string OrganisationNumber { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    /// <summary>Whether the organisation has a current customer agreement (kundavtal) with Inera.</summary>
    public bool HasCustomerAgreement { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public string DisplayName => $"{Name} ({Domain.OrganisationNumber.Parse(OrganisationNumber)})";
}

/// <summary>
/// An agentuppdrag: the agent's assignment for one Inera service, held under a signed agent agreement. Customers can
/// choose the agent for that service, and the agent's Handläggare agent is given per service it holds.
/// </summary>
public sealed class AgentAssignment
{
    public Guid Id { get; set; }
    public Guid AgentOrganisationId { get; set; }
    public required string ServiceCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}
