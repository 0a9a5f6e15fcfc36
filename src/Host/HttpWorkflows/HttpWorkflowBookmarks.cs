using Elsa.Kundportal.Workflows.Http;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.HttpWorkflows;

/// <summary>An HTTP endpoint's bookmark: which instance waits (or waited), and what the endpoint accepts.</summary>
internal sealed record HttpBookmark(Guid Id, Guid InstanceId, string StimulusHash, string Status, DateTimeOffset? ResolvedAt, HttpEndpointSettings Settings);

/// <summary>Looks up HTTP endpoint bookmarks by the hashes of a request's matching templates, in one indexed query each.</summary>
internal static class HttpWorkflowBookmarks
{
    /// <summary>The active bookmarks a request could resume, optionally narrowed to one correlation id or instance.</summary>
    public static async Task<List<HttpBookmark>> FindWaitingAsync(WorkflowsDbContext db, IReadOnlyCollection<string> hashes, string? correlationId, Guid? instanceId, CancellationToken cancellationToken)
    {
        var query = db.Bookmarks.AsNoTracking().Where(b => b.Status == BookmarkStatus.Active && hashes.Contains(b.StimulusHash));
        return await ReadAsync(Narrow(query, correlationId, instanceId).Take(20), cancellationToken);
    }

    /// <summary>The bookmark that such a request resumed last (or that was withdrawn), to tell a caller who comes again.</summary>
    public static async Task<HttpBookmark?> FindHandledAsync(WorkflowsDbContext db, IReadOnlyCollection<string> hashes, string? correlationId, Guid? instanceId, CancellationToken cancellationToken)
    {
        var query = db.Bookmarks.AsNoTracking()
            .Where(b => b.Name == HttpEndpointStimulus.Name && hashes.Contains(b.StimulusHash) && b.Status != BookmarkStatus.Active);
        var found = await ReadAsync(Narrow(query, correlationId, instanceId).OrderByDescending(b => b.ResolvedAt).Take(1), cancellationToken);
        return found.FirstOrDefault();
    }

    private static IQueryable<BookmarkRecord> Narrow(IQueryable<BookmarkRecord> query, string? correlationId, Guid? instanceId)
    {
        if (correlationId is not null)
            query = query.Where(b => b.CorrelationId == correlationId);
        if (instanceId is { } id)
            query = query.Where(b => b.InstanceId == id);
        return query;
    }

    private static async Task<List<HttpBookmark>> ReadAsync(IQueryable<BookmarkRecord> query, CancellationToken cancellationToken)
    {
        var rows = await query.Select(b => new { b.Id, b.InstanceId, b.StimulusHash, b.Status, b.ResolvedAt, b.Metadata }).ToListAsync(cancellationToken);
        return [.. rows.Select(b => new HttpBookmark(b.Id, b.InstanceId, b.StimulusHash, b.Status, b.ResolvedAt,
            HttpEndpointSettings.FromJson(b.Metadata is null ? null : System.Text.Json.Nodes.JsonNode.Parse(b.Metadata)) ?? new HttpEndpointSettings("", [], true, null, null)))];
    }
}
