using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;

namespace Elsa.Kundportal.Activities.Tests.Domain;

public sealed class OrganisationNumberTests
{
    [Theory]
    [InlineData("556559-4230", "5565594230")]
    [InlineData("5565594230", "5565594230")]
    [InlineData(" 232100-0016 ", "2321000016")]
    [InlineData("202100-5489", "2021005489")]
    public void TryParse_ValidNumber_NormalisesToTenDigits(string text, string digits)
    {
        Assert.True(OrganisationNumber.TryParse(text, out var number, out var error), error);
        Assert.Equal(digits, number.Digits);
        Assert.Equal($"{digits[..6]}-{digits[6..]}", number.ToString());
    }

    [Theory]
    [InlineData(null, "Ange organisationsnummer.")]
    [InlineData("  ", "Ange organisationsnummer.")]
    [InlineData("556559423", "Organisationsnumret '556559423' ska bestå av 10 siffror, till exempel 556559-4230.")]
    [InlineData("55655-94230", "Organisationsnumret '55655-94230' ska bestå av 10 siffror, till exempel 556559-4230.")]
    [InlineData("556559-423X", "Organisationsnumret '556559-423X' ska bestå av 10 siffror, till exempel 556559-4230.")]
    [InlineData("556559-4231", "Organisationsnumret 556559-4231 är inte giltigt: kontrollsiffran stämmer inte.")]
    [InlineData("2321000015", "Organisationsnumret 232100-0015 är inte giltigt: kontrollsiffran stämmer inte.")]
    public void TryParse_InvalidNumber_SaysWhatIsWrong(string? text, string message)
    {
        Assert.False(OrganisationNumber.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
        Assert.Throws<FormatException>(() => OrganisationNumber.Parse(text));
    }

    [Theory]
    [InlineData("556559423", 0)]
    [InlineData("232100001", 6)]
    public void CheckDigit_IsLuhn(string nine, int expected) => Assert.Equal(expected, OrganisationNumber.CheckDigit(nine));

    [Theory]
    [InlineData("SE2321000016-15BK", true)]
    [InlineData(" se2321000016-abc ", true)]
    [InlineData("SE232100001-15BK", false)]
    [InlineData("2321000016-15BK", false)]
    [InlineData("", false)]
    public void HsaId_IsValid(string text, bool valid) => Assert.Equal(valid, HsaId.IsValid(text.ToUpperInvariant()));

    [Theory]
    [InlineData("Beställare", KundportalRole.Orderer)]
    [InlineData("handläggare agent", KundportalRole.AgentCaseOfficer)]
    [InlineData("Företrädare/Firmatecknare", KundportalRole.Signatory)]
    [InlineData("Attestant", KundportalRole.Attestant)]
    [InlineData("IneraCaseOfficer", KundportalRole.IneraCaseOfficer)]
    public void Roles_ParseSwedishOrEnglishNames(string text, KundportalRole role)
    {
        Assert.True(KundportalRoles.TryParse(text, out var parsed));
        Assert.Equal(role, parsed);
    }

    [Fact]
    public void RoleRequirements_ReportsUnknownNames()
    {
        var requirements = new RoleRequirements { Customer = ["Beställare", "Chef"], Agent = ["Handläggare agent"] };

        Assert.Equal(["kund: 'Chef'"], requirements.Unknown());
        Assert.Equal("Beställare, Attestant och Handläggare agent", KundportalRoles.JoinSwedish([KundportalRole.Orderer, KundportalRole.Attestant, KundportalRole.AgentCaseOfficer]));
    }
}
