using System.Collections.Concurrent;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>One step of a definition version as people see it: its activity id and its Swedish display name.</summary>
internal sealed record StepName(string ActivityId, string DisplayName, string ActivityType, int Order);

/// <summary>
/// The steps of each definition version, named by their activity's display name (e.g. "Agenten granskar
/// beställningen"). Published versions are immutable, so a version's steps are read once and cached.
/// </summary>
internal sealed class StepNames(WorkflowDefinitionService definitions, ActivityRegistry registry, IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<(string DefinitionId, int Version), IReadOnlyList<StepName>> _cache = new();

    /// <summary>The definitions and their published versions, newest first.</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionRecord>> PublishedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var published = await db.Definitions.AsNoTracking().Where(d => d.IsPublished).ToListAsync(cancellationToken);
        return [.. published.OrderBy(d => d.DefinitionId, StringComparer.Ordinal).ThenByDescending(d => d.Version)];
    }

    public async Task<IReadOnlyList<StepName>> StepsAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((definitionId, version), out var cached))
            return cached;
        WorkflowDefinitionModel model;
        try
        {
            model = await definitions.GetRunnableAsync(definitionId, version, cancellationToken);
        }
        catch (DefinitionNotFoundException)
        {
            return [];
        }
        var steps = model.Root.Activities
            .Select(a => new StepName(a.Id, registry.Find(a.Type)?.DisplayName is { Length: > 0 } name && !a.Type.StartsWith("Elsa.", StringComparison.Ordinal) ? name : a.DisplayLabel, a.Type, a.Index))
            .ToList();
        return _cache[(definitionId, version)] = steps;
    }

    /// <summary>The Swedish name of a step, or its id when the version or step is unknown.</summary>
    public async Task<string> NameAsync(string definitionId, int version, string activityId, CancellationToken cancellationToken) =>
        (await StepsAsync(definitionId, version, cancellationToken)).FirstOrDefault(s => s.ActivityId == activityId)?.DisplayName ?? activityId;
}
