using System.Security.Claims;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Kundportal;

public sealed record RoleDto(string Role, string SwedishName, string? ServiceCode);

public sealed record UserRolesDto(string Email, string Name, string? Mobile, IReadOnlyList<RoleDto> Roles);

public sealed record RolesDto(OrganisationDto Organisation, IReadOnlyList<UserRolesDto> Users, IReadOnlyList<string> Missing);

public sealed record RoleAssignmentRequest(string? Email, string? Name, string? Mobile, string? Role, string? ServiceCode);

public sealed record RoleChange(int ResumedInstances, bool PasswordLinkSent = false);

/// <summary>
/// An organisation's users and roles: read, assigned and removed by its Administratör or Inera, by the domain's role
/// rules (<see cref="RoleChanges"/>). Someone added without a password is e-mailed a link to choose one.
/// </summary>
internal static class RolesApi
{
    public static RouteGroupBuilder MapRolesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/organisations/{number}/roles", GetRolesAsync).WithSummary("Users and roles, and which required roles nobody holds. Inera or the organisation's Administratör.");
        api.MapPost("/organisations/{number}/roles", AssignRoleAsync)
            .WithSummary("Adds the user if new and assigns the role; raises 'roles changed'. A known person's name and mobile change only by the person or an Administratör where they have roles (403 otherwise).");
        api.MapDelete("/organisations/{number}/roles", RevokeRoleAsync).WithSummary("Removes a role (email, role, serviceCode in the query); raises 'roles changed'.");
        return api;
    }

    private static async Task<Results<Ok<RolesDto>, ProblemHttpResult>> GetRolesAsync(string number, ClaimsPrincipal user, KundportalQueries queries, OrganisationRegistry registry, CancellationToken cancellationToken)
    {
        if (!OrganisationNumber.TryParse(number, out var parsed, out var error))
            return ApiProblems.Invalid("number", error);
        if (!user.Actor().Manages(parsed.Digits))
            return TypedResults.Problem("Only Inera or the organisation's Administratör may see and manage its roles.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
        var overview = await queries.GetRolesAsync(parsed.Digits, cancellationToken: cancellationToken);
        var details = await registry.GetAsync(parsed.Digits, cancellationToken);
        if (overview is null || details is null)
            return ApiProblems.NotFound($"No organisation {parsed}.");
        return TypedResults.Ok(new RolesDto(OrganisationsApi.ToDto(details),
            [.. overview.Users.Select(u => new UserRolesDto(u.Email, u.Name, u.Mobile, [.. u.Roles.Select(r => new RoleDto(r.Role.ToString(), r.Role.SwedishName(), r.ServiceCode))]))],
            [.. overview.Missing.Select(r => r.SwedishName())]));
    }

    private static async Task<Results<Ok<RoleChange>, ProblemHttpResult>> AssignRoleAsync(
        string number, RoleAssignmentRequest request, ClaimsPrincipal user, RoleChanges roles, PortalSignIn accounts, PasswordLinks links, CancellationToken cancellationToken)
    {
        if (!KundportalRoles.TryParse(request.Role, out var role))
            return ApiProblems.Invalid("$.role", $"Unknown role '{request.Role}'.");
        var result = await roles.AddAsync(number, new PersonDetails(request.Email, request.Name, request.Mobile), role, request.ServiceCode, user.Actor(), cancellationToken);
        if (!result.Done)
            return KundportalApi.Refused(result.Status, result.Errors, "The role was not assigned; nothing changed.");
        var linkSent = await SendPasswordLinkIfNeededAsync(request.Email!, accounts, links, cancellationToken);
        return TypedResults.Ok(new RoleChange(result.ResumedInstances, linkSent));
    }

    private static async Task<Results<Ok<RoleChange>, ProblemHttpResult>> RevokeRoleAsync(
        string number, string? email, string? role, string? serviceCode, ClaimsPrincipal user, RoleChanges roles, CancellationToken cancellationToken)
    {
        if (!KundportalRoles.TryParse(role, out var parsed))
            return ApiProblems.Invalid("role", $"Unknown role '{role}'.");
        var result = await roles.RemoveAsync(number, email, parsed, serviceCode, user.Actor(), cancellationToken);
        return result.Done ? TypedResults.Ok(new RoleChange(result.ResumedInstances)) : KundportalApi.Refused(result.Status, result.Errors, "The role was not removed.");
    }

    /// <summary>Nobody sets or knows another person's password: someone without one gets the e-mail to choose it.</summary>
    internal static async Task<bool> SendPasswordLinkIfNeededAsync(string email, PortalSignIn accounts, PasswordLinks links, CancellationToken cancellationToken)
    {
        if (await accounts.HasPasswordAsync(email))
            return false;
        await links.RequestAsync(email, returnUrl: null, cancellationToken);
        return true;
    }
}
