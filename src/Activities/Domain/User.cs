namespace Elsa.Kundportal.Activities.Domain;

/// <summary>A person. The e-mail address (lower case) identifies the person and is the actor in the workflow.</summary>
public sealed class User
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public required string Name { get; set; }
    /// <summary>Mobile number, used for SMS one-time passwords.</summary>
    public string? Mobile { get; set; }
    /// <summary>
    /// The person's Swedish personnummer (twelve digits, see <see cref="Domain.PersonalNumber"/>): BankID orders for this
    /// person require it, and "Logga in med BankID" finds the person by it. Set through
    /// <see cref="Roles.RoleAdministration.SetPersonalNumberAsync"/>, the one place that decides who may change it.
    /// </summary>
    public string? PersonalNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>A role a user holds in one organisation (for Handläggare agent: for one service).</summary>
public sealed class RoleAssignment
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid OrganisationId { get; set; }
    public KundportalRole Role { get; set; }
    /// <summary>The service (tjänst) code, for <see cref="KundportalRole.AgentCaseOfficer"/>; null otherwise.</summary>
    public string? ServiceCode { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
    public string? AssignedBy { get; set; }

    public User? User { get; set; }
    public Organisation? Organisation { get; set; }
}
