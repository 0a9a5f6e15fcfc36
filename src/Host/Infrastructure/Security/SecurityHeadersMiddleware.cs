using Microsoft.Net.Http.Headers;

namespace Elsa.Kundportal.Host.Infrastructure.Security;

/// <summary>
/// Sets the security headers on every answer as it starts (error pages, static files and redirects included):
/// the Content-Security-Policy (the endpoint's own, see <see cref="ContentSecurityPolicyMetadata"/>, or the default),
/// <c>X-Content-Type-Options: nosniff</c>, <c>X-Frame-Options: DENY</c> for browsers without frame-ancestors, and
/// <c>Referrer-Policy: no-referrer</c> unless the answer chose another.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers.TryAdd("Referrer-Policy", "no-referrer");
            if (http.GetEndpoint()?.Metadata.GetMetadata<ContentSecurityPolicyMetadata>() is { } own)
                headers[HeaderNames.ContentSecurityPolicy] = own.Policy;
            else
                headers.TryAdd(HeaderNames.ContentSecurityPolicy, ContentSecurityPolicy.Default);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
