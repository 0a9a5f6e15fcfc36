namespace Elsa.Kundportal.Activities.Domain;

public enum OrderStatus
{
    /// <summary>Sent by the customer's Beställare; waiting for the agent.</summary>
    Placed,
    /// <summary>The agent chose "Gå vidare".</summary>
    AgentReviewed,
    AgentAttested,
    /// <summary>The customer's Attestant attested (in version 1 possibly before the agent).</summary>
    CustomerAttested,
    /// <summary>Every attestation done; the agent was told to start the technical connection.</summary>
    Completed,
    /// <summary>The agent chose "Avslå".</summary>
    Rejected,
    /// <summary>An attestant cancelled ("avbryter").</summary>
    Cancelled,
    /// <summary>A step expired before anyone acted.</summary>
    Expired,
}

/// <summary>An order (beställning) of one offering of a service, through an agent, with its decisions.</summary>
public sealed class Order
{
    public Guid Id { get; set; }
    /// <summary>The case number, <c>CS</c> followed by digits.</summary>
    public required string CaseNumber { get; set; }
    public Guid CustomerOrganisationId { get; set; }
    public Guid AgentOrganisationId { get; set; }
    public required string ServiceCode { get; set; }
    public required string OfferingCode { get; set; }
    public OrderStatus Status { get; set; }
    public Guid? WorkflowInstanceId { get; set; }

    public required string OrderedByEmail { get; set; }
    public required string OrderedByName { get; set; }
    public DateTimeOffset PlacedAt { get; set; }
    public DateTimeOffset TermsAcceptedAt { get; set; }
    /// <summary>The start-up fee charged for this order (one per order, see <see cref="Catalogue.PricePreview"/>).</summary>
    public decimal StartupFee { get; set; }
    /// <summary>Which order of this service for this customer it is (1 = first order, 2+ = tilläggsbeställning).</summary>
    public int OrdinalForService { get; set; }
    public bool IsAdditionalOrder => OrdinalForService > 1;

    // Agent review ("Gå vidare": terms, invoicing and attestation information).
    public string? ReviewedByEmail { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public DateTimeOffset? AgentTermsAcceptedAt { get; set; }
    public string? InvoiceOrganisationNumber { get; set; }
    public string? InvoiceReference { get; set; }
    public string? InvoiceAddress { get; set; }
    /// <summary>The agent's Attestant named at review; only this person gets the agent attestation link.</summary>
    public string? AgentAttestantEmail { get; set; }

    public string? AgentAttestedByEmail { get; set; }
    public DateTimeOffset? AgentAttestedAt { get; set; }
    public string? AgentAttestationMethod { get; set; }
    public string? AgentAttestationReference { get; set; }

    public string? CustomerAttestedByEmail { get; set; }
    public DateTimeOffset? CustomerAttestedAt { get; set; }
    public string? CustomerAttestationMethod { get; set; }
    public string? CustomerAttestationReference { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedByEmail { get; set; }
    /// <summary>Why it was rejected or cancelled.</summary>
    public string? CloseReason { get; set; }

    /// <summary>Everyone who was given a task on this order (lower-case e-mail), told when it ends.</summary>
    public List<string> Participants { get; set; } = [];

    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>
    /// The last time <paramref name="email"/> acted as Beställare on this order (placed it for the
    /// customer, or reviewed it for the agent), or null. An attestant who did must log in again after it.
    /// </summary>
    public DateTimeOffset? ActedAsOrdererAt(string email)
    {
        DateTimeOffset? at = null;
        if (string.Equals(OrderedByEmail, email, StringComparison.OrdinalIgnoreCase))
            at = PlacedAt;
        if (ReviewedAt is { } reviewed && string.Equals(ReviewedByEmail, email, StringComparison.OrdinalIgnoreCase) && (at is null || reviewed > at))
            at = reviewed;
        return at;
    }

    public void AddParticipants(IEnumerable<string> emails)
    {
        foreach (var email in emails.Select(User.NormaliseEmail))
        {
            if (!Participants.Contains(email))
                Participants = [.. Participants, email];
        }
    }

    public void Close(OrderStatus status, DateTimeOffset at, string? by, string? reason)
    {
        Status = status;
        ClosedAt = at;
        ClosedByEmail = by;
        CloseReason = reason;
    }
}

/// <summary>A line of an order, identified by its own item number: one per care unit, or one for the offering.</summary>
public sealed class OrderLine
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public long ItemNumber { get; set; }
    public required string OfferingCode { get; set; }
    public string? CareUnitHsaId { get; set; }
    public string? CareUnitName { get; set; }
}

/// <summary>A named counter for case and item numbers, incremented under a row lock in the step's transaction.</summary>
public sealed class Counter
{
    public const string CaseNumber = "case-number";
    public const string ItemNumber = "item-number";

    public required string Name { get; set; }
    public long Value { get; set; }
}
