using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>Who may use the operations dashboard: Inera's Drift (operations) and staff.</summary>
internal static class OperationsAuthorization
{
    /// <summary>The role held by Inera's Drift (operations) and Kundservice.</summary>
    public const string OperationsRole = "Operations";
    public const string Policy = "Operations";

    public static IServiceCollection AddOperationsPolicy(this IServiceCollection services) =>
        services.Configure<AuthorizationOptions>(o => o.AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(KundportalAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(KundportalRoles.Staff, OperationsRole)));
}
