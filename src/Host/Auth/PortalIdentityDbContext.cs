using Elsa.Kundportal.Host.BankId;
using Elsa.Kundportal.Host.BankId.Simulator;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Elsa.Kundportal.Host.Auth;

/// <summary>
/// Local accounts (ASP.NET Core Identity: user name = e-mail, hashed password, lockout), SMS one-time codes, the BankID
/// orders the host started (and the development simulator's own orders) and the data-protection key ring (so every host behind one database reads the others' cookies and
/// form tokens), on the portal's database beside the engine and the domain, with their own migrations history. Roles
/// are not stored here: they are the domain's role assignments, turned into claims at sign-in (<see cref="PortalSignIn"/>).
/// </summary>
public abstract class PortalIdentityDbContext(DbContextOptions options) : IdentityUserContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public const string MigrationsHistoryTable = "__identity_migrations";

    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();

    public DbSet<BankIdSessionRecord> BankIdSessions => Set<BankIdSessionRecord>();

    public DbSet<BankIdSimulatorOrder> BankIdSimulatorOrders => Set<BankIdSimulatorOrder>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfiguration(new OneTimeCodeConfiguration());
        builder.Entity<BankIdSessionRecord>(b =>
        {
            b.ToTable("PortalBankIdSessions");
            b.HasKey(x => x.Id);
            foreach (var name in new[] { nameof(BankIdSessionRecord.OrderRef), nameof(BankIdSessionRecord.AutoStartToken), nameof(BankIdSessionRecord.QrStartToken) })
                b.Property(name).HasMaxLength(64);
            b.Property(x => x.QrStartSecret).HasMaxLength(400);
            b.Property(x => x.Kind).HasMaxLength(8);
            b.Property(x => x.Purpose).HasMaxLength(64);
            b.Property(x => x.Email).HasMaxLength(256);
            b.Property(x => x.PersonalNumber).HasMaxLength(12);
            b.Property(x => x.Decision).HasMaxLength(32);
            b.Property(x => x.Form).HasMaxLength(4000);
            b.Property(x => x.Text).HasMaxLength(4000);
            b.Property(x => x.DocumentHash).HasMaxLength(64);
            b.Property(x => x.Status).HasMaxLength(16);
            b.Property(x => x.HintCode).HasMaxLength(32);
            b.Property(x => x.ErrorCode).HasMaxLength(32);
            b.HasIndex(x => x.StartedAt);
        });
        builder.Entity<BankIdSimulatorOrder>(b =>
        {
            b.ToTable("PortalBankIdSimulatorOrders");
            b.HasKey(x => x.OrderRef);
            b.Property(x => x.OrderRef).HasMaxLength(36);
            b.Property(x => x.AutoStartToken).HasMaxLength(36);
            b.Property(x => x.QrStartToken).HasMaxLength(36);
            b.Property(x => x.QrStartSecret).HasMaxLength(36);
            b.Property(x => x.Kind).HasMaxLength(8);
            b.Property(x => x.PersonalNumber).HasMaxLength(12);
            b.Property(x => x.EndUserIp).HasMaxLength(64);
            b.Property(x => x.UserVisibleData).HasMaxLength(4000);
            b.Property(x => x.UserNonVisibleData).HasMaxLength(200);
            b.Property(x => x.SignerPersonalNumber).HasMaxLength(12);
            b.Property(x => x.SignerName).HasMaxLength(200);
            b.HasIndex(x => x.AutoStartToken).IsUnique();
            b.HasIndex(x => x.StartedAt);
        });
        builder.Entity<DataProtectionKey>().ToTable("PortalDataProtectionKeys");
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
            b.HasIndex(x => new { x.Email, x.CreatedAt });
        }
    }
}

public sealed class PostgresPortalIdentityDbContext(DbContextOptions<PostgresPortalIdentityDbContext> options) : PortalIdentityDbContext(options);

public sealed class SqlitePortalIdentityDbContext(DbContextOptions<SqlitePortalIdentityDbContext> options) : PortalIdentityDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // As in the engine: SQLite cannot compare DateTimeOffset text in SQL, so the codes', sessions' and orders' times are UTC
        // ticks. (Identity's own LockoutEnd is only compared in memory and stays as it is.)
        foreach (var type in new[] { typeof(OneTimeCode), typeof(BankIdSessionRecord), typeof(BankIdSimulatorOrder) })
        {
            foreach (var property in builder.Entity(type).Metadata.GetProperties().Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
                property.SetValueConverter(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter());
        }
    }
}

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
