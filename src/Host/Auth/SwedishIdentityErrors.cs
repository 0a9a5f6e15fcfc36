using Microsoft.AspNetCore.Identity;

namespace Elsa.Kundportal.Host.Auth;

/// <summary>Identity's messages that reach people (password rules, a link that stopped working) in Swedish.</summary>
public sealed class SwedishIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"Lösenordet behöver minst {length} tecken.");

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "Lösenordet behöver minst en siffra (0–9).");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "Lösenordet behöver minst en liten bokstav (a–z).");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "Lösenordet behöver minst en stor bokstav (A–Z).");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), "Lösenordet behöver minst ett tecken som varken är en bokstav eller en siffra.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), $"Lösenordet behöver minst {uniqueChars} olika tecken.");

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "Länken gäller inte längre.");

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "Kontot ändrades samtidigt. Försök igen.");

    public override IdentityError DefaultError() => Error(nameof(DefaultError), "Något gick fel. Försök igen.");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
