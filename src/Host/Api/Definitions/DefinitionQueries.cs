using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Api.Definitions;

/// <summary>The definition list as Elsa's <c>GET /workflow-definitions</c> filters, orders and pages it, and its small companions.</summary>
internal static class DefinitionQueries
{
    public const int MaxPageSize = 1000;

    public static async Task<Results<Ok<PagedResponse<DefinitionSummary>>, ProblemHttpResult>> ListAsync(
        WorkflowsDbContext db, CancellationToken cancellationToken,
        string? versionOptions = null, string? searchTerm = null, [FromQuery] string[]? definitionIds = null, [FromQuery] string[]? ids = null,
        string? orderBy = null, string? orderDirection = null, bool? isSystem = null, int? page = null, int? pageSize = null)
    {
        if (!VersionOptions.TryParse(versionOptions, out var options) && !string.Equals(versionOptions, "AllVersions", StringComparison.OrdinalIgnoreCase))
            return WorkflowDefinitionsApi.InvalidVersionOptions(versionOptions);
        if (page is < 0)
            return ApiProblems.Invalid("page", "The page counts from 0.");
        if (pageSize is < 1 or > MaxPageSize)
            return ApiProblems.Invalid("pageSize", $"The page size is between 1 and {MaxPageSize}.");
        var descending = string.Equals(orderDirection, "Descending", StringComparison.OrdinalIgnoreCase);
        if (orderDirection is not null && !descending && !string.Equals(orderDirection, "Ascending", StringComparison.OrdinalIgnoreCase))
            return ApiProblems.Invalid("orderDirection", "Use Ascending or Descending.");

        var query = db.Definitions.AsNoTracking();
        if (!string.Equals(versionOptions, "AllVersions", StringComparison.OrdinalIgnoreCase))
        {
            query = options.Kind switch
            {
                "Published" => query.Where(d => d.IsPublished),
                "LatestOrPublished" => query.Where(d => d.IsLatest || d.IsPublished),
                "Draft" => query.Where(d => d.PublishedAt == null),
                "Version" => query.Where(d => d.Version == options.Version),
                _ => query.Where(d => d.IsLatest),
            };
        }
        // Every definition here is the product's own: none is a system workflow.
        if (isSystem == true)
            query = query.Where(d => false);
        if (definitionIds is { Length: > 0 })
            query = query.Where(d => definitionIds.Contains(d.DefinitionId));
        if (ids is { Length: > 0 })
            query = query.Where(d => ids.Contains(d.Id));
        if (!string.IsNullOrWhiteSpace(searchTerm))
        {
            var term = searchTerm.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // EF Core translates ToLower().Contains to SQL on PostgreSQL and SQLite; the StringComparison overload it cannot.
            query = query.Where(d => d.Name.ToLower().Contains(term) || d.DefinitionId.ToLower().Contains(term) || (d.Description != null && d.Description.ToLower().Contains(term)));
#pragma warning restore CA1862
        }
        query = (orderBy?.ToUpperInvariant(), descending) switch
        {
            ("CREATED", false) => query.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id),
            ("CREATED", true) => query.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id),
            ("VERSION", false) => query.OrderBy(d => d.Version).ThenBy(d => d.DefinitionId),
            ("VERSION", true) => query.OrderByDescending(d => d.Version).ThenBy(d => d.DefinitionId),
            (_, true) => query.OrderByDescending(d => d.Name).ThenBy(d => d.DefinitionId).ThenBy(d => d.Version),
            _ => query.OrderBy(d => d.Name).ThenBy(d => d.DefinitionId).ThenBy(d => d.Version),
        };

        var total = await query.CountAsync(cancellationToken);
        var size = pageSize ?? MaxPageSize;
        var number = page ?? 0;
        var items = await query.Skip(number * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResponse<DefinitionSummary>([.. items.Select(DefinitionSummary.From)], total, number, size) { Links = DefinitionLinks.ForList() });
    }

    public static async Task<Ok<CountResponse>> CountAsync(WorkflowsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new CountResponse(await db.Definitions.Where(d => d.IsLatest).CountAsync(cancellationToken)));

    public static async Task<Ok<NameUniqueResponse>> IsNameUniqueAsync(WorkflowsDbContext db, string name, string? definitionId, CancellationToken cancellationToken) =>
        TypedResults.Ok(new NameUniqueResponse(!await db.Definitions.AnyAsync(d => d.Name == name && d.DefinitionId != definitionId, cancellationToken)));

    public static async Task<Ok<ListResponse<System.Text.Json.Nodes.JsonObject>>> ManyByIdAsync(
        WorkflowsDbContext db, [FromQuery] string[]? ids, CancellationToken cancellationToken)
    {
        var wanted = ids ?? [];
        var records = await db.Definitions.AsNoTracking().Where(d => wanted.Contains(d.Id)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ListResponse<System.Text.Json.Nodes.JsonObject>([.. records.Select(WorkflowDefinitionsApi.Linked)], records.Count));
    }
}

internal sealed record CountResponse(int Count);

internal sealed record NameUniqueResponse(bool IsUnique);
