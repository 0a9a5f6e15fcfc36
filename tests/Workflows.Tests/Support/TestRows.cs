using System.Collections.Concurrent;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Workflows.Tests.Support;

/// <summary>A row of a table of the tests' own, written by an activity the way the domain is: its own context on the step's transaction.</summary>
public sealed class TestRow
{
    public required string Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
}

/// <summary>
/// A domain-like context for <see cref="TestRow"/>: created on the step's connection and enlisted in its transaction,
/// with EF's defaults (a savepoint around each <c>SaveChanges</c>), as an application's activity would write.
/// </summary>
public abstract class TestRowsDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The key of the row <see cref="CreateTableAsync"/> seeds; a second row with it breaks the unique constraint.</summary>
    public const string TakenKey = "anna.andersson@example.se";
    public const string Constraint = "ux_test_rows_key";

    public DbSet<TestRow> Rows => Set<TestRow>();

    public static TestRowsDbContext ForStep(ActivityExecutionContext context)
    {
        var workflows = context.Services.GetRequiredService<WorkflowsDbContext>();
        var connection = workflows.Database.GetDbConnection();
        TestRowsDbContext db = workflows.SupportsRowLocks
            ? new Postgres(new DbContextOptionsBuilder<Postgres>().UseNpgsql(connection).Options)
            : new Sqlite(new DbContextOptionsBuilder<Sqlite>().UseSqlite(connection).Options);
        db.Database.UseTransaction(workflows.Database.CurrentTransaction!.GetDbTransaction());
        return db;
    }

    /// <summary>Creates the table (both providers read this SQL) with one row holding <see cref="TakenKey"/>.</summary>
    public static async Task CreateTableAsync(TestEngine engine) =>
        await engine.QueryAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync(
                $"CREATE TABLE test_rows (id varchar(40) PRIMARY KEY, key varchar(80) NOT NULL, name varchar(10) NOT NULL, CONSTRAINT {Constraint} UNIQUE (key))");
            return await db.Database.ExecuteSqlRawAsync($"INSERT INTO test_rows (id, key, name) VALUES ('seeded', '{TakenKey}', 'seeded')");
        });

    /// <summary>The rows an instance's activity wrote (their keys start with the instance id).</summary>
    public static Task<List<string>> RowsOfAsync(TestEngine engine, Guid instanceId) =>
        engine.QueryAsync(db => db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM test_rows WHERE key LIKE {0} ORDER BY name", $"{instanceId}%").ToListAsync());

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<TestRow>(b =>
        {
            b.ToTable("test_rows");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).HasColumnName("id").HasMaxLength(40);
            b.Property(r => r.Key).HasColumnName("key").HasMaxLength(80);
            b.Property(r => r.Name).HasColumnName("name").HasMaxLength(10);
        });

    private sealed class Postgres(DbContextOptions<Postgres> options) : TestRowsDbContext(options);

    private sealed class Sqlite(DbContextOptions<Sqlite> options) : TestRowsDbContext(options);
}

/// <summary>
/// Saves a row, then a second one the database refuses until the test allows it (<see cref="Allowed"/>): a key that is
/// taken, a name longer than its column, or the taken key through raw SQL (no savepoint: PostgreSQL aborts the transaction).
/// </summary>
[Activity("Test", "Test", "Saves two rows; the second is refused until allowed.")]
public sealed class SaveTwoRows : CodeActivity
{
    public const string Duplicate = "duplicate";
    public const string TooLong = "too-long";
    public const string RawDuplicate = "raw-duplicate";
    /// <summary>A name a person could have, longer than the column: it must not reach the incident.</summary>
    public const string LongName = "Anna Andersson-Lindqvist";

    public static readonly ConcurrentDictionary<Guid, bool> Allowed = new();

    [Input(Description = "duplicate, too-long or raw-duplicate.", Required = true)]
    public Input<string> How { get; set; } = new(Duplicate);

    protected override async ValueTask ExecuteCodeAsync(ActivityExecutionContext context)
    {
        var id = context.WorkflowInstanceId;
        var refused = !Allowed.ContainsKey(id);
        await using var db = TestRowsDbContext.ForStep(context);
        db.Rows.Add(new TestRow { Id = Guid.NewGuid().ToString(), Key = $"{id}-first", Name = "first" });
        await db.SaveChangesAsync(context.CancellationToken);
        var how = context.Get(How);
        if (how == RawDuplicate)
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO test_rows (id, key, name) VALUES ({0}, {1}, 'second')",
                [Guid.NewGuid().ToString(), refused ? TestRowsDbContext.TakenKey : $"{id}-second"], context.CancellationToken);
            return;
        }
        db.Rows.Add(new TestRow
        {
            Id = Guid.NewGuid().ToString(),
            Key = refused && how == Duplicate ? TestRowsDbContext.TakenKey : $"{id}-second",
            Name = refused && how == TooLong ? LongName : "second",
        });
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
