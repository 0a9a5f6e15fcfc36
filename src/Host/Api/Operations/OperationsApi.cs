using System.Security.Claims;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Host.Operations;
using Elsa.Kundportal.Workflows.Retention;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Operations;

internal sealed record ReasonRequest(string? Reason);

internal sealed record MigrateRequest(int TargetVersion, bool DryRun, string? Reason);

internal sealed record BulkRequest(string Action, string? Reason, InstanceFilter Filter);

/// <summary>
/// The answer to an action; <see cref="Plan"/> is set for a migration, <see cref="Token"/> when a link addressed to no one
/// was replaced (its only copy: the host keeps only its hash).
/// </summary>
internal sealed record ActionResponse(string Message, MigrationPlan? Plan)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }
}

/// <summary>The operations dashboard's data and actions as JSON, for Drift (operations) and staff.</summary>
internal static class OperationsApi
{
    public const string Prefix = "/api/operations";

    public static RouteGroupBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(OperationsAuthorization.Policy).WithTags("Operations");
        api.MapGet("/overview", OverviewAsync)
            .WithSummary("Running instances by step for each definition version (count, oldest and median wait), what needs attention, and throughput per day.");
        api.MapGet("/instances", ListAsync)
            .WithSummary("Instances newest first, filtered; keyset paging: pass the answer's next as after.");
        api.MapGet("/instances/{id:guid}", GetAsync)
            .WithSummary("One instance: order, organisation, journal, links, e-mails and incidents.");
        api.MapPost("/instances/{id:guid}/cancel", CancelAsync).WithSummary("Cancels the instance; the reason and the operator are journalled.");
        api.MapPost("/instances/{id:guid}/retry", RetryAsync).WithSummary("Retries the open incident; the reason and the operator are journalled.");
        api.MapPost("/instances/{id:guid}/migrate", MigrateAsync)
            .WithSummary("Plans (dryRun) or performs moving the instance to another published version; refuses plans that re-run completed steps.");
        api.MapPost("/bookmarks/{id:guid}/resend", ResendAsync)
            .WithSummary("Sends the link's recipient a new link; the old link stops working. A link addressed to no one is mailed to nobody: "
                + "the answer's token is the new link's only copy.");
        api.MapPost("/instances/bulk", BulkAsync)
            .WithSummary($"Cancels or retries every instance the filter selects (at most {OperationsActions.MaxBulk}).");
        api.MapGet("/retention", RetentionAsync).WithSummary("What the next retention run would erase.");
        api.MapVersionMigrationApi();
        return api;
    }

    private static async Task<Ok<OperationsOverview>> OverviewAsync(OperationsQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.OverviewAsync(cancellationToken));

    private static async Task<Results<Ok<InstancePage>, ProblemHttpResult>> ListAsync(OperationsQueries queries, CancellationToken cancellationToken,
        string? definitionId = null, int? version = null, string? status = null, string? step = null, string? organisation = null,
        string? correlationId = null, int? waitingDays = null, DateOnly? startedFrom = null, DateOnly? startedTo = null,
        string? attention = null, string? after = null, int pageSize = 50)
    {
        if (status is not null && !InstanceStatusFilter.All.Contains(status))
            return ApiProblems.Invalid("status", $"Use one of: {string.Join(", ", InstanceStatusFilter.All)}.");
        if (attention is not null && !AttentionKeys.All.Contains(attention))
            return ApiProblems.Invalid("attention", $"Use one of: {string.Join(", ", AttentionKeys.All)}.");
        if (pageSize is < 1 or > OperationsQueries.MaxPageSize)
            return ApiProblems.Invalid("pageSize", $"The page size is between 1 and {OperationsQueries.MaxPageSize}.");
        if (waitingDays < 0)
            return ApiProblems.Invalid("waitingDays", "Give a number of days, 0 or more.");
        var filter = new InstanceFilter
        {
            DefinitionId = definitionId, Version = version, Status = status, Step = step, Organisation = organisation, CorrelationId = correlationId,
            WaitingDays = waitingDays, StartedFrom = startedFrom, StartedTo = startedTo, Attention = attention, After = after, PageSize = pageSize,
        };
        return TypedResults.Ok(await queries.ListAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> GetAsync(Guid id, OperationsQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken) is { } view ? TypedResults.Ok(view) : ApiProblems.NotFound($"There is no workflow instance {id}.");

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult>> CancelAsync(Guid id, ReasonRequest request, ClaimsPrincipal user,
        OperationsActions actions, CancellationToken cancellationToken) =>
        Answer(await actions.CancelAsync(id, request.Reason, user.ActorName(), cancellationToken));

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult>> RetryAsync(Guid id, ReasonRequest request, ClaimsPrincipal user,
        OperationsActions actions, CancellationToken cancellationToken) =>
        Answer(await actions.RetryAsync(id, request.Reason, user.ActorName(), cancellationToken));

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult>> ResendAsync(Guid id, ReasonRequest request, ClaimsPrincipal user,
        OperationsActions actions, CancellationToken cancellationToken) =>
        Answer(await actions.ResendLinkAsync(id, request.Reason, user.ActorName(), cancellationToken));

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult>> MigrateAsync(Guid id, MigrateRequest request, ClaimsPrincipal user,
        OperationsActions actions, CancellationToken cancellationToken)
    {
        var result = await actions.MigrateAsync(id, request.TargetVersion, request.DryRun, request.Reason, user.ActorName(), cancellationToken);
        if (result.Plan is { } plan)
        {
            // A refused plan is an answer, not an error: it says which waiting step maps where and why not.
            return plan.Allowed || request.DryRun
                ? TypedResults.Ok(new ActionResponse(result.Message, plan))
                : ApiProblems.Conflict($"{result.Message} {string.Join(" ", plan.Problems)}");
        }
        return Answer(result);
    }

    private static async Task<Results<Ok<BulkResult>, ProblemHttpResult>> BulkAsync(BulkRequest request, ClaimsPrincipal user,
        OperationsActions actions, CancellationToken cancellationToken)
    {
        var (result, error) = await actions.BulkAsync(request.Filter with { After = null }, request.Action, request.Reason, user.ActorName(), cancellationToken);
        return result is not null ? TypedResults.Ok(result) : ApiProblems.Invalid("$.reason", error!);
    }

    private static async Task<Ok<RetentionPreview>> RetentionAsync(RetentionService retention, CancellationToken cancellationToken) =>
        TypedResults.Ok(await retention.PreviewAsync(cancellationToken));

    private static Results<Ok<ActionResponse>, ProblemHttpResult> Answer(ActionResult result) => result.Problem switch
    {
        _ when result.Done => TypedResults.Ok(new ActionResponse(result.Message, result.Plan) { Token = result.Token }),
        ActionProblem.Invalid => ApiProblems.Invalid(result.Message.StartsWith("Version", StringComparison.Ordinal) ? "$.targetVersion" : "$.reason", result.Message),
        ActionProblem.NotFound => ApiProblems.NotFound(result.Message),
        _ => ApiProblems.Conflict(result.Message),
    };
}
