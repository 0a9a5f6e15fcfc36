using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>The instances an event resumed (waiting on it) and started (having it as their trigger).</summary>
public sealed record PublishedEvent(IReadOnlyList<Guid> Resumed, IReadOnlyList<Guid> Started);

/// <summary>
/// Raises an event as Elsa's event publisher does: instances waiting on it (<c>Elsa.Event</c>) are resumed, those with
/// the correlation id only when one is given, or one instance; and, unless one instance is named, every published
/// definition whose <c>Elsa.Event</c> of that name is a trigger (the flowchart's start, or marked
/// <c>canStartWorkflow</c>) starts a new instance, correlated like the event. Waiting instances are resumed first, so
/// an instance started here is not also resumed by the same event.
/// </summary>
public sealed class EventPublisher(IServiceScopeFactory scopes, WorkflowDefinitionService definitions, ActivityRegistry registry, WorkflowRuntime runtime)
{
    public async Task<PublishedEvent> PublishAsync(string eventName, string? correlationId, Guid? instanceId, JsonNode? payload, string actor,
        CancellationToken cancellationToken = default)
    {
        var resumed = await runtime.PublishEventAsync(eventName, correlationId, instanceId, payload, actor, cancellationToken);
        var started = new List<Guid>();
        if (instanceId is null)
        {
            foreach (var (definitionId, version, activityId) in await TriggersAsync(eventName, cancellationToken))
            {
                var step = await runtime.StartAsync(new StartWorkflowRequest(definitionId)
                {
                    Version = version,
                    CorrelationId = correlationId,
                    Actor = actor,
                    TriggerActivityId = activityId,
                    TriggerInput = Activities.Event.TriggerInputFor(eventName, payload),
                }, cancellationToken);
                started.Add(step.InstanceId);
            }
        }
        return new PublishedEvent([.. resumed.Where(r => r.Succeeded).Select(r => r.InstanceId!.Value)], started);
    }

    /// <summary>The newest published version of each definition that has this event as a trigger.</summary>
    private async Task<List<(string DefinitionId, int Version, string ActivityId)>> TriggersAsync(string eventName, CancellationToken cancellationToken)
    {
        List<string> newest;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var published = await db.Definitions.AsNoTracking().Where(d => d.IsPublished)
                .Select(d => new { d.Id, d.DefinitionId, d.Version }).ToListAsync(cancellationToken);
            newest = [.. published.GroupBy(d => d.DefinitionId).Select(g => g.MaxBy(d => d.Version)!.Id)];
        }
        var triggers = new List<(string, int, string)>();
        foreach (var versionId in newest)
        {
            var model = await definitions.GetByVersionIdAsync(versionId, cancellationToken);
            var start = model.Root.FindStart();
            foreach (var node in model.Root.Activities.Where(a => a.Type == Activities.Event.StimulusName))
            {
                var isTrigger = node.Id == start?.Id || node.Json["customProperties"]?["canStartWorkflow"]?.GetValueKind() == JsonValueKind.True;
                if (isTrigger && registry.Bind(node, model) is Activities.Event { EventName: { } name } && name.TryGetLiteral(out var literal) && literal == eventName)
                    triggers.Add((model.DefinitionId, model.Version, node.Id));
            }
        }
        return triggers;
    }
}
