using System.Text.RegularExpressions;

namespace Elsa.Kundportal.Activities.Domain;

/// <summary>An HSA-id: <c>SE</c>, the issuer's ten digits, a hyphen and a local part, e.g. <c>SE2321000016-15BK</c>; letters in any case (kept in upper case).</summary>
public static partial class HsaId
{
    [GeneratedRegex("^[Ss][Ee][0-9]{10}-[A-Za-z0-9]{1,20}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? text) => text is not null && Pattern().IsMatch(text.Trim());

    public static string Normalise(string text) => text.Trim().ToUpperInvariant();
}
