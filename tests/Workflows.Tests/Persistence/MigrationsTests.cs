using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Workflows.Tests.Persistence;

/// <summary>Every change to the engine's model has its migration, for both databases: a host never starts on tables that differ from the model.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Postgres_MigrationsMatchTheModel()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The engine's model has changes without a PostgreSQL migration (dotnet ef migrations add).");
    }

    [Fact]
    public void Sqlite_MigrationsMatchTheModel()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The engine's model has changes without a SQLite migration (dotnet ef migrations add).");
    }
}
