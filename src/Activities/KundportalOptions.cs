namespace Elsa.Kundportal.Activities;

/// <summary>Kundportal settings. Defaults follow the process description (reminders after 3 and 7 days, expiry after 30).</summary>
public sealed class KundportalOptions
{
    /// <summary>The portal's public address; personal links are <c>{PublicBaseUrl}/tasks/{token}</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Ineras Kundservice: told when an organisation that lacks roles has no administrator, and named in every text that says to contact it.</summary>
    public string KundserviceEmail { get; set; } = "kundservice@kundportal.local";

    /// <summary>
    /// Ineras Kundservice's telephone number, given with the e-mail address wherever a text says to contact it. The default is a
    /// placeholder to be replaced in configuration (<c>Kundportal:KundservicePhone</c>); empty leaves the phone out.
    /// </summary>
    public string? KundservicePhone { get; set; } = "010-000 00 00";

    /// <summary>How to reach Ineras Kundservice: "e-post kundservice@…, telefon 010-…".</summary>
    public string KundserviceContact => string.IsNullOrWhiteSpace(KundservicePhone)
        ? $"e-post {KundserviceEmail}"
        : $"e-post {KundserviceEmail}, telefon {KundservicePhone.Trim()}";

    /// <summary>How recent the BankID or SMS confirmation given with an attestation or a signature must be.</summary>
    public TimeSpan StepUpMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Used by a human step whose definition leaves the timing inputs empty.</summary>
    public StepDefaults StepDefaults { get; } = new();

    public string TaskLink(string token) => $"{PublicBaseUrl.TrimEnd('/')}/tasks/{token}";

    public string PageLink(string path) => $"{PublicBaseUrl.TrimEnd('/')}/{path.TrimStart('/')}";

    /// <summary>The organisation's page "Användare och roller", where its Administratör adds users and assigns roles.</summary>
    public string RolesPageLink(string organisationNumber) => PageLink($"/organisation/{Domain.OrganisationNumber.Parse(organisationNumber).Digits}/roller");

    /// <summary>The organisation's page "Kundavtal", where its Administratör and Kontaktperson för avtalet read the agreement and download it as PDF.</summary>
    public string AgreementPageLink(string organisationNumber) => PageLink($"/organisation/{Domain.OrganisationNumber.Parse(organisationNumber).Digits}/avtal");
}

/// <summary>Reminders and expiry of a human step. A zero reminder is not sent.</summary>
public sealed class StepDefaults
{
    public TimeSpan FirstReminderAfter { get; set; } = TimeSpan.FromDays(3);
    public TimeSpan SecondReminderAfter { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan ExpiresAfter { get; set; } = TimeSpan.FromDays(30);
}
