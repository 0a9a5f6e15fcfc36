using System.Security.Claims;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Kundportal;

public sealed record OrganisationDto(string OrganisationNumber, string Name, string Kind, bool HasCustomerAgreement, IReadOnlyList<string> AgentServices, int Administrators);

public sealed record PersonRequest(string? Email, string? Name, string? Mobile);

/// <summary>
/// An organisation as Inera registers (<c>POST</c>) or edits (<c>PUT</c>) it. <c>kind</c> is <c>Customer</c> or
/// <c>Agent</c> (or kund/agent); <c>agentServices</c> are the agent's agentuppdrag (service codes); <c>administrator</c>
/// (only when registering) is its first Administratör, who is e-mailed a link to choose a password.
/// </summary>
public sealed record OrganisationRequest(
    string? OrganisationNumber, string? Name, string? Kind, bool HasCustomerAgreement, IReadOnlyList<string>? AgentServices, PersonRequest? Administrator);

/// <summary>Inera's register of organisations (<see cref="OrganisationRegistry"/>): for Inera's staff.</summary>
internal static class OrganisationsApi
{
    public static RouteGroupBuilder MapOrganisationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/organisations", ListAsync).RequireAuthorization(KundportalAuthentication.StaffPolicy).WithSummary("Every organisation, with its agentuppdrag.");
        api.MapPost("/organisations", RegisterAsync).RequireAuthorization(KundportalAuthentication.StaffPolicy)
            .WithSummary("Registers an agent or a customer and its first Administratör (who gets the password-link e-mail). 422 with field errors; nothing is registered then.");
        api.MapGet("/organisations/{number}", GetAsync).RequireAuthorization(KundportalAuthentication.StaffPolicy);
        api.MapPut("/organisations/{number}", UpdateAsync).RequireAuthorization(KundportalAuthentication.StaffPolicy)
            .WithSummary("Changes number, name, kind, kundavtal and agentuppdrag.");
        return api;
    }

    internal static OrganisationDto ToDto(OrganisationDetails d) =>
        new(OrganisationNumber.Parse(d.Organisation.OrganisationNumber).ToString(), d.Organisation.Name, d.Organisation.Kind.ToString(),
            d.Organisation.HasCustomerAgreement, d.AgentServices, d.Administrators);

    private static async Task<Ok<IReadOnlyList<OrganisationDto>>> ListAsync(OrganisationRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<OrganisationDto>>([.. (await registry.ListAsync(cancellationToken)).Select(ToDto)]);

    private static async Task<Results<Ok<OrganisationDto>, ProblemHttpResult>> GetAsync(string number, OrganisationRegistry registry, CancellationToken cancellationToken)
    {
        if (!OrganisationNumber.TryParse(number, out var parsed, out var error))
            return ApiProblems.Invalid("number", error);
        return await registry.GetAsync(parsed.Digits, cancellationToken) is { } details ? TypedResults.Ok(ToDto(details)) : ApiProblems.NotFound($"No organisation {parsed}.");
    }

    private static async Task<Results<Created<OrganisationDto>, ProblemHttpResult>> RegisterAsync(
        OrganisationRequest request, ClaimsPrincipal user, OrganisationRegistry registry, PortalSignIn accounts, PasswordLinks links, CancellationToken cancellationToken)
    {
        if (Change(request) is not { } change)
            return ApiProblems.Invalid("$.kind", $"Unknown kind '{request.Kind}': use Customer or Agent.");
        var administrator = request.Administrator is { } a ? new PersonDetails(a.Email, a.Name, a.Mobile) : null;
        var result = await registry.RegisterAsync(change, administrator, user.Actor(), cancellationToken);
        if (!result.Done)
            return KundportalApi.Refused(result.Status, result.Errors, "The organisation was not registered; nothing changed.");
        if (administrator is not null)
            await RolesApi.SendPasswordLinkIfNeededAsync(administrator.Email!, accounts, links, cancellationToken);
        var dto = ToDto(result.Details!);
        return TypedResults.Created($"{KundportalApi.Prefix}/organisations/{result.Details!.Organisation.OrganisationNumber}", dto);
    }

    private static async Task<Results<Ok<OrganisationDto>, ProblemHttpResult>> UpdateAsync(
        string number, OrganisationRequest request, ClaimsPrincipal user, OrganisationRegistry registry, CancellationToken cancellationToken)
    {
        if (Change(request) is not { } change)
            return ApiProblems.Invalid("$.kind", $"Unknown kind '{request.Kind}': use Customer or Agent.");
        var result = await registry.UpdateAsync(number, change, user.Actor(), cancellationToken);
        return result.Done ? TypedResults.Ok(ToDto(result.Details!)) : KundportalApi.Refused(result.Status, result.Errors, "The organisation was not changed.");
    }

    private static OrganisationChange? Change(OrganisationRequest request)
    {
        OrganisationKind? kind = request.Kind?.Trim().ToUpperInvariant() switch
        {
            null or "" => null,
            "CUSTOMER" or "KUND" => OrganisationKind.Customer,
            "AGENT" => OrganisationKind.Agent,
            _ => (OrganisationKind)(-1),
        };
        return kind == (OrganisationKind)(-1)
            ? null
            : new OrganisationChange(request.OrganisationNumber, request.Name, kind, request.HasCustomerAgreement, request.AgentServices ?? []);
    }
}
