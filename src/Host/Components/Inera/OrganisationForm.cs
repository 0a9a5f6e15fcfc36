using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;

namespace Elsa.Kundportal.Host.Components.Inera;

/// <summary>
/// What the organisation pages post (plain form fields, named here), and how the domain's field errors map to the
/// fields on the page.
/// </summary>
public sealed class OrganisationForm
{
    public string? OrganisationNumber { get; set; }
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public bool HasCustomerAgreement { get; set; }
    public IReadOnlyList<string> AgentServices { get; set; } = [];
    public string? AdministratorEmail { get; set; }
    public string? AdministratorName { get; set; }
    public string? AdministratorMobile { get; set; }

    /// <summary>The page element each of the domain's fields is shown at.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldIds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["organisationNumber"] = "org-number",
        ["name"] = "org-name",
        ["kind"] = "org-kind-customer",
        ["agentServices"] = "org-services",
        ["administrator.email"] = "admin-email",
        ["administrator.name"] = "admin-name",
        ["administrator.mobile"] = "admin-mobile",
        ["administrator.organisationNumber"] = "admin-email",
        ["administrator.role"] = "admin-email",
    };

    public static OrganisationForm Read(IFormCollection form) => new()
    {
        OrganisationNumber = form["organisationNumber"],
        Name = form["name"],
        Kind = form["kind"],
        HasCustomerAgreement = form["hasCustomerAgreement"] == "true",
        AgentServices = [.. form["agentServices"].OfType<string>().Where(s => s.Length > 0)],
        AdministratorEmail = form["administratorEmail"],
        AdministratorName = form["administratorName"],
        AdministratorMobile = form["administratorMobile"],
    };

    public static OrganisationForm From(OrganisationDetails details) => new()
    {
        OrganisationNumber = Activities.Domain.OrganisationNumber.Parse(details.Organisation.OrganisationNumber).ToString(),
        Name = details.Organisation.Name,
        Kind = details.Organisation.Kind.ToString(),
        HasCustomerAgreement = details.Organisation.HasCustomerAgreement,
        AgentServices = details.AgentServices,
    };

    public OrganisationChange ToChange() => new(OrganisationNumber, Name,
        Enum.TryParse<OrganisationKind>(Kind, out var kind) && kind is OrganisationKind.Customer or OrganisationKind.Agent ? kind : null,
        HasCustomerAgreement, Kind == nameof(OrganisationKind.Agent) ? AgentServices : []);

    public PersonDetails? Administrator() =>
        string.IsNullOrWhiteSpace(AdministratorEmail) && string.IsNullOrWhiteSpace(AdministratorName) && string.IsNullOrWhiteSpace(AdministratorMobile)
            ? null
            : new PersonDetails(AdministratorEmail, AdministratorName, AdministratorMobile);

    /// <summary>The Swedish name of a kind, for tables.</summary>
    public static string KindName(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Agent => "Agent",
        OrganisationKind.Inera => "Inera",
        _ => "Kund",
    };
}
