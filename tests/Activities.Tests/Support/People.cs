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

    /// <summary>A valid personnummer (twelve digits) of its own for each e-mail address: born 1950–1999, check digit right.</summary>
    public static string PersonalNumberFor(string email)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email));
        var nine = $"{50 + hash[0] % 50:D2}{1 + hash[1] % 12:D2}{1 + hash[2] % 28:D2}{hash[3] % 10}{hash[4] % 10}{hash[5] % 10}";
        return "19" + nine + OrganisationNumber.CheckDigit(nine);
    }
}
