using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Workflows.Definitions;

public sealed record DefinitionSaveResult(WorkflowDefinitionRecord Definition, IReadOnlyList<ValidationError> Errors, bool Changed);

/// <summary>
/// Definitions and their versions. A draft may be edited; publishing freezes it. Published (and
/// retracted) versions are never changed: editing makes a new draft. Instances stay on their version.
/// </summary>
public sealed class WorkflowDefinitionService(IServiceScopeFactory scopes, WorkflowDefinitionValidator validator, TimeProvider clock)
{
    /// <summary>Fields the store owns: they never make two definitions differ.</summary>
    private static readonly string[] StoreOwnedFields = ["$schema", "id", "version", "isLatest", "isPublished", "createdAt", "publishedAt", "toolVersion"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ConcurrentDictionary<string, WorkflowDefinitionModel> _runnable = new(StringComparer.Ordinal);

    public IReadOnlyList<ValidationError> Validate(string json) => validator.Validate(json);

    /// <summary>Saves a draft: edits the current draft, or starts a new one after the latest version. Errors are returned, not refused, so a draft can be worked on.</summary>
    public async Task<DefinitionSaveResult> SaveDraftAsync(string json, string actor, CancellationToken cancellationToken = default)
    {
        var model = Read(json);
        var errors = validator.Validate(model);
        var hash = ContentHash(model.Json);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        await using var transaction = await LockDefinitionAsync(db, model.DefinitionId, cancellationToken);
        var versions = await db.Definitions.Where(d => d.DefinitionId == model.DefinitionId).ToListAsync(cancellationToken);
        var latest = versions.MaxBy(v => v.Version);
        if (latest is not null && latest.PublishedAt is null)
        {
            var changed = latest.ContentHash != hash;
            latest.Json = Store(model.Json);
            latest.Name = model.Name;
            latest.Description = model.Description;
            latest.ContentHash = hash;
            latest.Revision++;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new DefinitionSaveResult(latest, errors, changed);
        }
        var record = NewVersion(model, hash, (latest?.Version ?? 0) + 1, actor, versions);
        db.Definitions.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DefinitionSaveResult(record, errors, true);
    }

    /// <summary>Publishes the draft of a definition. Refused, leaving the store unchanged, while the draft has errors.</summary>
    public async Task<WorkflowDefinitionRecord> PublishAsync(string definitionId, string actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        await using var transaction = await LockDefinitionAsync(db, definitionId, cancellationToken);
        var draft = await db.Definitions.Where(d => d.DefinitionId == definitionId && d.PublishedAt == null)
            .OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken)
            ?? throw new DefinitionNotFoundException($"'{definitionId}' has no draft to publish.");
        var errors = validator.Validate(draft.Json);
        if (errors.Count > 0)
            throw new WorkflowDefinitionInvalidException(errors);
        draft.IsPublished = true;
        draft.PublishedAt = clock.GetUtcNow();
        draft.PublishedBy = actor;
        draft.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return draft;
    }

