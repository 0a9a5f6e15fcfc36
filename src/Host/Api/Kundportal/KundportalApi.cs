using System.Security.Claims;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Kundportal;

public sealed record ApplicationCreated(Guid InstanceId, string Status, string SubStatus);

public sealed record OrganisationDto(string OrganisationNumber, string Name, string Kind, bool HasCustomerAgreement);

public sealed record RoleDto(string Role, string SwedishName, string? ServiceCode);

public sealed record UserRolesDto(string Email, string Name, string? Mobile, IReadOnlyList<RoleDto> Roles);

public sealed record RolesDto(OrganisationDto Organisation, IReadOnlyList<UserRolesDto> Users, IReadOnlyList<string> Missing);

public sealed record RoleAssignmentRequest(string? Email, string? Name, string? Mobile, string? Role, string? ServiceCode);

public sealed record RoleChange(int ResumedInstances);

public sealed record OrderLineDto(long ItemNumber, string OfferingCode, string? CareUnitHsaId, string? CareUnitName);

public sealed record OrderDto(
    string CaseNumber, string ServiceCode, string OfferingCode, string Status, string OrderedBy, DateTimeOffset PlacedAt, decimal StartupFee,
    bool IsAdditionalOrder, Guid? WorkflowInstanceId, IReadOnlyList<OrderLineDto> Lines);

/// <summary>
/// The Kundportal API under <c>/api/kundportal</c>: applications (start the process), organisations, their users and roles
/// (assigning or removing a role raises "roles changed"), and orders. Problem Details throughout; reading needs staff,
/// roles may also be managed by the organisation's Administratör.
/// </summary>
internal static class KundportalApi
{
    public const string Prefix = "/api/kundportal";

