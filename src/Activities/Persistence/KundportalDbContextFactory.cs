using System.Data.Common;
using Elsa.Kundportal.Workflows;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Activities.Persistence;

/// <summary>
/// Creates domain contexts: on their own connection (pages, administration, start-up), or on a
/// workflow step's connection inside the step's open transaction (<see cref="ForStep"/>).
/// </summary>
public sealed class KundportalDbContextFactory(WorkflowsDatabase database) : IDbContextFactory<KundportalDbContext>
{
    /// <summary>A context with its own connection. The caller disposes it.</summary>
    public KundportalDbContext CreateDbContext() => database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresKundportalDbContext(PostgresOptions(b => b.UseNpgsql(database.ConnectionString, History))),
        DatabaseProvider.Sqlite => new SqliteKundportalDbContext(SqliteOptions(b => b.UseSqlite(database.ConnectionString, History))),
        _ => throw new InvalidOperationException($"Unsupported provider {database.Provider}."),
    };

    /// <summary>A context on an open connection it does not own (closing and transactions stay with the caller).</summary>
    public KundportalDbContext Create(DbConnection connection) => database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresKundportalDbContext(PostgresOptions(b => b.UseNpgsql(connection, History))),
        DatabaseProvider.Sqlite => new SqliteKundportalDbContext(SqliteOptions(b => b.UseSqlite(connection, History))),
        _ => throw new InvalidOperationException($"Unsupported provider {database.Provider}."),
    };

    /// <summary>
    /// A context enlisted in the step's transaction: its writes commit with the step (instance,
    /// bookmarks, journal, outbox) or roll back with it, e.g. when the step refuses its input or an
    /// activity fails (the incident is then recorded apart).
    /// Call <c>SaveChangesAsync</c> before the activity returns; dispose it afterwards.
    /// </summary>
    public static KundportalDbContext ForStep(ActivityExecutionContext context)
    {
        var workflows = context.Services.GetRequiredService<WorkflowsDbContext>();
        var transaction = workflows.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A Kundportal activity ran outside a workflow step's transaction.");
        var db = context.Services.GetRequiredService<KundportalDbContextFactory>().Create(workflows.Database.GetDbConnection());
        try
        {
            db.Database.UseTransaction(transaction);
            // A failed write fails the whole step, which the runtime rolls back; a savepoint around every save would
            // only cost two round trips and let the step go on over a half-done activity.
            db.Database.AutoSavepointsEnabled = false;
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static void History(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder o) =>
        o.MigrationsHistoryTable(KundportalDbContext.MigrationsHistoryTable);

    private static void History(Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder o) =>
        o.MigrationsHistoryTable(KundportalDbContext.MigrationsHistoryTable);

    internal static DbContextOptions<PostgresKundportalDbContext> PostgresOptions(Action<DbContextOptionsBuilder<PostgresKundportalDbContext>> provider)
    {
        var builder = new DbContextOptionsBuilder<PostgresKundportalDbContext>();
        provider(builder);
        return builder.UseSnakeCaseNamingConvention().Options;
    }

    internal static DbContextOptions<SqliteKundportalDbContext> SqliteOptions(Action<DbContextOptionsBuilder<SqliteKundportalDbContext>> provider)
    {
        var builder = new DbContextOptionsBuilder<SqliteKundportalDbContext>();
        provider(builder);
        return builder.UseSnakeCaseNamingConvention().Options;
    }
}
