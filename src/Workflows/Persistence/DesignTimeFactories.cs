using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Elsa.Kundportal.Workflows.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a running host.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresWorkflowsDbContext>
{
    public PostgresWorkflowsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresWorkflowsDbContext>().UseNpgsql("Host=localhost").UseSnakeCaseNamingConvention().Options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWorkflowsDbContext>
{
    public SqliteWorkflowsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteWorkflowsDbContext>().UseSqlite("Data Source=design.db").UseSnakeCaseNamingConvention().Options);
}
