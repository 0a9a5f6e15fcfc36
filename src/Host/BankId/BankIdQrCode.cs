using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QRCoder;

namespace Elsa.Kundportal.Host.BankId;

/// <summary>
/// BankID's animated QR code for "BankID på annan enhet": the content is
/// <c>bankid.{qrStartToken}.{seconds}.{qrAuthCode}</c>, where <c>seconds</c> is the whole number of seconds since the
/// auth or sign answer arrived and <c>qrAuthCode</c> is HMAC-SHA256 of those digits keyed with <c>qrStartSecret</c>, in
/// lower-case hex. The server computes it (the secret never reaches the browser) and the page fetches a new image
/// every second.
/// </summary>
public static class BankIdQrCode
{
    public static string Content(string qrStartToken, string qrStartSecret, long seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        var time = seconds.ToString(CultureInfo.InvariantCulture);
        var code = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(qrStartSecret), Encoding.UTF8.GetBytes(time)));
        return $"bankid.{qrStartToken}.{time}.{code}";
    }

    /// <summary>Whole seconds from <paramref name="started"/> to <paramref name="now"/> (never negative).</summary>
    public static long SecondsSince(DateTimeOffset started, DateTimeOffset now) =>
        Math.Max(0, (long)Math.Floor((now - started).TotalSeconds));

    /// <summary>The QR code as a PNG image (error correction L, a quiet zone around it).</summary>
    public static byte[] Png(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.L);
        return new PngByteQRCode(data).GetGraphic(6);
    }
}
