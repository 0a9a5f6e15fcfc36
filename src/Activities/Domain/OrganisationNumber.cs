using System.Diagnostics.CodeAnalysis;

namespace Elsa.Kundportal.Activities.Domain;

/// <summary>
/// A Swedish organisationsnummer: ten digits, the last a Luhn check digit, written <c>NNNNNN-NNNN</c>.
/// Stored as the ten digits (<see cref="Digits"/>); parsing accepts the hyphen and surrounding spaces.
/// </summary>
public readonly record struct OrganisationNumber
{
    private OrganisationNumber(string digits) => Digits = digits;

    /// <summary>The ten digits without hyphen, as stored and used as correlation id.</summary>
    public string Digits { get; }

    public override string ToString() => Digits is null ? "" : $"{Digits[..6]}-{Digits[6..]}";

    public static OrganisationNumber Parse(string? text) =>
        TryParse(text, out var number, out var error) ? number : throw new FormatException(error);

    /// <summary>Parses and checks the number; <paramref name="error"/> is a Swedish message for the person who typed it.</summary>
    public static bool TryParse(string? text, out OrganisationNumber number, [NotNullWhen(false)] out string? error)
    {
        number = default;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "Ange organisationsnummer.";
            return false;
        }
        var digits = trimmed.Length == 11 && trimmed[6] == '-' ? string.Concat(trimmed.AsSpan(0, 6), trimmed.AsSpan(7)) : trimmed;
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            error = $"Organisationsnumret '{trimmed}' ska bestå av 10 siffror, till exempel 556559-4230.";
            return false;
        }
        if (CheckDigit(digits.AsSpan(0, 9)) != digits[9] - '0')
        {
            error = $"Organisationsnumret {digits[..6]}-{digits[6..]} är inte giltigt: kontrollsiffran stämmer inte.";
            return false;
        }
        number = new OrganisationNumber(digits);
        error = null;
        return true;
    }

    /// <summary>The Luhn (mod 10) check digit of nine digits, weights 2,1,2,1...</summary>
    public static int CheckDigit(ReadOnlySpan<char> nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < nineDigits.Length; i++)
        {
            var product = (nineDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += product > 9 ? product - 9 : product;
        }
        return (10 - (sum % 10)) % 10;
    }
}