    public static WebApplication MapKundportalApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix).WithTags("Kundportal").RequireAuthorization();
        api.MapPost("/applications", SubmitApplicationAsync).WithSummary("Submits a customer application (kundansökan) and starts the process. 422 with field errors. "
            + $"Sent again with the same {IdempotencyKeys.Header} (or, without one, the same application while its process runs) it answers with the process it started, "
            + $"marked {IdempotencyKeys.ReplayedHeader}: true.");
        api.MapGet("/organisations/{number}", GetOrganisationAsync).RequireAuthorization(KundportalAuthentication.StaffPolicy);
        api.MapGet("/organisations/{number}/roles", GetRolesAsync).WithSummary("Users and roles, and which required roles nobody holds. Staff or the organisation's Administratör.");
        api.MapPost("/organisations/{number}/roles", AssignRoleAsync).WithSummary("Adds the user if new and assigns the role; raises 'roles changed'.");
        api.MapDelete("/organisations/{number}/roles", RevokeRoleAsync).WithSummary("Removes a role (email, role, serviceCode in the query); raises 'roles changed'.");
        api.MapGet("/organisations/{number}/orders", ListOrdersAsync).RequireAuthorization(KundportalAuthentication.StaffPolicy);
        api.MapGet("/orders/{caseNumber}", GetOrderAsync).RequireAuthorization(KundportalAuthentication.StaffPolicy);
        return app;
    }

    private static async Task<Results<Created<ApplicationCreated>, ProblemHttpResult>> SubmitApplicationAsync(
        AgentOrderStart request, ClaimsPrincipal user, HttpContext http, AgentOrderProcess process, CancellationToken cancellationToken)
    {
        var (key, invalidKey) = IdempotencyKeys.Read(http.Request);
        if (invalidKey is not null)
            return invalidKey;
        var result = await process.StartAsync(request, user.ActorName(), idempotencyKey: key, cancellationToken: cancellationToken);
        if (!result.Started)
        {
            var errors = result.FieldErrors.ToDictionary(e => $"$.{e.Key}", e => new[] { e.Value }, StringComparer.Ordinal);
            if (errors.Count == 0)
                errors["$"] = [result.Message ?? "The application was not accepted."];
            return ApiProblems.Validation(errors, StatusCodes.Status422UnprocessableEntity, "The application was not accepted; nothing started.");
        }
        var step = result.Step!;
        IdempotencyKeys.MarkReplayed(http.Response, step);
        return TypedResults.Created($"/elsa/api/workflow-instances/{step.InstanceId}", new ApplicationCreated(step.InstanceId, step.Status, step.SubStatus));
    }

    private static async Task<Results<Ok<OrganisationDto>, ProblemHttpResult>> GetOrganisationAsync(string number, KundportalQueries queries, CancellationToken cancellationToken)
    {
        if (!OrganisationNumber.TryParse(number, out var parsed, out var error))
            return ApiProblems.Invalid("number", error);
        var organisation = await queries.FindOrganisationAsync(parsed.Digits, cancellationToken);
        return organisation is null ? ApiProblems.NotFound($"No organisation {parsed}.") : TypedResults.Ok(ToDto(organisation));
    }

    private static async Task<Results<Ok<RolesDto>, ProblemHttpResult>> GetRolesAsync(string number, ClaimsPrincipal user, KundportalQueries queries, CancellationToken cancellationToken)
    {
        if (Refuse(number, user, out var digits) is { } refusal)
            return refusal;
        var overview = await queries.GetRolesAsync(digits, cancellationToken: cancellationToken);
        if (overview is null)
            return ApiProblems.NotFound($"No organisation {OrganisationNumber.Parse(digits)}.");
        return TypedResults.Ok(new RolesDto(ToDto(overview.Organisation),
            [.. overview.Users.Select(u => new UserRolesDto(u.Email, u.Name, u.Mobile, [.. u.Roles.Select(r => new RoleDto(r.Role.ToString(), r.Role.SwedishName(), r.ServiceCode))]))],
            [.. overview.Missing.Select(r => r.SwedishName())]));
    }

    private static async Task<Results<Ok<RoleChange>, ProblemHttpResult>> AssignRoleAsync(
        string number, RoleAssignmentRequest request, ClaimsPrincipal user, RoleAdministration roles, CancellationToken cancellationToken)
    {
        if (Refuse(number, user, out var digits) is { } refusal)
            return refusal;
        if (string.IsNullOrWhiteSpace(request.Email))
            return ApiProblems.Invalid("$.email", "The e-mail is required.");
        if (!Elsa.Kundportal.Activities.Domain.KundportalRoles.TryParse(request.Role, out var role))
            return ApiProblems.Invalid("$.role", $"Unknown role '{request.Role}'.");
        try
        {
            if (!string.IsNullOrWhiteSpace(request.Name))
                await roles.SaveUserAsync(request.Email, request.Name, request.Mobile, cancellationToken);
            return TypedResults.Ok(new RoleChange(await roles.AssignRoleAsync(digits, request.Email, role, user.ActorName(), request.ServiceCode, cancellationToken)));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.Invalid($"$.{e.ParamName switch { "serviceCode" => "serviceCode", "email" => "email", "name" => "name", _ => "role" }}", e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static async Task<Results<Ok<RoleChange>, ProblemHttpResult>> RevokeRoleAsync(
        string number, string? email, string? role, string? serviceCode, ClaimsPrincipal user, RoleAdministration roles, CancellationToken cancellationToken)
    {
        if (Refuse(number, user, out var digits) is { } refusal)
            return refusal;
        if (string.IsNullOrWhiteSpace(email))
            return ApiProblems.Invalid("email", "The e-mail is required.");
        if (!Elsa.Kundportal.Activities.Domain.KundportalRoles.TryParse(role, out var parsed))
            return ApiProblems.Invalid("role", $"Unknown role '{role}'.");
        return TypedResults.Ok(new RoleChange(await roles.RevokeRoleAsync(digits, email, parsed, user.ActorName(), serviceCode, cancellationToken)));
    }

    private static async Task<Results<Ok<IReadOnlyList<OrderDto>>, ProblemHttpResult>> ListOrdersAsync(string number, KundportalQueries queries, CancellationToken cancellationToken)
    {
        if (!OrganisationNumber.TryParse(number, out var parsed, out var error))
            return ApiProblems.Invalid("number", error);
        var orders = await queries.ListOrdersAsync(parsed.Digits, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<OrderDto>>([.. orders.Select(ToDto)]);
    }

    private static async Task<Results<Ok<OrderDto>, ProblemHttpResult>> GetOrderAsync(string caseNumber, KundportalQueries queries, CancellationToken cancellationToken)
    {
        var order = await queries.FindOrderAsync(caseNumber, cancellationToken);
        return order is null ? ApiProblems.NotFound($"No order {caseNumber}.") : TypedResults.Ok(ToDto(order));
    }

    /// <summary>Staff, or the organisation's own Administratör; otherwise 403. A malformed number is 400.</summary>
    private static ProblemHttpResult? Refuse(string number, ClaimsPrincipal user, out string digits)
    {
        digits = "";
        if (!OrganisationNumber.TryParse(number, out var parsed, out var error))
            return ApiProblems.Invalid("number", error);
        digits = parsed.Digits;
        if (user.IsInRole(Infrastructure.Authentication.KundportalRoles.Staff) || user.HasRole(digits, KundportalRole.Administrator))
            return null;
        return TypedResults.Problem("Only staff or the organisation's Administratör may manage its roles.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
    }

    private static OrganisationDto ToDto(Organisation o) => new(OrganisationNumber.Parse(o.OrganisationNumber).ToString(), o.Name, o.Kind.ToString(), o.HasCustomerAgreement);

    private static OrderDto ToDto(Order o) => new(o.CaseNumber, o.ServiceCode, o.OfferingCode, o.Status.ToString(), o.OrderedByEmail, o.PlacedAt, o.StartupFee,
        o.IsAdditionalOrder, o.WorkflowInstanceId, [.. o.Lines.OrderBy(l => l.ItemNumber).Select(l => new OrderLineDto(l.ItemNumber, l.OfferingCode, l.CareUnitHsaId, l.CareUnitName))]);
}
