using Elsa.Kundportal.Activities.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Elsa.Kundportal.Activities.Persistence;

/// <summary>
/// The Kundportal domain's tables, in the engine's database. Activities open it on the step's
/// connection and transaction (<see cref="KundportalDbContextFactory.ForStep"/>), so a step that
/// rolls back rolls back its domain writes too. Provider subclasses carry their own migrations.
/// </summary>
public abstract class KundportalDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Kept apart from the engine's history table: each context migrates on its own.</summary>
    public const string MigrationsHistoryTable = "__kundportal_migrations";

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<User> Users => Set<User>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Offering> Offerings => Set<Offering>();
    public DbSet<CareUnit> CareUnits => Set<CareUnit>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Counter> Counters => Set<Counter>();
    public DbSet<AgentAssignment> AgentAssignments => Set<AgentAssignment>();
    public DbSet<StepUpProof> StepUpProofs => Set<StepUpProof>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<KundportalRole>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<OrganisationKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ApplicationStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AgreementStatus>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<OrderStatus>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<decimal>().HavePrecision(12, 2);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new OrganisationConfiguration());
        modelBuilder.ApplyConfiguration(new UserConfiguration());
        modelBuilder.ApplyConfiguration(new RoleAssignmentConfiguration());
        modelBuilder.ApplyConfiguration(new ServiceConfiguration());
        modelBuilder.ApplyConfiguration(new OfferingConfiguration());
        modelBuilder.ApplyConfiguration(new CareUnitConfiguration());
        modelBuilder.ApplyConfiguration(new ApplicationConfiguration());
        modelBuilder.ApplyConfiguration(new AgreementConfiguration());
        modelBuilder.ApplyConfiguration(new OrderConfiguration());
        modelBuilder.ApplyConfiguration(new OrderLineConfiguration());
        modelBuilder.ApplyConfiguration(new CounterConfiguration());
        modelBuilder.ApplyConfiguration(new AgentAssignmentConfiguration());
        modelBuilder.ApplyConfiguration(new StepUpProofConfiguration());
    }

    private sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
    {
        public void Configure(EntityTypeBuilder<Organisation> b)
        {
            b.ToTable("organisations");
            b.HasKey(x => x.Id);
            b.Property(x => x.OrganisationNumber).HasMaxLength(10);
            b.Property(x => x.Name).HasMaxLength(FieldLimits.Name);
            b.HasIndex(x => x.OrganisationNumber).IsUnique();
            b.Ignore(x => x.DisplayName);
        }
    }

    private sealed class UserConfiguration : IEntityTypeConfiguration<User>
    {
        public void Configure(EntityTypeBuilder<User> b)
        {
            b.ToTable("users");
            b.HasKey(x => x.Id);
            b.Property(x => x.Email).HasMaxLength(FieldLimits.Email);
            b.Property(x => x.Name).HasMaxLength(FieldLimits.Name);
            b.Property(x => x.Mobile).HasMaxLength(FieldLimits.Phone);
            b.Property(x => x.PersonalNumber).HasMaxLength(12);
            b.HasIndex(x => x.Email).IsUnique();
            // One person, one personnummer: "Logga in med BankID" finds exactly one user by it.
            b.HasIndex(x => x.PersonalNumber).IsUnique();
        }
    }

    private sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
    {
        public void Configure(EntityTypeBuilder<RoleAssignment> b)
        {
            b.ToTable("role_assignments");
            b.HasKey(x => x.Id);
            b.Property(x => x.ServiceCode).HasMaxLength(32);
            b.Property(x => x.AssignedBy).HasMaxLength(256);
            b.HasIndex(x => new { x.OrganisationId, x.Role, x.ServiceCode });
            b.HasIndex(x => new { x.UserId, x.OrganisationId, x.Role, x.ServiceCode }).IsUnique();
            b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    private sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
    {
        public void Configure(EntityTypeBuilder<Service> b)
        {
            b.ToTable("services");
            b.HasKey(x => x.Code);
            b.Property(x => x.Code).HasMaxLength(32);
            b.Property(x => x.Name).HasMaxLength(256);
            b.HasMany(x => x.Offerings).WithOne().HasForeignKey(x => x.ServiceCode).OnDelete(DeleteBehavior.Cascade);
        }
    }

    private sealed class OfferingConfiguration : IEntityTypeConfiguration<Offering>
    {
        public void Configure(EntityTypeBuilder<Offering> b)
        {
            b.ToTable("offerings");
            b.HasKey(x => x.Code);
            b.Property(x => x.Code).HasMaxLength(48);
            b.Property(x => x.ServiceCode).HasMaxLength(32);
            b.Property(x => x.Name).HasMaxLength(256);
        }
    }

    private sealed class CareUnitConfiguration : IEntityTypeConfiguration<CareUnit>
    {
        public void Configure(EntityTypeBuilder<CareUnit> b)
        {
            b.ToTable("care_units");
            b.HasKey(x => x.Id);
            b.Property(x => x.HsaId).HasMaxLength(40);
            b.Property(x => x.Name).HasMaxLength(256);
            b.HasIndex(x => new { x.OrganisationId, x.HsaId }).IsUnique();
            b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    private sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
    {
        public void Configure(EntityTypeBuilder<Application> b)
        {
            b.ToTable("applications");
            b.HasKey(x => x.Id);
            b.Property(x => x.OrganisationNumber).HasMaxLength(10);
            b.Property(x => x.OrganisationName).HasMaxLength(FieldLimits.Name);
            b.Property(x => x.SubmittedBy).HasMaxLength(256);
            b.Property(x => x.DecidedBy).HasMaxLength(256);
            b.OwnsOne(x => x.Administrator, Contact);
            b.OwnsOne(x => x.Signatory, Contact);
            b.OwnsOne(x => x.AgreementContact, Contact);
            b.Property(x => x.SignatoryPersonalNumber).HasMaxLength(12);
            b.HasIndex(x => x.OrganisationId);
            b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        }

        private static void Contact(OwnedNavigationBuilder<Application, ContactPerson> c)
        {
            c.Property(x => x.Name).HasMaxLength(FieldLimits.Name);
            c.Property(x => x.Email).HasMaxLength(FieldLimits.Email);
            c.Property(x => x.Phone).HasMaxLength(FieldLimits.Phone);
        }
    }

    private sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
    {
        public void Configure(EntityTypeBuilder<Agreement> b)
        {
            b.ToTable("agreements");
            b.HasKey(x => x.Id);
            b.Property(x => x.SignatoryName).HasMaxLength(256);
            b.Property(x => x.SignatoryEmail).HasMaxLength(256);
            b.Property(x => x.SignedBy).HasMaxLength(256);
            b.Property(x => x.SigningMethod).HasMaxLength(16);
            b.Property(x => x.SigningReference).HasMaxLength(128);
            b.Property(x => x.SignatoryPersonalNumber).HasMaxLength(12);
            b.Property(x => x.SignedDocumentHash).HasMaxLength(64);
            b.Property(x => x.TextVersion).HasMaxLength(16);
            b.Property(x => x.TextSha256).HasMaxLength(64);
            b.HasIndex(x => x.OrganisationId);
            b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Application>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.SetNull);
        }
    }

    private sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
    {
        public void Configure(EntityTypeBuilder<Order> b)
        {
            b.ToTable("orders");
            b.HasKey(x => x.Id);
            b.Property(x => x.CaseNumber).HasMaxLength(16);
            b.Property(x => x.ServiceCode).HasMaxLength(32);
            b.Property(x => x.OfferingCode).HasMaxLength(48);
            b.Property(x => x.OrderedByEmail).HasMaxLength(256);
            b.Property(x => x.OrderedByName).HasMaxLength(256);
            b.Property(x => x.ReviewedByEmail).HasMaxLength(256);
            b.Property(x => x.InvoiceOrganisationNumber).HasMaxLength(10);
            b.Property(x => x.InvoiceReference).HasMaxLength(FieldLimits.InvoiceReference);
            b.Property(x => x.InvoiceAddress).HasMaxLength(FieldLimits.InvoiceAddress);
            b.Property(x => x.AgentAttestantEmail).HasMaxLength(256);
            b.Property(x => x.AgentAttestedByEmail).HasMaxLength(256);
            b.Property(x => x.AgentAttestationMethod).HasMaxLength(16);
            b.Property(x => x.AgentAttestationReference).HasMaxLength(128);
            b.Property(x => x.CustomerAttestedByEmail).HasMaxLength(256);
            b.Property(x => x.CustomerAttestationMethod).HasMaxLength(16);
            b.Property(x => x.CustomerAttestationReference).HasMaxLength(128);
            b.Property(x => x.ClosedByEmail).HasMaxLength(256);
            b.Ignore(x => x.IsAdditionalOrder);
            b.HasIndex(x => x.CaseNumber).IsUnique();
            b.HasIndex(x => new { x.CustomerOrganisationId, x.ServiceCode });
            b.HasIndex(x => x.WorkflowInstanceId);
            b.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.CustomerOrganisationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.AgentOrganisationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Service>().WithMany().HasForeignKey(x => x.ServiceCode).OnDelete(DeleteBehavior.Restrict);
        }
    }

    private sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
    {
        public void Configure(EntityTypeBuilder<OrderLine> b)
        {
            b.ToTable("order_lines");
            b.HasKey(x => x.Id);
            b.Property(x => x.OfferingCode).HasMaxLength(48);
            b.Property(x => x.CareUnitHsaId).HasMaxLength(40);
            b.Property(x => x.CareUnitName).HasMaxLength(FieldLimits.Name);
            b.HasIndex(x => x.ItemNumber).IsUnique();
        }
    }

    private sealed class CounterConfiguration : IEntityTypeConfiguration<Counter>
    {
        public void Configure(EntityTypeBuilder<Counter> b)
        {
            b.ToTable("counters");
            b.HasKey(x => x.Name);
            b.Property(x => x.Name).HasMaxLength(32);
            b.HasData(new Counter { Name = Counter.CaseNumber, Value = 1000000 }, new Counter { Name = Counter.ItemNumber, Value = 500000 });
        }
    }

    private sealed class AgentAssignmentConfiguration : IEntityTypeConfiguration<AgentAssignment>
    {
        public void Configure(EntityTypeBuilder<AgentAssignment> b)
        {
            b.ToTable("agent_assignments");
            b.HasKey(x => x.Id);
            b.Property(x => x.ServiceCode).HasMaxLength(32);
            b.Property(x => x.CreatedBy).HasMaxLength(256);
            b.HasIndex(x => new { x.AgentOrganisationId, x.ServiceCode }).IsUnique();
            b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.AgentOrganisationId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Service>().WithMany().HasForeignKey(x => x.ServiceCode).OnDelete(DeleteBehavior.Restrict);
        }
    }

    private sealed class StepUpProofConfiguration : IEntityTypeConfiguration<StepUpProof>
    {
        public void Configure(EntityTypeBuilder<StepUpProof> b)
        {
            b.ToTable("step_up_proofs");
            b.HasKey(x => x.Id);
            b.Property(x => x.Email).HasMaxLength(256);
            b.Property(x => x.Decision).HasMaxLength(32);
            b.Property(x => x.Method).HasMaxLength(16);
            b.Property(x => x.Reference).HasMaxLength(64);
            b.Property(x => x.DocumentHash).HasMaxLength(64);
            b.Property(x => x.PersonalNumber).HasMaxLength(12);
            b.HasIndex(x => new { x.BookmarkId, x.Email, x.Decision });
            b.HasIndex(x => x.InstanceId);
        }
    }
}

/// <summary>PostgreSQL.</summary>
public sealed class PostgresKundportalDbContext(DbContextOptions<PostgresKundportalDbContext> options) : KundportalDbContext(options);

/// <summary>SQLite, the embedded default.</summary>
public sealed class SqliteKundportalDbContext(DbContextOptions<SqliteKundportalDbContext> options) : KundportalDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // As in the engine: SQLite cannot compare DateTimeOffset text in SQL, so store UTC ticks.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
