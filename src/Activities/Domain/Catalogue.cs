namespace Elsa.Kundportal.Activities.Domain;

/// <summary>An Inera service (tjänst) in the catalogue. Prices are catalogue data, editable; seeded amounts are examples.</summary>
public sealed class Service
{
    /// <summary>A short code, e.g. <c>NPO</c>.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Whether every care unit to be connected must be listed on the first order.</summary>
    public bool RequiresCareUnitsOnFirstOrder { get; set; }
    /// <summary>The start-up fee (uppstartskostnad) charged for every order of this service, in SEK.</summary>
    public decimal StartupFee { get; set; }
    public bool IsActive { get; set; } = true;
    public List<Offering> Offerings { get; set; } = [];
}

/// <summary>An offering (erbjudande) of a service, e.g. "Webcert Fristående".</summary>
public sealed class Offering
{
    public required string Code { get; set; }
    public required string ServiceCode { get; set; }
    public required string Name { get; set; }
    public bool IsActive { get; set; } = true;
}

/// <summary>A care unit (vårdenhet) of a customer, identified by its HSA-id.</summary>
public sealed class CareUnit
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public required string HsaId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
