using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using PersonalNumber = Elsa.Kundportal.Activities.Domain.PersonalNumber;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Process;

/// <summary>
/// How the process starts, as the workflow's input: the customer's organisationsnummer, the agent it
/// connects through, and, unless the organisation already has a kundavtal, the customer application
/// (kundansökan) form. With a kundavtal the process goes straight to the role check.
/// <code>
/// {
///   "organisationNumber": "232100-0016",
///   "agentOrganisationNumber": "556677-8899",
///   "application": {
///     "organisationName": "Region Norr",
///     "administrator":    { "name": "…", "email": "…", "phone": "…" },
///     "signatory":        { "name": "…", "email": "…", "phone": "…", "personalNumber": "19811218-9876" },   // Företrädare/Firmatecknare: signs with BankID
///     "agreementContact": { "name": "…", "email": "…", "phone": "…" }    // Kontaktperson för avtalet
///   }
/// }
/// </code>
/// </summary>
public sealed record AgentOrderStart
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string? OrganisationNumber { get; init; }
    public string? AgentOrganisationNumber { get; init; }
    public ApplicationForm? Application { get; init; }

    public JsonNode ToJson() => JsonSerializer.SerializeToNode(this, Json)!;

    public static AgentOrderStart FromJson(JsonNode? node)
    {
        try
        {
            return node?.Deserialize<AgentOrderStart>(Json) ?? new AgentOrderStart();
        }
        catch (JsonException)
        {
            return new AgentOrderStart();
        }
    }

    /// <summary>
    /// Checks the form and the domain (the agent exists; a customer without kundavtal sent an application; every text
    /// fits its column). The same checks run in <see cref="AgentOrderProcess.StartAsync"/> before an instance exists, and
    /// again in the first step. With <paramref name="applicationOnly"/> (the anonymous application form) an organisation
    /// that already has a kundavtal is refused: its people order after signing in.
    /// </summary>
    public async Task<InputErrors> ValidateAsync(KundportalDbContext db, bool applicationOnly, CancellationToken cancellationToken) =>
        (await CheckAsync(db, applicationOnly, cancellationToken)).Errors;

    /// <inheritdoc cref="ValidateAsync(KundportalDbContext, bool, CancellationToken)"/>
    public Task<InputErrors> ValidateAsync(KundportalDbContext db, CancellationToken cancellationToken) => ValidateAsync(db, applicationOnly: false, cancellationToken);

    /// <summary><see cref="ValidateAsync"/>, also giving the customer and the agent it found (read-only; the customer is null when new).</summary>
    internal async Task<(InputErrors Errors, Organisation? Customer, Organisation? Agent)> CheckAsync(KundportalDbContext db, bool applicationOnly, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var customer = await OrganisationAsync(db, OrganisationNumber, "organisationNumber", "Ange organisationsnummer.", errors, cancellationToken);
        var agent = await OrganisationAsync(db, AgentOrganisationNumber, "agentOrganisationNumber", "Välj agent (systemleverantör).", errors, cancellationToken);
        Check(customer, agent, errors, applicationOnly);
        return (errors, customer, agent);
    }

    private void Check(Organisation? customer, Organisation? agent, InputErrors errors, bool applicationOnly)
    {
        if (!string.IsNullOrWhiteSpace(AgentOrganisationNumber) && !errors.Fields.ContainsKey("agentOrganisationNumber") && agent?.Kind != OrganisationKind.Agent)
            errors.Add("agentOrganisationNumber", $"Det finns ingen agent med organisationsnummer {Domain.OrganisationNumber.Parse(AgentOrganisationNumber)} i Kundportalen.");
        if (customer is { Kind: not OrganisationKind.Customer })
            errors.Add("organisationNumber", $"{customer.Name} är registrerad som {(customer.Kind == OrganisationKind.Agent ? "agent" : "Inera")} och kan inte beställa som kund.");
        if (customer is { Kind: OrganisationKind.Customer, HasCustomerAgreement: true })
        {
            if (applicationOnly)
            {
                errors.Add("organisationNumber", $"{customer.Name} har redan kundavtal med Inera och behöver ingen kundansökan. " +
                    "Logga in i Kundportalen och beställ där. Vet ni inte vem som är er administratör, kontakta Ineras Kundservice.");
            }
            return;
        }
        if (Application is null)
        {
            if (!errors.Fields.ContainsKey("organisationNumber"))
                errors.Add("application", "Organisationen har inget kundavtal med Inera: fyll i och skicka in kundansökan.");
            return;
        }
        if (string.IsNullOrWhiteSpace(Application.OrganisationName))
            errors.Add("application.organisationName", "Ange organisationens namn.");
        else
            errors.CheckLength("application.organisationName", Application.OrganisationName.Trim(), FieldLimits.Name, "Organisationens namn");
        Application.Administrator.Check("application.administrator", errors);
        Application.Signatory.Check("application.signatory", errors);
        // The signatory has no login: the agreement is signed with BankID by exactly this person.
        if (!PersonalNumber.TryParse(Application.Signatory.PersonalNumber, out _, out var personalNumberError))
            errors.Add("application.signatory.personalNumber", personalNumberError);
        Application.AgreementContact.Check("application.agreementContact", errors);
    }

    private static async Task<Organisation?> OrganisationAsync(KundportalDbContext db, string? text, string field, string missing, InputErrors errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, missing);
            return null;
        }
        if (!Domain.OrganisationNumber.TryParse(text, out var number, out var error))
        {
            errors.Add(field, error);
            return null;
        }
        return await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == number.Digits, cancellationToken);
    }
}

