using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Elsa.Kundportal.Host.Sms;

/// <summary>
/// Mobile numbers as people type them, in the E.164 form SMS gateways want. Swedish numbers are written nationally
/// (<c>070-123 45 67</c> becomes <c>+46701234567</c>) or internationally (<c>+46 70 123 45 67</c>,
/// <c>0046 70…</c>, <c>+46 (0)70…</c>); numbers of other countries keep their country code (<c>+</c> or <c>00</c>).
/// A Swedish number that is not a mobile number (landlines, <c>08-…</c>) cannot receive an SMS and is refused.
/// </summary>
internal static class MobileNumber
{
    private const string SwedishCountryCode = "46";

    /// <summary>The number in E.164 (<c>+</c> and up to 15 digits), or false when it cannot receive an SMS.</summary>
    public static bool TryToE164(string? input, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        if (string.IsNullOrWhiteSpace(input))
            return false;
        var text = input.Trim().Replace("(0)", "", StringComparison.Ordinal);
        var international = text.StartsWith('+');
        var digits = new StringBuilder(text.Length);
        foreach (var c in international ? text[1..] : text)
        {
            if (char.IsAsciiDigit(c))
                digits.Append(c);
            else if (c is not (' ' or '-' or '.' or '/' or '(' or ')' or '\u00A0'))
                return false;
        }
        var number = digits.ToString();
        if (!international)
        {
            if (number.StartsWith("00", StringComparison.Ordinal))
                number = number[2..];
            else if (number.StartsWith('0'))
                number = SwedishCountryCode + number[1..];
            else if (!(number.StartsWith(SwedishCountryCode + "7", StringComparison.Ordinal) && number.Length == 11))
                return false;
        }
        if (number.StartsWith(SwedishCountryCode, StringComparison.Ordinal))
        {
            var national = number[SwedishCountryCode.Length..].TrimStart('0');
            // Swedish mobile numbers are 07x xxx xx xx: a 7 and eight more digits after the country code.
            if (national.Length != 9 || national[0] != '7')
                return false;
            number = SwedishCountryCode + national;
        }
        else if (number.Length is < 8 or > 15 || number[0] == '0')
        {
            return false;
        }
        e164 = "+" + number;
        return true;
    }

    /// <summary>The number in E.164; throws <see cref="UndeliverableSmsException"/> (naming only its last digits) when it cannot receive an SMS.</summary>
    public static string ToE164(string? input) =>
        TryToE164(input, out var e164)
            ? e164
            : throw new UndeliverableSmsException(
                $"The recipient's number ({Ending(input)}) cannot receive SMS: it is neither a Swedish mobile number (07x) " +
                "nor an international number with its country code (+ or 00). Correct the person's mobile number.");

    /// <summary>"ending in 67": enough for a person or an operator to recognise the number without revealing it.</summary>
    public static string Ending(string? input)
    {
        var digits = new string((input ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length switch
        {
            0 => "with no digits",
            < 4 => "too short to be a number",
            _ => $"ending in {digits[^2..]}",
        };
    }
}
