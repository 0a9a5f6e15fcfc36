using System.Text.RegularExpressions;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>How many instances of a definition run on one of its versions.</summary>
internal sealed record RunningOnVersion(int Version, int Running);

internal sealed record RunningByVersion(string DefinitionId, IReadOnlyList<RunningOnVersion> Versions);

/// <summary>One instance's move to another version: whether it can (or did) move, and if not, why (in Swedish).</summary>
internal sealed record InstanceMigration(Guid InstanceId, string? CorrelationId, int FromVersion, bool Allowed, IReadOnlyList<string> Problems);

/// <summary>Moving every running instance on older versions of a definition to one published version, or the dry run of it.</summary>
internal sealed record VersionMigrationResult(string DefinitionId, int TargetVersion, bool DryRun, int Selected, int Allowed, int Moved, IReadOnlyList<InstanceMigration> Instances);

/// <summary>
/// What publishing a version asks about the instances already running: how many run on each version, and moving
/// those on older versions to the new one. Each instance moves in its own transaction through
/// <see cref="OperationsActions.MigrateAsync"/> (the same plan, refusal rules and journal entry as one by one).
/// </summary>
internal sealed partial class VersionMigration(IServiceScopeFactory scopes, OperationsActions actions)
{
    public async Task<RunningByVersion> RunningAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var counts = await db.Instances.AsNoTracking()
            .Where(i => i.DefinitionId == definitionId && i.Status == WorkflowStatus.Running)
            .GroupBy(i => i.Version)
            .Select(g => new RunningOnVersion(g.Key, g.Count()))
            .ToListAsync(cancellationToken);
        return new RunningByVersion(definitionId, [.. counts.OrderBy(c => c.Version)]);
    }

    /// <summary>The result, or why nothing was done (the version is not published, or no reason was given for a real move).</summary>
    public async Task<(VersionMigrationResult? Result, string? Error)> MigrateAsync(
        string definitionId, int targetVersion, bool dryRun, string? reason, string actor, CancellationToken cancellationToken)
    {
        if (!dryRun && string.IsNullOrWhiteSpace(reason))
            return (null, "Ange en anledning; den sparas i ärendenas historik.");
        List<(Guid Id, string? CorrelationId, int Version)> selected;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var rows = await db.Instances.AsNoTracking()
                .Where(i => i.DefinitionId == definitionId && i.Status == WorkflowStatus.Running && i.Version < targetVersion)
                .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
                .Select(i => new { i.Id, i.CorrelationId, i.Version })
                .Take(OperationsActions.MaxBulk)
                .ToListAsync(cancellationToken);
            selected = [.. rows.Select(r => (r.Id, r.CorrelationId, r.Version))];
        }

        var instances = new List<InstanceMigration>();
        foreach (var (id, correlationId, version) in selected)
        {
            var result = await actions.MigrateAsync(id, targetVersion, dryRun, reason, actor, cancellationToken);
            if (result.Plan is null)
            {
                if (result.Problem == ActionProblem.Invalid)
                    return (null, result.Message);
                instances.Add(new InstanceMigration(id, correlationId, version, false, [result.Message]));
                continue;
            }
            instances.Add(new InstanceMigration(id, correlationId, version, result.Plan.Allowed, [.. result.Plan.Steps.Where(s => !s.Maps).Select(s => Swedish(s, targetVersion))]));
        }
        return (new VersionMigrationResult(definitionId, targetVersion, dryRun, instances.Count, instances.Count(i => i.Allowed),
            dryRun ? 0 : instances.Count(i => i.Allowed), instances), null);
    }

    [GeneratedRegex("^From '.*' version \\d+ would run again the completed step\\(s\\) (?<steps>.*)\\.$")]
    private static partial Regex RerunProblem();

    /// <summary>Why a waiting step cannot move, for the people who publish (the planner words it for the journal and logs).</summary>
    internal static string Swedish(StepMapping step, int targetVersion)
    {
        if (step.TargetActivityType is null)
            return $"Steget {step.ActivityId} som ärendet väntar vid finns inte i version {targetVersion}.";
        if (step.TargetActivityType != step.ActivityType)
            return $"Steget {step.ActivityId} som ärendet väntar vid är en annan sorts aktivitet i version {targetVersion}.";
        return RerunProblem().Match(step.Problem ?? "") is { Success: true } m
            ? $"Från steget {step.ActivityId} skulle version {targetVersion} köra om steg som redan är utförda: {m.Groups["steps"].Value.Replace("'", "", StringComparison.Ordinal)}."
            : step.Problem ?? $"Steget {step.ActivityId} kan inte flyttas till version {targetVersion}.";
    }
}
