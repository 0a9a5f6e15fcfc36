using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Host.Infrastructure.Authentication;

internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public IReadOnlyList<ApiKeyOptions> Keys { get; set; } = [];
}

/// <summary>
/// Authenticates machines by the <c>X-Api-Key</c> header or, as Elsa's clients send it, <c>Authorization: ApiKey {key}</c>.
/// Keys are compared by their SHA-256 in constant time; the principal is named <c>apikey:{name}</c> and holds the key's
/// roles (none when none are configured).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>The scheme word of Elsa's <c>Authorization: ApiKey {key}</c>.</summary>
    public const string AuthorizationScheme = "ApiKey";

    /// <summary>The key a request presents, in either header.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var values) && !string.IsNullOrEmpty(values[0]))
            return values[0];
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(AuthorizationScheme + " ", StringComparison.OrdinalIgnoreCase)
            ? authorization[(AuthorizationScheme.Length + 1)..].Trim()
            : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presentedKey = PresentedKey(Request);
        if (string.IsNullOrEmpty(presentedKey))
            return Task.FromResult(AuthenticateResult.NoResult());

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        ApiKeyOptions? match = null;
        foreach (var key in Options.Keys)
        {
            // Every configured key is compared, so timing does not tell which one nearly matched.
            if (key.Key.Length > 0 && CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))))
                match = key;
        }
        if (match is null)
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));

        // A key has the roles it is given and no others: a key without roles authenticates but is allowed nothing.
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"apikey:{match.Name}"), .. match.Roles.Select(r => new Claim(ClaimTypes.Role, r))],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return Task.CompletedTask;
    }
}
