namespace Elsa.Kundportal.Activities.Domain;

/// <summary>
/// A step-up the host itself saw succeed: a BankID order that BankID reported complete for the right person, or an SMS
/// one-time code the person typed correctly. It is bound to one task link (<see cref="BookmarkId"/>), one person
/// (<see cref="Email"/>), one decision and one document (<see cref="DocumentHash"/>), and a step accepts it once: the
/// step marks it consumed in its own transaction. Nothing a caller sends with an answer can stand in for it.
/// </summary>
public sealed class StepUpProof
{
    public const string BankId = "BankID";
    public const string Sms = "SMS";

    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    /// <summary>The task link (bookmark) the proof was made for.</summary>
    public Guid BookmarkId { get; set; }
    /// <summary>The person (lower-case e-mail) who confirmed.</summary>
    public required string Email { get; set; }
    /// <summary>The decision confirmed (Signed, Declined, Attested, Cancelled).</summary>
    public required string Decision { get; set; }
    /// <summary><see cref="BankId"/> or <see cref="Sms"/>.</summary>
    public required string Method { get; set; }
    /// <summary>BankID's orderRef, or the SMS code's id.</summary>
    public required string Reference { get; set; }
    /// <summary>The SHA-256 (base64) of the canonical document confirmed (see <see cref="Tasks.SignedDocument"/>).</summary>
    public required string DocumentHash { get; set; }
    /// <summary>Whose BankID signed (twelve digits); null for SMS.</summary>
    public string? PersonalNumber { get; set; }
    /// <summary>BankID's completionData as JSON (user, device, bankIdIssueDate, stepUp, signature, ocspResponse); null for SMS.</summary>
    public string? Completion { get; set; }
    public DateTimeOffset VerifiedAt { get; set; }
    /// <summary>When the person's login began, as the host saw it (for the same-person rule); null without login.</summary>
    public DateTimeOffset? SessionStartedAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
}
