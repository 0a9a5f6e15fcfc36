namespace Elsa.Kundportal.Activities.Domain;

/// <summary>A contact person named in a customer application.</summary>
public sealed class ContactPerson
{
    public required string Name { get; set; }
    public required string Email { get; set; }
    public required string Phone { get; set; }
}

public enum ApplicationStatus
{
    Submitted,
    Approved,
    Rejected,
    Expired,
}

/// <summary>A customer application (kundansökan) and Inera's decision on it.</summary>
public sealed class Application
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public required string OrganisationNumber { get; set; }
    public required string OrganisationName { get; set; }
    public Guid? AgentOrganisationId { get; set; }
    public required ContactPerson Administrator { get; set; }
    public required ContactPerson Signatory { get; set; }
    /// <summary>The signatory's personnummer (twelve digits): only that person can sign the agreement with BankID.</summary>
    public string? SignatoryPersonalNumber { get; set; }
    public required ContactPerson AgreementContact { get; set; }
    public ApplicationStatus Status { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>Why the application was rejected.</summary>
    public string? DecisionReason { get; set; }
    public Guid? WorkflowInstanceId { get; set; }
}

public enum AgreementStatus
{
    AwaitingSignature,
    Signed,
    Declined,
    Expired,
}

/// <summary>A customer agreement (kundavtal) and its signing record.</summary>
public sealed class Agreement
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid? ApplicationId { get; set; }
    public AgreementStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string SignatoryName { get; set; }
    public required string SignatoryEmail { get; set; }
    /// <summary>The personnummer the signature must come from (from the application); BankID is asked for exactly this person.</summary>
    public string? SignatoryPersonalNumber { get; set; }
    public DateTimeOffset? SignedAt { get; set; }
    public string? SignedBy { get; set; }
    /// <summary>How it was signed: <c>BankID</c>.</summary>
    public string? SigningMethod { get; set; }
    /// <summary>The BankID order reference of the signature.</summary>
    public string? SigningReference { get; set; }
    /// <summary>The SHA-256 (base64) of the document signed, as sent to BankID in <c>userNonVisibleData</c>.</summary>
    public string? SignedDocumentHash { get; set; }
    /// <summary>The version of the kundavtal's text this agreement is made with and signed in (<c>Agreements/kundavtal-{version}.md</c>).</summary>
    public string? TextVersion { get; set; }
    /// <summary>The SHA-256 (lowercase hex) of the text version signed, stored with the signature.</summary>
    public string? TextSha256 { get; set; }
    public DateTimeOffset? DeclinedAt { get; set; }
    public string? DeclineReason { get; set; }
}
