using System.Security.Claims;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Elsa.Kundportal.Host.Api.Events;

/// <summary>
/// Elsa's trigger request: every field optional. <c>input</c> (Elsa's name; <c>payload</c> is read too) becomes the
/// event's payload, the Elsa.Event activity's result. <c>workflowExecutionMode</c> is accepted and ignored: the
/// workflows run before the answer.
/// </summary>
internal sealed record TriggerEventRequest(string? CorrelationId, string? WorkflowInstanceId, JsonNode? Input, JsonNode? Payload, string? WorkflowExecutionMode);

/// <summary>The event raised, the waiting instances it resumed and the instances it started (workflows with the event as their trigger).</summary>
internal sealed record TriggeredEvent(string EventName, IReadOnlyList<Guid> Resumed, IReadOnlyList<Guid> Started);

/// <summary>Raising events over HTTP, as Elsa's <c>POST /events/{eventName}/trigger</c>.</summary>
internal static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/events").WithTags("Events")
            .MapPost("/{eventName}/trigger", TriggerAsync)
            .WithSummary("Raises an event: resumes the workflows waiting on it (Elsa.Event), all of them or those with the correlation id, or one instance, "
                + "and (unless an instance is named) starts the published workflows that have the event as their trigger. "
                + "The input is the event's payload. 400 when workflowInstanceId is not an instance id.");
        return api;
    }

    private static async Task<Results<Ok<TriggeredEvent>, ProblemHttpResult>> TriggerAsync(
        string eventName, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] TriggerEventRequest? request,
        ClaimsPrincipal user, EventPublisher events, CancellationToken cancellationToken)
    {
        Guid? instanceId = null;
        if (!string.IsNullOrWhiteSpace(request?.WorkflowInstanceId))
        {
            if (!Guid.TryParse(request.WorkflowInstanceId, out var parsed))
                return ApiProblems.Invalid("$.workflowInstanceId", "The workflow instance id is not an instance id.");
            instanceId = parsed;
        }
        var correlationId = string.IsNullOrWhiteSpace(request?.CorrelationId) ? null : request.CorrelationId;
        var published = await events.PublishAsync(eventName, correlationId, instanceId, request?.Input ?? request?.Payload, user.ActorName(), cancellationToken);
        return TypedResults.Ok(new TriggeredEvent(eventName, published.Resumed, published.Started));
    }
}
