using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Http;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.HttpWorkflows;

/// <summary>A published definition that a matching request starts: its start activity is an HTTP endpoint.</summary>
internal sealed record HttpTrigger(string DefinitionId, int Version, string ActivityId, HttpEndpointSettings Settings);

/// <summary>A route template an HTTP endpoint of some published version listens on.</summary>
internal sealed record HttpRouteTemplate(string Template, TemplateMatcher Matcher, decimal Precedence);

/// <summary>A template that matched a request path, with the route values it read from it.</summary>
internal sealed record HttpRouteMatch(string Template, IReadOnlyDictionary<string, string?> RouteValues);

/// <summary>
/// This node's view of the HTTP endpoints in the published definitions: the route templates they listen on (every
/// version that was ever published, since instances run on old versions) and the triggers of each definition's newest
/// published version. The view is rebuilt whenever the definitions table changed, which one cheap query per request
/// tells (rows, sum of revisions, newest creation: every change to a definition moves one of them), so a definition
/// published or retracted on another node counts here at the next request. Bookmarks are never cached: they are
/// looked up in the database by the hash of each matching template.
/// </summary>
internal sealed class HttpWorkflowRoutes(IServiceScopeFactory scopes, WorkflowDefinitionService definitions, ActivityRegistry registry, ILogger<HttpWorkflowRoutes> logger) : IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot _snapshot = new(default, [], []);

    internal sealed record Stamp(int Rows, long Revisions, DateTimeOffset? Newest);

    internal sealed record Snapshot(Stamp? Version, IReadOnlyList<HttpRouteTemplate> Templates, IReadOnlyList<HttpTrigger> Triggers)
    {
        /// <summary>Every template that matches the path (the path itself first, as a template without route values), most specific first.</summary>
        public IReadOnlyList<HttpRouteMatch> Match(string path)
        {
            var matches = new List<HttpRouteMatch> { new(path, new Dictionary<string, string?>()) };
            foreach (var template in Templates.OrderBy(t => t.Precedence))
            {
                var values = new RouteValueDictionary();
                if (template.Template != path && template.Matcher.TryMatch("/" + path, values))
                    matches.Add(new HttpRouteMatch(template.Template, values.ToDictionary(v => v.Key, v => v.Value?.ToString(), StringComparer.OrdinalIgnoreCase)));
            }
            return matches;
        }
    }

    public async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var stamp = await ReadStampAsync(cancellationToken);
        if (_snapshot.Version == stamp)
            return _snapshot;
        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot.Version != stamp)
                _snapshot = await LoadAsync(stamp, cancellationToken);
            return _snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose() => _reload.Dispose();

    private async Task<Stamp> ReadStampAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var stamp = await db.Definitions.GroupBy(_ => 1)
            .Select(g => new Stamp(g.Count(), g.Sum(d => (long)d.Revision), g.Max(d => (DateTimeOffset?)d.CreatedAt)))
            .FirstOrDefaultAsync(cancellationToken);
        return stamp ?? new Stamp(0, 0, null);
    }

    // The stamp is read before the rows, so a change in between only makes the next request load again.
    private async Task<Snapshot> LoadAsync(Stamp stamp, CancellationToken cancellationToken)
    {
        List<(string Id, string DefinitionId, int Version, bool IsPublished)> versions;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var rows = await db.Definitions.AsNoTracking().Where(d => d.PublishedAt != null)
                .Select(d => new { d.Id, d.DefinitionId, d.Version, d.IsPublished }).ToListAsync(cancellationToken);
            versions = rows.Select(r => (r.Id, r.DefinitionId, r.Version, r.IsPublished)).ToList();
        }
        var newest = versions.Where(v => v.IsPublished).GroupBy(v => v.DefinitionId).Select(g => g.MaxBy(v => v.Version).Id).ToHashSet(StringComparer.Ordinal);
        var templates = new Dictionary<string, HttpRouteTemplate>(StringComparer.Ordinal);
        var triggers = new List<HttpTrigger>();
        foreach (var version in versions)
        {
            var model = await definitions.GetByVersionIdAsync(version.Id, cancellationToken);
            var start = model.Root.FindStart();
            foreach (var node in model.Root.Activities.Where(a => a.Type == HttpEndpointStimulus.Name))
            {
                if (registry.Bind(node, model) is not HttpEndpoint endpoint || endpoint.LiteralSettings() is not { } settings)
                {
                    if (newest.Contains(version.Id) && IsStart(node, start))
                        logger.LogWarning("{DefinitionId} version {Version}: the HTTP endpoint {ActivityId} starts the workflow but its inputs are expressions; it cannot be a trigger", version.DefinitionId, version.Version, node.Id);
                    continue;
                }
                if (!templates.ContainsKey(settings.Path) && Parse(settings.Path) is { } template)
                    templates[settings.Path] = template;
                if (newest.Contains(version.Id) && IsStart(node, start))
                    triggers.Add(new HttpTrigger(version.DefinitionId, version.Version, node.Id, settings));
            }
        }
        return new Snapshot(stamp, [.. templates.Values], triggers);
    }

    private static bool IsStart(ActivityNode node, ActivityNode? start) =>
        node.Id == start?.Id || node.Json["customProperties"]?["canStartWorkflow"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;

    private HttpRouteTemplate? Parse(string path)
    {
        try
        {
            var template = TemplateParser.Parse(path);
            return new HttpRouteTemplate(path, new TemplateMatcher(template, new RouteValueDictionary()), RoutePrecedence.ComputeInbound(template));
        }
        catch (ArgumentException e)
        {
            logger.LogWarning("The HTTP endpoint path '{Path}' is not a route template: {Message}", path, e.Message);
            return null;
        }
    }
}
