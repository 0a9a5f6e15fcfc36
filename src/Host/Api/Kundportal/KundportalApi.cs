using System.Security.Claims;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Kundportal;

public sealed record ApplicationCreated(Guid InstanceId, string Status, string SubStatus);

public sealed record OrderLineDto(long ItemNumber, string OfferingCode, string? CareUnitHsaId, string? CareUnitName);

public sealed record OrderDto(
    string CaseNumber, string ServiceCode, string OfferingCode, string Status, string OrderedBy, DateTimeOffset PlacedAt, decimal StartupFee,
    bool IsAdditionalOrder, Guid? WorkflowInstanceId, IReadOnlyList<OrderLineDto> Lines);

/// <summary>
/// The Kundportal API under <c>/api/kundportal</c>: applications (start the process), organisations (registered and
/// edited by Inera), their users and roles (the organisation's Administratör or Inera; assigning or removing a role
/// raises "roles changed"), and orders. Problem Details throughout; the same role rules as the pages.
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
        api.MapOrganisationsApi();
        api.MapRolesApi();
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

    /// <summary>A refused change as Problem Details: its field messages keyed by JSON path, with the status the rules gave.</summary>
    internal static ProblemHttpResult Refused(RoleChangeStatus status, IReadOnlyDictionary<string, string> errors, string title) =>
        ApiProblems.Validation(errors.ToDictionary(e => $"$.{e.Key}", e => new[] { e.Value }, StringComparer.Ordinal), status switch
        {
            RoleChangeStatus.Forbidden => StatusCodes.Status403Forbidden,
            RoleChangeStatus.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status422UnprocessableEntity,
        }, title);

    private static OrderDto ToDto(Order o) => new(o.CaseNumber, o.ServiceCode, o.OfferingCode, o.Status.ToString(), o.OrderedByEmail, o.PlacedAt, o.StartupFee,
        o.IsAdditionalOrder, o.WorkflowInstanceId, [.. o.Lines.OrderBy(l => l.ItemNumber).Select(l => new OrderLineDto(l.ItemNumber, l.OfferingCode, l.CareUnitHsaId, l.CareUnitName))]);
}
