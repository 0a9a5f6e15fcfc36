using System.Security.Claims;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Bookmarks;

internal sealed record ResumeBookmarkRequest(string? Token, JsonNode? Input);

/// <summary>The step a resume ran: where the instance stands now, who resumed it, and the link tokens the step issued for tasks addressed to no one (returned once; people get theirs by e-mail).</summary>
internal sealed record ResumedStep(
    Guid InstanceId, Guid BookmarkId, string Status, string SubStatus, DateTimeOffset? HandledAt, string? HandledBy, IReadOnlyList<IssuedToken> IssuedTokens);

/// <summary>Resuming bookmarks by token, for machines.</summary>
internal static class BookmarksApi
{
    public static IEndpointRouteBuilder MapBookmarksApi(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/bookmarks").WithTags("Bookmarks")
            .MapPost("/resume", ResumeAsync)
            .WithSummary("Resumes the bookmark a link token addresses. 404 unknown token; 410 already handled (with who and when) or expired; "
                + "409 instance not running; 422 input rejected (with field errors).");
        return api;
    }

    private static async Task<Results<Ok<ResumedStep>, ProblemHttpResult>> ResumeAsync(
        ResumeBookmarkRequest request, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Token))
            return ApiProblems.Invalid("$.token", "The link token is required.");
        // A machine answers on behalf of the recipient, as the scheduler does; people answer through their task pages.
        var result = await runtime.ResumeAsync(
            BookmarkAddress.ByToken(request.Token.Trim()),
            new ResumeRequest(user.ActorName()) { Input = request.Input, EnforceRecipient = false },
            cancellationToken);

        return result.Outcome switch
        {
            ResumeOutcome.Resumed => TypedResults.Ok(new ResumedStep(
                result.InstanceId!.Value, result.BookmarkId!.Value, result.Step!.Status, result.Step.SubStatus, result.HandledAt, result.HandledBy,
                [.. result.Step.IssuedTokens.Where(t => t.Recipient is null)])),
            ResumeOutcome.NotFound => ApiProblems.NotFound("No bookmark has this token."),
            ResumeOutcome.AlreadyHandled => Gone("Already handled.", result,
                $"The bookmark was already {result.HandledHow?.ToLowerInvariant()} at {result.HandledAt:u} by {result.HandledBy}."),
            ResumeOutcome.Expired => Gone("Expired.", result, $"The bookmark expired at {result.HandledAt:u}."),
            ResumeOutcome.WrongRecipient => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden."),
            ResumeOutcome.InstanceNotRunning => ApiProblems.Conflict(result.Message ?? "The instance is not running."),
            ResumeOutcome.InputRejected => InputRejected(result),
            _ => throw new InvalidOperationException($"Unexpected resume outcome {result.Outcome}."),
        };
    }

    private static ProblemHttpResult Gone(string title, ResumeResult result, string detail)
    {
        var problem = TypedResults.Problem(detail, statusCode: StatusCodes.Status410Gone, title: title);
        var extensions = problem.ProblemDetails.Extensions;
        extensions["instanceId"] = result.InstanceId;
        extensions["handledAt"] = result.HandledAt;
        if (result.Outcome == ResumeOutcome.AlreadyHandled)
        {
            extensions["handledBy"] = result.HandledBy;
            extensions["handledHow"] = result.HandledHow;
        }
        return problem;
    }

    private static ProblemHttpResult InputRejected(ResumeResult result)
    {
        var errors = (result.FieldErrors ?? new Dictionary<string, string>())
            .ToDictionary(e => $"$.input.{e.Key}", e => new[] { e.Value }, StringComparer.Ordinal);
        if (errors.Count == 0)
            errors["$.input"] = [result.Message ?? "The input was rejected."];
        var problem = ApiProblems.Validation(errors, StatusCodes.Status422UnprocessableEntity, "The input was rejected; nothing changed.");
        problem.ProblemDetails.Detail = result.Message;
        return problem;
    }
}
