using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Elsa.Kundportal.Workflows.Persistence;

/// <summary>
/// Applies a context's migrations one node at a time. Nodes starting together on a new database would otherwise each
/// create the same tables and indexes, and all but one fail their start-up.
/// </summary>
public static class MigrationLock
{
    /// <summary>The key of the PostgreSQL advisory lock every node takes around its migrations.</summary>
    private const long Key = 0x4B756E64706F7274; // "Kundport"

    public static async Task MigrateOneAtATimeAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        if (!database.IsNpgsql())
        {
            await database.MigrateAsync(cancellationToken);
            return;
        }
        // A session lock on a connection the context keeps open, so the migrations run on the connection that holds it.
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0})", [Key], cancellationToken);
            try
            {
                await database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0})", [Key], CancellationToken.None);
            }
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }
}
