using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Elsa.Kundportal.Host.Auth;

/// <summary>
/// Local accounts (ASP.NET Core Identity: user name = e-mail, hashed password, lockout) and SMS one-time codes, on the
/// portal's database beside the engine and the domain, with their own migrations history. Roles are not stored here:
/// they are the domain's role assignments, turned into claims at sign-in (<see cref="PortalSignIn"/>).
/// </summary>
public abstract class PortalIdentityDbContext(DbContextOptions options) : IdentityUserContext<IdentityUser>(options)
{
    public const string MigrationsHistoryTable = "__identity_migrations";

    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfiguration(new OneTimeCodeConfiguration());
    }

    private sealed class OneTimeCodeConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<OneTimeCode>
    {
        public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<OneTimeCode> b)
        {
            b.ToTable("PortalOneTimeCodes");
            b.HasKey(x => x.Id);
            b.Property(x => x.Email).HasMaxLength(256);
            b.Property(x => x.Purpose).HasMaxLength(100);
            b.Property(x => x.CodeHash).HasMaxLength(64);
            b.HasIndex(x => new { x.Email, x.Purpose });
        }
    }
}

public sealed class PostgresPortalIdentityDbContext(DbContextOptions<PostgresPortalIdentityDbContext> options) : PortalIdentityDbContext(options);

public sealed class SqlitePortalIdentityDbContext(DbContextOptions<SqlitePortalIdentityDbContext> options) : PortalIdentityDbContext(options);

/// <summary>An SMS one-time code: only its SHA-256 is stored (with a per-code salt, the id), with its expiry and tries.</summary>
public sealed class OneTimeCode
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    /// <summary>What the code confirms, e.g. the bookmark it attests.</summary>
    public required string Purpose { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a running host.</summary>
internal sealed class PostgresPortalIdentityDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPortalIdentityDbContext>
{
    public PostgresPortalIdentityDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgresPortalIdentityDbContext>()
            .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable(PortalIdentityDbContext.MigrationsHistoryTable)).Options);
}

internal sealed class SqlitePortalIdentityDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePortalIdentityDbContext>
{
    public SqlitePortalIdentityDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqlitePortalIdentityDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(PortalIdentityDbContext.MigrationsHistoryTable)).Options);
}
