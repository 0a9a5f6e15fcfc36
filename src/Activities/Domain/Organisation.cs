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
