using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Activities;

/// <summary>
/// Brings the domain tables up to date and seeds what the process needs: the Inera organisation and
/// the example service catalogue (only what is missing, so edits survive). Safe on every start.
/// </summary>
public sealed class KundportalStartup(KundportalDbContextFactory dbs, TimeProvider clock, ILogger<KundportalStartup> logger)
{
    public async Task InitialiseAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        await db.Database.MigrateOneAtATimeAsync(cancellationToken);
        var added = await CatalogueSeed.ApplyAsync(db, clock.GetUtcNow(), cancellationToken);
        if (added > 0)
            logger.LogInformation("Seeded {Count} catalogue rows", added);
    }
}
