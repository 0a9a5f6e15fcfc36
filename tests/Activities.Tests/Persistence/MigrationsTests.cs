using Elsa.Kundportal.Activities.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Tests.Persistence;

/// <summary>Every change to the domain model has its migration, for both databases: a host never starts on tables that differ from the model.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Postgres_MigrationsMatchTheModel()
    {
        using var db = new PostgresKundportalDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The domain model has changes without a PostgreSQL migration (dotnet ef migrations add).");
    }

    [Fact]
    public void Sqlite_MigrationsMatchTheModel()
    {
        using var db = new SqliteKundportalDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The domain model has changes without a SQLite migration (dotnet ef migrations add).");
    }
}
