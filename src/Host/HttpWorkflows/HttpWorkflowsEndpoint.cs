using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Http;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Host.HttpWorkflows;

/// <summary>
/// <c>/workflows/{path}</c>, as Elsa's HTTP module serves it: a request whose path and method match the HTTP endpoint
/// that starts a published definition starts an instance there; one that matches an endpoint an instance waits at
/// resumes it, once. The answer is what the step's <c>WriteHttpResponse</c> wrote, after the step committed. Callers
/// name an instance with Elsa's <c>X-Correlation-ID</c> / <c>X-Workflow-Instance-ID</c> headers (or the query values
/// <c>correlationId</c> / <c>workflowInstanceId</c>) when several wait at the same endpoint.
/// </summary>
internal static class HttpWorkflowsEndpoint
{
    public const string Prefix = "/workflows";

    public static IServiceCollection AddHttpWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<HttpWorkflowRoutes>();
        services.Configure<HttpWorkflowsOptions>(configuration.GetSection(HttpWorkflowsOptions.Section));
        services.Configure<HttpActivityOptions>(configuration.GetSection(HttpWorkflowsOptions.Section));
        return services;
    }

    public static IEndpointConventionBuilder MapHttpWorkflows(this IEndpointRouteBuilder app) =>
        app.Map(Prefix + "/{**path}", HandleAsync).WithTags("HTTP workflows").ExcludeFromDescription();

    private static async Task HandleAsync(HttpContext context, string? path, HttpWorkflowRoutes routes, WorkflowRuntime runtime,
        WorkflowsDbContext db, IOptions<HttpWorkflowsOptions> options, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var method = request.Method.ToUpperInvariant();
        var snapshot = await routes.CurrentAsync(cancellationToken);
        var matches = snapshot.Match(HttpEndpointStimulus.NormalisePath(path));
        var byHash = new Dictionary<string, HttpRouteMatch>(StringComparer.Ordinal);
        foreach (var match in matches)
            byHash.TryAdd(HttpEndpointStimulus.Hash(match.Template, method), match);
        var correlationId = HttpWorkflowRequest.CorrelationId(request);
        var instanceText = HttpWorkflowRequest.InstanceId(request);
        Guid? instanceId = Guid.TryParse(instanceText, out var parsed) ? parsed : null;

        var triggers = instanceText is null
            ? snapshot.Triggers.Where(t => t.Settings.Methods.Contains(method) && byHash.ContainsKey(HttpEndpointStimulus.Hash(t.Settings.Path, method))).ToList()
            : [];
        if (triggers.Select(t => t.DefinitionId).Distinct().Count() > 1)
        {
            await HttpWorkflowResponse.Problem(StatusCodes.Status500InternalServerError, "Ambiguous.",
                $"{method} {request.Path} starts more than one published workflow: {string.Join(", ", triggers.Select(t => t.DefinitionId).Distinct())}.").ExecuteAsync(context);
            return;
        }
        if (triggers.FirstOrDefault() is { } trigger)
        {
            var route = byHash[HttpEndpointStimulus.Hash(trigger.Settings.Path, method)];
            var (input, problem) = await AdmitAsync(context, trigger.Settings, route, options.Value, cancellationToken);
            await (problem is not null ? problem.ExecuteAsync(context) : StartAsync(context, runtime, trigger, input!, correlationId, cancellationToken));
            return;
        }

        var hashes = byHash.Keys.ToList();
        var waiting = instanceText is not null && instanceId is null ? [] : await HttpWorkflowBookmarks.FindWaitingAsync(db, hashes, correlationId, instanceId, cancellationToken);
        if (waiting.Select(b => b.InstanceId).Distinct().Count() > 1)
        {
            await HttpWorkflowResponse.Problem(StatusCodes.Status409Conflict, "Ambiguous.",
                $"Several workflows wait for {method} {request.Path}; name one with the X-Correlation-ID or X-Workflow-Instance-ID header.").ExecuteAsync(context);
            return;
        }
        if (waiting.OrderBy(b => IndexOf(matches, byHash[b.StimulusHash])).FirstOrDefault() is { } bookmark)
        {
            var (input, problem) = await AdmitAsync(context, bookmark.Settings, byHash[bookmark.StimulusHash], options.Value, cancellationToken);
            await (problem is not null ? problem.ExecuteAsync(context) : ResumeAsync(context, runtime, bookmark, input!, cancellationToken));
            return;
        }

        // Nothing waits. A request that already resumed its workflow (or whose workflow stopped waiting) is told so.
        var named = correlationId is not null || instanceId is not null;
        var handled = await HttpWorkflowBookmarks.FindHandledAsync(db, named ? hashes : [HttpEndpointStimulus.Hash(matches[0].Template, method)], correlationId, instanceId, cancellationToken);
        IResult answer = handled is not null
            ? Gone(handled.Status, handled.ResolvedAt, handled.InstanceId)
            : HttpWorkflowResponse.Problem(StatusCodes.Status404NotFound, "Not found.", $"No workflow starts with or waits for {method} {request.Path}.");
        await answer.ExecuteAsync(context);
    }

    private static int IndexOf(IReadOnlyList<HttpRouteMatch> matches, HttpRouteMatch match) => matches.ToList().IndexOf(match);

    private static async Task<(JsonObject? Input, IResult? Problem)> AdmitAsync(HttpContext context, HttpEndpointSettings settings, HttpRouteMatch route,
        HttpWorkflowsOptions options, CancellationToken cancellationToken)
    {
        if (await HttpEndpointAuthorization.CheckAsync(context, settings) is { } refused)
            return (null, refused);
        return await HttpWorkflowRequest.ReadAsync(context, route, settings.RequestSizeLimit ?? options.MaxRequestBodySize, cancellationToken);
    }

    /// <summary>
    /// Starts the workflow at its trigger. With an <c>Idempotency-Key</c> header a repeated request (same key, same caller)
    /// starts nothing: the answer of the first one was written then and is not kept, so the repeat gets a 409 naming the
    /// instance it started.
    /// </summary>
    private static async Task StartAsync(HttpContext context, WorkflowRuntime runtime, HttpTrigger trigger, JsonObject input, string? correlationId, CancellationToken cancellationToken)
    {
        var (key, invalidKey) = Api.IdempotencyKeys.Read(context.Request);
        if (invalidKey is not null)
        {
            await invalidKey.ExecuteAsync(context);
            return;
        }
        StepResult step;
        try
        {
            step = await runtime.StartAsync(new StartWorkflowRequest(trigger.DefinitionId)
            {
                Version = trigger.Version,
                TriggerActivityId = trigger.ActivityId,
                TriggerInput = input,
                CorrelationId = correlationId,
                Actor = context.User.ActorName(),
                IdempotencyKey = key,
            }, cancellationToken);
        }
        catch (DefinitionNotFoundException)
        {
            await HttpWorkflowResponse.Problem(StatusCodes.Status404NotFound, "Not found.", "The workflow this request starts is no longer published.").ExecuteAsync(context);
            return;
        }
        catch (InputRejectedException rejected)
        {
            await HttpWorkflowResponse.Problem(StatusCodes.Status422UnprocessableEntity, "The request was rejected.", rejected.Message).ExecuteAsync(context);
            return;
        }
        if (step.Replayed)
        {
            Api.IdempotencyKeys.MarkReplayed(context.Response, step);
            await HttpWorkflowResponse.Problem(StatusCodes.Status409Conflict, "Already started.",
                $"A request with this {Api.IdempotencyKeys.Header} already started workflow instance {step.InstanceId}; its answer was given then.", step.InstanceId).ExecuteAsync(context);
            return;
        }
        await HttpWorkflowResponse.WriteAsync(context, step);
    }

    private static async Task ResumeAsync(HttpContext context, WorkflowRuntime runtime, HttpBookmark bookmark, JsonObject input, CancellationToken cancellationToken)
    {
        var result = await runtime.ResumeAsync(BookmarkAddress.ById(bookmark.Id),
            new ResumeRequest(context.User.ActorName()) { Input = input, EnforceRecipient = false }, cancellationToken);
        IResult? answer = result.Outcome switch
        {
            ResumeOutcome.Resumed => null,
            ResumeOutcome.AlreadyHandled => Gone(result.HandledHow ?? BookmarkStatus.Resumed, result.HandledAt, bookmark.InstanceId),
            ResumeOutcome.Expired => HttpWorkflowResponse.Problem(StatusCodes.Status410Gone, "Expired.", $"The workflow stopped waiting for this request at {result.HandledAt:u}.", bookmark.InstanceId),
            ResumeOutcome.InstanceNotRunning => HttpWorkflowResponse.Problem(StatusCodes.Status409Conflict, "Conflict.", result.Message ?? "The workflow is not running.", bookmark.InstanceId),
            ResumeOutcome.InputRejected => HttpWorkflowResponse.Problem(StatusCodes.Status422UnprocessableEntity, "The request was rejected.", result.Message ?? "The workflow rejected the request."),
            _ => HttpWorkflowResponse.Problem(StatusCodes.Status404NotFound, "Not found.", "The workflow no longer waits for this request."),
        };
        await (answer is null ? HttpWorkflowResponse.WriteAsync(context, result.Step!) : answer.ExecuteAsync(context));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Gone(string status, DateTimeOffset? at, Guid instanceId)
    {
        var detail = status == BookmarkStatus.Resumed
            ? $"This request was already handled at {at:u}; the workflow no longer waits for it."
            : $"The workflow stopped waiting for this request at {at:u}.";
        var problem = TypedResults.Problem(detail, statusCode: StatusCodes.Status410Gone, title: "Already handled.");
        problem.ProblemDetails.Extensions["handledAt"] = at;
        problem.ProblemDetails.Extensions["workflowInstanceId"] = instanceId;
        return problem;
    }
}
