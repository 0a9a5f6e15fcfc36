namespace Elsa.Kundportal.Host.Infrastructure.Security;

/// <summary>
/// The Content-Security-Policy of the host's answers. Every answer gets <see cref="Default"/>: nothing but the host's
/// own scripts, styles and images, no inline script or style, no framing. An endpoint that needs more says so with
/// <see cref="ContentSecurityPolicyExtensions.WithContentSecurityPolicy{TBuilder}"/> (endpoint metadata), e.g. the API
/// page, whose script is inline; an endpoint that writes the header itself keeps what it wrote.
/// </summary>
public static class ContentSecurityPolicy
{
    public const string Default =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>For third-party pages that set style attributes (Hangfire's dashboard): inline styles, still no inline script.</summary>
    public const string InlineStyles =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>For the API reference page (Scalar), which starts itself with an inline script and injects its styles.</summary>
    public const string ApiReference =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
}

/// <summary>Endpoint metadata: the policy this endpoint's answers carry instead of <see cref="ContentSecurityPolicy.Default"/>.</summary>
public sealed record ContentSecurityPolicyMetadata(string Policy);

public static class ContentSecurityPolicyExtensions
{
    /// <summary>
    /// Gives the endpoints their own Content-Security-Policy, e.g. <c>app.MapGet(...).WithContentSecurityPolicy("...; script-src 'self' 'wasm-unsafe-eval'; ...")</c>.
    /// Keep <c>frame-ancestors 'none'</c> and <c>object-src 'none'</c> in it.
    /// </summary>
    public static TBuilder WithContentSecurityPolicy<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policy);
        return builder.WithMetadata(new ContentSecurityPolicyMetadata(policy));
    }
}