/// <summary>The customer application (kundansökan): the organisation's name and three contact persons.</summary>
public sealed record ApplicationForm
{
    public string? OrganisationName { get; init; }
    public ContactDetails Administrator { get; init; } = new();
    public ContactDetails Signatory { get; init; } = new();
    public ContactDetails AgreementContact { get; init; } = new();
}

public sealed record ContactDetails
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    /// <summary>The personnummer; asked of the Företrädare/Firmatecknare only, who signs with BankID.</summary>
    public string? PersonalNumber { get; init; }

    public ContactPerson ToContact() => new() { Name = Name!.Trim(), Email = User.NormaliseEmail(Email!), Phone = Phone!.Trim() };

    internal void Check(string field, InputErrors errors)
    {
        if (string.IsNullOrWhiteSpace(Name))
            errors.Add($"{field}.name", "Ange namn.");
        else
            errors.CheckLength($"{field}.name", Name.Trim(), FieldLimits.Name, "Namnet");
        if (string.IsNullOrWhiteSpace(Email))
            errors.Add($"{field}.email", "Ange e-postadress.");
        else if (errors.CheckLength($"{field}.email", Email.Trim(), FieldLimits.Email, "E-postadressen") && !IsEmail(Email))
            errors.Add($"{field}.email", $"'{Email}' är inte en giltig e-postadress.");
        var digits = Phone?.Count(char.IsAsciiDigit) ?? 0;
        if (string.IsNullOrWhiteSpace(Phone))
            errors.Add($"{field}.phone", "Ange telefonnummer.");
        else if (errors.CheckLength($"{field}.phone", Phone.Trim(), FieldLimits.Phone, "Telefonnumret")
            && (digits < 7 || Phone.Any(c => !(char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')'))))
        {
            errors.Add($"{field}.phone", "Ange ett telefonnummer med minst 7 siffror, t.ex. 070-123 45 67.");
        }
    }

    internal static bool IsEmail(string? text) =>
        !string.IsNullOrWhiteSpace(text) && MailAddress.TryCreate(text.Trim(), out var address) && address.Address == text.Trim() && address.Host.Contains('.', StringComparison.Ordinal);
}
