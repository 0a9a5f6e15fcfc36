using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Tests.Support;

/// <summary>The organisations and people of the scenarios.</summary>
internal static class People
{
    public static readonly string AgentNumber = Number("556677889");
    public static readonly string NewCustomerNumber = Number("232100001");
    public static readonly string ExistingCustomerNumber = Number("212000123");

    public const string IneraOfficer = "handlaggare@inera.test";

    public const string AgentAdmin = "admin@journalsystem.test";
    public const string AgentOrderer = "bestallare@journalsystem.test";
    public const string AgentCaseOfficer = "handlaggare@journalsystem.test";
    public const string AgentAttestant = "attestant@journalsystem.test";

    public const string CustomerAdmin = "admin@region.test";
    public const string Signatory = "firmatecknare@region.test";
    public const string AgreementContact = "kontakt@region.test";
    public const string CustomerOrderer = "bestallare@region.test";
    public const string CustomerAttestant = "attestant@region.test";

    /// <summary>Nine digits plus their Luhn check digit.</summary>
    public static string Number(string nine) => nine + OrganisationNumber.CheckDigit(nine);

    public static string WithWrongCheckDigit(string number) => number[..9] + ((number[9] - '0' + 1) % 10);
}
