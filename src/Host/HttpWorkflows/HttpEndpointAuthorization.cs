using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Workflows.Http;
using Microsoft.AspNetCore.Authorization;

namespace Elsa.Kundportal.Host.HttpWorkflows;

/// <summary>
/// Who may call an HTTP endpoint, from the endpoint's <c>authorize</c> and <c>policy</c> inputs: anonymous callers only
/// where the definition sets <c>authorize</c> to false and names no policy; otherwise an authenticated caller (API key or
/// sign-in) who satisfies the policy, if one is named.
/// </summary>
internal static class HttpEndpointAuthorization
{
    /// <summary>Null when the caller may go on; otherwise the answer (401, 403, or 500 for a policy this host lacks).</summary>
    public static async Task<IResult?> CheckAsync(HttpContext context, HttpEndpointSettings settings)
    {
        if (!settings.Authorize && settings.Policy is null)
            return null;
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            context.Response.Headers.WWWAuthenticate = $"{ApiKeyAuthenticationHandler.SchemeName} header=\"{ApiKeyAuthenticationHandler.HeaderName}\"";
            return TypedResults.Problem("This endpoint requires an authenticated caller.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.");
        }
        if (settings.Policy is not { } policyName)
            return null;
        var services = context.RequestServices;
        var policy = await services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(policyName);
        if (policy is null)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpEndpointAuthorization))
                .LogError("An HTTP endpoint names the authorisation policy {Policy}, which this host does not have", policyName);
            return TypedResults.Problem("The endpoint's authorisation policy is not configured on this host.", statusCode: StatusCodes.Status500InternalServerError, title: "Server misconfiguration.");
        }
        var result = await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, null, policy);
        return result.Succeeded ? null : TypedResults.Problem("The caller may not use this endpoint.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
    }
}
