using System.Diagnostics.CodeAnalysis;

namespace Elsa.Kundportal.Activities.Domain;

/// <summary>The roles of the process. Stored by their English names; shown by their Swedish ones.</summary>
public enum KundportalRole
{
    /// <summary>Administratör: manages organisation data, users, roles and invoicing details.</summary>
    Administrator,
    /// <summary>Beställare: orders (for an agent: handles orders at agent review).</summary>
    Orderer,
    /// <summary>Attestant: approves orders with BankID or an SMS one-time password.</summary>
    Attestant,
    /// <summary>Företrädare/Firmatecknare: signs agreements from the e-mailed link; no login.</summary>
    Signatory,
    /// <summary>Kontaktperson för avtalet: informed of changes to the customer agreement.</summary>
    AgreementContact,
    /// <summary>Handläggare agent: handles customers' orders for one service at an agent.</summary>
    AgentCaseOfficer,
    /// <summary>Inera handläggare: approves customer applications.</summary>
    IneraCaseOfficer,
}

public static class KundportalRoles
{
    private static readonly Dictionary<KundportalRole, string> Swedish = new()
    {
        [KundportalRole.Administrator] = "Administratör",
        [KundportalRole.Orderer] = "Beställare",
        [KundportalRole.Attestant] = "Attestant",
        [KundportalRole.Signatory] = "Företrädare/Firmatecknare",
        [KundportalRole.AgreementContact] = "Kontaktperson för avtalet",
        [KundportalRole.AgentCaseOfficer] = "Handläggare agent",
        [KundportalRole.IneraCaseOfficer] = "Inera handläggare",
    };

    public static string SwedishName(this KundportalRole role) => Swedish[role];

    /// <summary>Accepts the Swedish name ("Beställare") or the English one ("Orderer"), ignoring case.</summary>
    public static bool TryParse(string? text, out KundportalRole role)
    {
        var trimmed = text?.Trim() ?? "";
        foreach (var (candidate, name) in Swedish)
        {
            if (string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase) || string.Equals(candidate.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    public static KundportalRole Parse(string text) =>
        TryParse(text, out var role) ? role : throw new FormatException($"Okänd roll '{text}'. Roller: {string.Join(", ", Swedish.Values)}.");

    /// <summary>"Beställare och Attestant", "Beställare, Attestant och Handläggare agent".</summary>
    public static string JoinSwedish(IEnumerable<KundportalRole> roles) => JoinWords(roles.Select(SwedishName).ToList());

    /// <summary>"a, b och c" (or with another conjunction: "a eller b").</summary>
    [SuppressMessage("Style", "IDE0046", Justification = "Readable as branches.")]
    public static string JoinWords(IReadOnlyList<string> words, string conjunction = "och")
    {
        if (words.Count == 0)
            return "";
        if (words.Count == 1)
            return words[0];
        return $"{string.Join(", ", words.Take(words.Count - 1))} {conjunction} {words[^1]}";
    }
}
