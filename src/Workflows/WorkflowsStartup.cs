using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Workflows;

/// <summary>Brings the database up to date and imports the definitions folder. Safe to run on every node at every start.</summary>
public sealed class WorkflowsStartup(IServiceScopeFactory scopes, WorkflowDefinitionService definitions, IOptions<WorkflowsOptions> options, ILogger<WorkflowsStartup> logger)
{
    public async Task InitialiseAsync(CancellationToken cancellationToken = default)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            if (db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.MigrateOneAtATimeAsync(cancellationToken);
        }
        if (options.Value.DefinitionsFolder is { } folder && Directory.Exists(folder))
        {
            var results = await definitions.ImportFolderAsync(folder, "system:import", cancellationToken);
            foreach (var result in results.Where(r => r.Changed))
                logger.LogInformation("Imported {DefinitionId} version {Version}", result.Definition.DefinitionId, result.Definition.Version);
        }
    }
}
