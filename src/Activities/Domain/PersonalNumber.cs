using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Elsa.Kundportal.Activities.Domain;

/// <summary>
/// A Swedish personnummer (or samordningsnummer, whose day is the birth day plus 60) in the twelve-digit form BankID uses:
/// <c>ÅÅÅÅMMDDNNNK</c>, where the date is a real calendar date and K is the Luhn check digit of the last ten digits.
/// Written <c>ÅÅÅÅMMDD-NNNN</c>; parsing accepts the hyphen (or a plus) and spaces. Ten-digit forms are refused: the
/// century cannot be told from them.
/// </summary>
public readonly record struct PersonalNumber
{
    private PersonalNumber(string digits) => Digits = digits;

    /// <summary>The twelve digits, as stored and as BankID's <c>personalNumber</c>.</summary>
    public string Digits { get; }

    public override string ToString() => Digits is null ? "" : $"{Digits[..8]}-{Digits[8..]}";

    /// <summary>The number with the last four digits hidden, for pages that only need to say whose it is.</summary>
    public string Masked => Digits is null ? "" : $"{Digits[..8]}-****";

    public static PersonalNumber Parse(string? text) =>
        TryParse(text, out var number, out var error) ? number : throw new FormatException(error);

    /// <summary>Parses and checks the number; <paramref name="error"/> is a Swedish message for the person who typed it.</summary>
    public static bool TryParse(string? text, out PersonalNumber number, [NotNullWhen(false)] out string? error)
    {
        number = default;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "Ange personnummer.";
            return false;
        }
        var digits = string.Concat(trimmed.Where(c => c is not ('-' or '+' or ' ')));
        if (!digits.All(char.IsAsciiDigit) || digits.Length != 12)
        {
            error = digits.Length == 10 && digits.All(char.IsAsciiDigit)
                ? "Ange personnumret med 12 siffror, med århundradet först (ÅÅÅÅMMDD-NNNN)."
                : $"Personnumret '{trimmed}' ska bestå av 12 siffror, till exempel 19811218-9876.";
            return false;
        }
        if (!IsDate(digits))
        {
            error = $"Personnumret {digits[..8]}-{digits[8..]} är inte giltigt: {digits[..8]} är inget datum.";
            return false;
        }
        if (OrganisationNumber.CheckDigit(digits.AsSpan(2, 9)) != digits[11] - '0')
        {
            error = $"Personnumret {digits[..8]}-{digits[8..]} är inte giltigt: kontrollsiffran stämmer inte.";
            return false;
        }
        number = new PersonalNumber(digits);
        error = null;
        return true;
    }

    /// <summary>The twelve digits of a valid number, or null (for comparing stored values with what BankID returns).</summary>
    public static string? DigitsOf(string? text) => TryParse(text, out var number, out _) ? number.Digits : null;

    // A samordningsnummer adds 60 to the day of birth.
    private static bool IsDate(string digits)
    {
        var year = int.Parse(digits.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = int.Parse(digits.AsSpan(4, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(digits.AsSpan(6, 2), CultureInfo.InvariantCulture);
        if (day > 60)
            day -= 60;
        return year >= 1800 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }
}
