using Elsa.Kundportal.Host.BankId;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.BankId;

public sealed class BankIdQrCodeTests
{
    // BankID's documented example of the animated QR code (qrStartToken, qrStartSecret, seconds 0 and 1).
    private const string Token = "67df3917-fa0d-44e5-b327-edcc928297f8";
    private const string Secret = "d28db9a7-4cde-429e-a983-359be676944c";

    [Theory]
    [InlineData(0, "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.0.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8")]
    [InlineData(1, "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2")]
    public void Content_ForKnownTokenSecretAndSeconds_IsBankIdsFormula(long seconds, string expected) =>
        Assert.Equal(expected, BankIdQrCode.Content(Token, Secret, seconds));

    [Fact]
    public void Seconds_CountWholeSecondsOnTheHostsClock_SinceTheOrderStarted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var started = clock.GetUtcNow();
        Assert.Equal(0, BankIdQrCode.SecondsSince(started, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, BankIdQrCode.SecondsSince(started, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, BankIdQrCode.SecondsSince(started, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(29.5));
        Assert.Equal(30, BankIdQrCode.SecondsSince(started, clock.GetUtcNow()));
        Assert.Equal(0, BankIdQrCode.SecondsSince(started, started - TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Png_IsAnImageThatChangesWithTheContent()
    {
        var first = BankIdQrCode.Png(BankIdQrCode.Content(Token, Secret, 0));
        var second = BankIdQrCode.Png(BankIdQrCode.Content(Token, Secret, 1));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], first[..4]);
        Assert.NotEqual(first, second);
    }
}
