using Elsa.Kundportal.Host.Sms;

namespace Elsa.Kundportal.Host.Tests.Sms;

public sealed class MobileNumberTests
{
    [Theory]
    [InlineData("070-123 45 67", "+46701234567")]
    [InlineData("0701234567", "+46701234567")]
    [InlineData(" 073.123.45.67 ", "+46731234567")]
    [InlineData("076/123 45 67", "+46761234567")]
    [InlineData("+46 70 123 45 67", "+46701234567")]
    [InlineData("+46701234567", "+46701234567")]
    [InlineData("+46 (0)70-123 45 67", "+46701234567")]
    [InlineData("+46 070 123 45 67", "+46701234567")]
    [InlineData("0046 70 123 45 67", "+46701234567")]
    [InlineData("46701234567", "+46701234567")]
    [InlineData("+47 412 34 567", "+4741234567")]
    [InlineData("0047 41234567", "+4741234567")]
    [InlineData("+1 (555) 123-4567", "+15551234567")]
    [InlineData("+358\u00A040 123 4567", "+358401234567")]
    public void TryToE164_NumbersAsPeopleWriteThem_BecomeE164(string written, string expected)
    {
        Assert.True(MobileNumber.TryToE164(written, out var e164));
        Assert.Equal(expected, e164);
        Assert.Equal(expected, MobileNumber.ToE164(written));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("08-123 456 78")]          // a Stockholm landline
    [InlineData("+46 8 123 456 78")]       // the same, written internationally
    [InlineData("031-12 34 56")]           // a Gothenburg landline
    [InlineData("070-123 45 6")]           // a digit short
    [InlineData("070-123 45 678")]         // a digit too many
    [InlineData("701234567")]              // no leading 0 and no country code
    [InlineData("+46")]
    [InlineData("00")]
    [InlineData("+0701234567")]            // no country code starts with 0
    [InlineData("+1234567")]               // too short for any country
    [InlineData("+1234567890123456")]      // longer than E.164's 15 digits
    [InlineData("070-ABC 45 67")]
    [InlineData("070 123 45 67 ankn 12")]
    [InlineData("++46701234567")]
    [InlineData("tel:+46701234567")]
    public void TryToE164_NumbersThatCannotReceiveSms_AreRefused(string? written)
    {
        Assert.False(MobileNumber.TryToE164(written, out var e164));
        Assert.Null(e164);
    }

    [Fact]
    public void ToE164_Refused_SaysWhatIsWrongAndNamesOnlyTheLastTwoDigits()
    {
        var error = Assert.Throws<UndeliverableSmsException>(() => MobileNumber.ToE164("08-123 456 78"));

        Assert.Contains("ending in 78", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot receive SMS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("123", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", error.Message, StringComparison.Ordinal);
    }
}
