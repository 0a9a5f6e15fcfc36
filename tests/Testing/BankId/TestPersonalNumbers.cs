using System.Security.Cryptography;
using System.Text;

namespace Elsa.Kundportal.Testing.BankId;

/// <summary>Valid Swedish personnummer (twelve digits, real date, Luhn check digit) for test people, one per e-mail address.</summary>
public static class TestPersonalNumbers
{
    public static string For(string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(email));
        var nine = $"{50 + hash[0] % 50:D2}{1 + hash[1] % 12:D2}{1 + hash[2] % 28:D2}{hash[3] % 10}{hash[4] % 10}{hash[5] % 10}";
        return "19" + nine + CheckDigit(nine);
    }

    /// <summary>The same number written as people do: <c>ÅÅÅÅMMDD-NNNN</c>.</summary>
    public static string Written(string email) => For(email)[..8] + "-" + For(email)[8..];

    private static int CheckDigit(string nine)
    {
        var sum = 0;
        for (var i = 0; i < nine.Length; i++)
        {
            var product = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += product > 9 ? product - 9 : product;
        }
        return (10 - sum % 10) % 10;
    }
}
