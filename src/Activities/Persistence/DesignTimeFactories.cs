using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Elsa.Kundportal.Activities.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a running host.</summary>
internal sealed class PostgresKundportalDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKundportalDbContext>
{
    public PostgresKundportalDbContext CreateDbContext(string[] args) =>
        new(KundportalDbContextFactory.PostgresOptions(b => b.UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable(KundportalDbContext.MigrationsHistoryTable))));
}

internal sealed class SqliteKundportalDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKundportalDbContext>
{
    public SqliteKundportalDbContext CreateDbContext(string[] args) =>
        new(KundportalDbContextFactory.SqliteOptions(b => b.UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(KundportalDbContext.MigrationsHistoryTable))));
}
