using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Tests.Domain;

public sealed class PersonalNumberTests
{
    [Theory]
    [InlineData("19811218-9876", "198112189876")]
    [InlineData("198112189876", "198112189876")]
    [InlineData(" 19121212 1212 ", "191212121212")]
    [InlineData("20000229-2944", "200002292944")]   // a leap day
    [InlineData("19701063-2383", "197010632383")]   // a samordningsnummer: day 3 + 60
    public void TryParse_TwelveDigitsWithRealDateAndCheckDigit_GivesTheDigits(string text, string digits)
    {
        Assert.True(PersonalNumber.TryParse(text, out var number, out var error), error);
        Assert.Equal(digits, number.Digits);
        Assert.Equal($"{digits[..8]}-{digits[8..]}", number.ToString());
        Assert.Equal($"{digits[..8]}-****", number.Masked);
    }

    [Theory]
    [InlineData("", "Ange personnummer.")]
    [InlineData("811218-9876", "Ange personnumret med 12 siffror")]
    [InlineData("19811218-987", "ska bestå av 12 siffror")]
    [InlineData("1981121A9876", "ska bestå av 12 siffror")]
    [InlineData("19811218-9875", "kontrollsiffran stämmer inte")]
    [InlineData("19811318-9876", "är inget datum")]       // month 13
    [InlineData("19810229-1234", "är inget datum")]       // 1981 is no leap year
    [InlineData("19811200-1234", "är inget datum")]       // day 0
    [InlineData("19811292-1234", "är inget datum")]       // day 32 + 60
    public void TryParse_AnythingElse_IsRefusedWithASwedishReason(string text, string message)
    {
        Assert.False(PersonalNumber.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void DigitsOf_ComparesStoredAndReturnedNumbersByTheirDigits()
    {
        Assert.Equal("198112189876", PersonalNumber.DigitsOf("19811218-9876"));
        Assert.Null(PersonalNumber.DigitsOf("19811218-9875"));
    }
}