    /// <summary>
    /// Stops new instances from starting on a version (without <paramref name="version"/>: the published one, as Elsa
    /// retracts); running instances continue on it.
    /// </summary>
    public async Task<WorkflowDefinitionRecord> RetractAsync(string definitionId, int? version, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var record = version is { } number
            ? await db.Definitions.FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == number, cancellationToken)
                ?? throw new DefinitionNotFoundException($"'{definitionId}' has no version {number}.")
            : await db.Definitions.Where(d => d.DefinitionId == definitionId && d.IsPublished).OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken)
                ?? throw new DefinitionNotFoundException(await db.Definitions.AnyAsync(d => d.DefinitionId == definitionId, cancellationToken)
                    ? $"'{definitionId}' has no published version to retract."
                    : $"There is no definition '{definitionId}'.");
        if (!record.IsPublished)
            throw new DefinitionConflictException($"Version {record.Version} of '{definitionId}' is not published.");
        record.IsPublished = false;
        record.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>
    /// Imports an exported definition. The same content as any stored version changes nothing;
    /// changed content becomes a new version (the file's version number when it is free).
    /// With <paramref name="publish"/>, a definition with errors is refused and nothing is stored.
    /// </summary>
    public async Task<DefinitionSaveResult> ImportAsync(string json, bool publish, string actor, CancellationToken cancellationToken = default)
    {
        var model = Read(json);
        var errors = validator.Validate(model);
        if (publish && errors.Count > 0)
            throw new WorkflowDefinitionInvalidException(errors);
        var hash = ContentHash(model.Json);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        await using var transaction = await LockDefinitionAsync(db, model.DefinitionId, cancellationToken);
        var versions = await db.Definitions.Where(d => d.DefinitionId == model.DefinitionId).ToListAsync(cancellationToken);
        if (versions.FirstOrDefault(v => v.ContentHash == hash) is { } same)
            return new DefinitionSaveResult(same, errors, false);

        var number = model.Version > 0 && versions.All(v => v.Version != model.Version)
            ? model.Version
            : versions.Select(v => v.Version).DefaultIfEmpty(0).Max() + 1;
        var record = NewVersion(model, hash, number, actor, versions);
        if (publish)
        {
            record.IsPublished = true;
            record.PublishedAt = clock.GetUtcNow();
            record.PublishedBy = actor;
        }
        db.Definitions.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DefinitionSaveResult(record, errors, true);
    }

    /// <summary>Imports every <c>*.json</c> in a folder, in file-name order.</summary>
    public async Task<IReadOnlyList<DefinitionSaveResult>> ImportFolderAsync(string folder, string actor, CancellationToken cancellationToken = default)
    {
        var results = new List<DefinitionSaveResult>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var json = await File.ReadAllTextAsync(file, cancellationToken);
            var published = JsonNode.Parse(json)?["isPublished"]?.GetValueKind() != JsonValueKind.False;
            try
            {
                results.Add(await ImportAsync(json, published, actor, cancellationToken));
            }
            catch (WorkflowDefinitionInvalidException e)
            {
                throw new WorkflowDefinitionInvalidException([.. e.Errors.Select(x => x with { Message = $"{Path.GetFileName(file)}: {x.Message}" })]);
            }
        }
        return results;
    }

    public async Task<WorkflowDefinitionRecord?> FindAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var query = db.Definitions.AsNoTracking().Where(d => d.DefinitionId == definitionId);
        query = options.Kind switch
        {
            "Published" => query.Where(d => d.IsPublished),
            "Draft" => query.Where(d => d.PublishedAt == null),
            "Version" => query.Where(d => d.Version == options.Version),
            _ => query,
        };
        // LatestOrPublished: the latest version, which is the published one when there is no draft.
        return await query.OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>One version by its id (Elsa's <c>by-id</c>).</summary>
    public async Task<WorkflowDefinitionRecord?> FindByVersionIdAsync(string versionId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == versionId, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowDefinitionRecord>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.Definitions.AsNoTracking().Where(d => d.DefinitionId == definitionId).OrderBy(d => d.Version).ToListAsync(cancellationToken);
    }

    /// <summary>The latest version of every definition.</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var all = await db.Definitions.AsNoTracking().ToListAsync(cancellationToken);
        return all.GroupBy(d => d.DefinitionId).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Name).ToList();
    }

    /// <summary>The version as Elsa 3 export JSON, with the store's version fields.</summary>
    public static string Export(WorkflowDefinitionRecord record, bool isLatest)
    {
        var doc = (JsonObject)JsonNode.Parse(record.Json)!;
        var ordered = new JsonObject
        {
            ["$schema"] = doc["$schema"]?.DeepClone() ?? WorkflowDefinitionReader.SchemaUrl,
            ["id"] = record.Id,
            ["definitionId"] = record.DefinitionId,
            ["name"] = record.Name,
            ["createdAt"] = record.CreatedAt,
            ["version"] = record.Version,
        };
        foreach (var (key, value) in doc)
        {
            if (!ordered.ContainsKey(key))
                ordered[key] = value?.DeepClone();
        }
        ordered["isLatest"] = isLatest;
        ordered["isPublished"] = record.IsPublished;
        return ordered.ToJsonString(Indented);
    }

    /// <summary>A published version to start an instance on: the given one, or the newest published.</summary>
    public async Task<WorkflowDefinitionModel> GetRunnableAsync(string definitionId, int? version, CancellationToken cancellationToken = default)
    {
        string? versionId;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var query = db.Definitions.AsNoTracking().Where(d => d.DefinitionId == definitionId && d.IsPublished);
            if (version is { } v)
                query = query.Where(d => d.Version == v);
            versionId = await query.OrderByDescending(d => d.Version).Select(d => d.Id).FirstOrDefaultAsync(cancellationToken);
        }
        if (versionId is null)
        {
            throw new DefinitionNotFoundException(version is null
                ? $"'{definitionId}' has no published version."
                : $"Version {version} of '{definitionId}' is not published.");
        }
        return await GetByVersionIdAsync(versionId, cancellationToken);
    }

    /// <summary>The version an instance is pinned to. Versions that ran are immutable, so the parsed form is cached.</summary>
    public async Task<WorkflowDefinitionModel> GetByVersionIdAsync(string versionId, CancellationToken cancellationToken = default)
    {
        if (_runnable.TryGetValue(versionId, out var cached))
            return cached;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var record = await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == versionId, cancellationToken)
            ?? throw new DefinitionNotFoundException($"Definition version '{versionId}' does not exist.");
        var model = Read(Export(record, record.IsLatest));
        // Only versions that were published are frozen; a draft may still change under the same id.
        return record.PublishedAt is null ? model : _runnable.GetOrAdd(record.Id, model);
    }

    /// <summary>
    /// Serialises every change to one definition's versions across nodes (two nodes importing the same
    /// <c>workflows-json</c> at start-up would otherwise both take the next version number): a transaction holding
    /// PostgreSQL's advisory lock for the definition; SQLite's write transaction already admits one writer at a time.
    /// </summary>
    private static async Task<IDbContextTransaction> LockDefinitionAsync(WorkflowsDbContext db, string definitionId, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.SupportsRowLocks)
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, hashtext({1}))", [DefinitionLockClass, definitionId], cancellationToken);
        return transaction;
    }

    /// <summary>The first key of the advisory locks on definitions, so they cannot meet other advisory locks.</summary>
    private const int DefinitionLockClass = 0x4B500001;

    private static WorkflowDefinitionModel Read(string json)
    {
        var (model, errors) = WorkflowDefinitionReader.Read(json);
        return model ?? throw new WorkflowDefinitionInvalidException(errors);
    }

    private WorkflowDefinitionRecord NewVersion(WorkflowDefinitionModel model, string hash, int version, string actor, List<WorkflowDefinitionRecord> existing)
    {
        var isLatest = existing.All(v => v.Version < version);
        if (isLatest)
        {
            foreach (var other in existing.Where(v => v.IsLatest))
            {
                other.IsLatest = false;
                other.Revision++;
            }
        }
        return new WorkflowDefinitionRecord
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            DefinitionId = model.DefinitionId,
            Name = model.Name,
            Description = model.Description,
            Version = version,
            IsLatest = isLatest,
            ContentHash = hash,
            Json = Store(model.Json),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
    }

    private static string Store(JsonObject doc) => doc.ToJsonString();

    /// <summary>
    /// SHA-256 of the canonical definition without the fields the store owns. Top-level fields written as null or
    /// left out mean the same (Elsa's clients write every field of their model, ours only those set), and so do
    /// <c>isSystem</c>/<c>isReadonly</c> false and empty <c>options</c> members: a definition Elsa Studio exports and
    /// imports again hashes as it did.
    /// </summary>
    public static string ContentHash(JsonObject doc)
    {
        var copy = (JsonObject)doc.DeepClone();
        foreach (var field in StoreOwnedFields)
            copy.Remove(field);
        foreach (var (key, value) in copy.ToList())
        {
            if (value is null || (key is "isSystem" or "isReadonly" && value.GetValueKind() == JsonValueKind.False))
                copy.Remove(key);
        }
        if (copy["options"] is JsonObject options)
        {
            foreach (var (key, value) in options.ToList())
            {
                if (value is null || value.GetValueKind() == JsonValueKind.False)
                    options.Remove(key);
            }
        }
        return Stimulus.Sha256(Stimulus.CanonicalJson(copy));
    }
}

public sealed class DefinitionNotFoundException(string message) : Exception(message);

public sealed class DefinitionConflictException(string message) : Exception(message);
