using System.Security.Claims;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Host.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Operations;

internal sealed record VersionMigrateRequest(int TargetVersion, bool DryRun, string? Reason);

/// <summary>Instances per version of a definition, and moving those on older versions to a newer one (the designer asks when publishing).</summary>
internal static class VersionMigrationApi
{
    public static RouteGroupBuilder MapVersionMigrationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/definitions/{definitionId}/running", RunningAsync)
            .WithSummary("How many instances of the definition run on each of its versions.");
        api.MapPost("/definitions/{definitionId}/migrate", MigrateAsync)
            .WithSummary($"Plans (dryRun) or performs moving every running instance on a version older than targetVersion to it (at most {OperationsActions.MaxBulk}); "
                + "each instance moves on its own or is refused with the reason.");
        return api;
    }

    private static async Task<Ok<RunningByVersion>> RunningAsync(string definitionId, VersionMigration migration, CancellationToken cancellationToken) =>
        TypedResults.Ok(await migration.RunningAsync(definitionId, cancellationToken));

    private static async Task<Results<Ok<VersionMigrationResult>, ProblemHttpResult>> MigrateAsync(
        string definitionId, VersionMigrateRequest request, ClaimsPrincipal user, VersionMigration migration, CancellationToken cancellationToken)
    {
        var (result, error) = await migration.MigrateAsync(definitionId, request.TargetVersion, request.DryRun, request.Reason, user.ActorName(), cancellationToken);
        if (result is not null)
            return TypedResults.Ok(result);
        return ApiProblems.Invalid(error!.StartsWith("Version", StringComparison.Ordinal) ? "$.targetVersion" : "$.reason", error);
    }
}
