using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Elsa.Kundportal.Workflows.Persistence;

/// <summary>The engine's tables. Provider-specific subclasses carry their own migrations.</summary>
public abstract class WorkflowsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<WorkflowDefinitionRecord> Definitions => Set<WorkflowDefinitionRecord>();
    public DbSet<WorkflowInstanceRecord> Instances => Set<WorkflowInstanceRecord>();
    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();
    public DbSet<JournalEntryRecord> Journal => Set<JournalEntryRecord>();
    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();
    public DbSet<OutboxMessageRecord> Outbox => Set<OutboxMessageRecord>();

    /// <summary>True on PostgreSQL, where a step takes a row lock on its instance.</summary>
    public abstract bool SupportsRowLocks { get; }

    /// <summary>A value as the provider stores it, for parameters of raw SQL (which bypasses value converters).</summary>
    public virtual object ToProvider(object value) => value;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new DefinitionConfiguration());
        modelBuilder.ApplyConfiguration(new InstanceConfiguration());
        modelBuilder.ApplyConfiguration(new BookmarkConfiguration());
        modelBuilder.ApplyConfiguration(new JournalConfiguration());
        modelBuilder.ApplyConfiguration(new IncidentConfiguration());
        modelBuilder.ApplyConfiguration(new OutboxConfiguration());
    }

    private sealed class DefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRecord>
    {
        public void Configure(EntityTypeBuilder<WorkflowDefinitionRecord> b)
        {
            b.ToTable("workflow_definitions");
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasMaxLength(64);
            b.Property(x => x.DefinitionId).HasMaxLength(128);
            b.Property(x => x.Name).HasMaxLength(256);
            b.Property(x => x.ContentHash).HasMaxLength(64);
            b.Property(x => x.Revision).IsConcurrencyToken();
            b.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
            b.HasIndex(x => new { x.DefinitionId, x.ContentHash });
        }
    }

    private sealed class InstanceConfiguration : IEntityTypeConfiguration<WorkflowInstanceRecord>
    {
        public void Configure(EntityTypeBuilder<WorkflowInstanceRecord> b)
        {
            b.ToTable("workflow_instances");
            b.HasKey(x => x.Id);
            b.Property(x => x.DefinitionId).HasMaxLength(128);
            b.Property(x => x.DefinitionVersionId).HasMaxLength(64);
            b.Property(x => x.Status).HasMaxLength(16);
            b.Property(x => x.SubStatus).HasMaxLength(16);
            b.Property(x => x.CorrelationId).HasMaxLength(256);
            b.Property(x => x.Revision).IsConcurrencyToken();
            b.HasIndex(x => x.CorrelationId);
            b.HasIndex(x => new { x.DefinitionId, x.Version, x.Status, x.SubStatus });
            // Every index here is written on each step that moves an instance on: keep only those that queries need.
            // Operations dashboard: keyset paging newest first, the funnel of running instances by step, finished per day.
            b.HasIndex(x => new { x.CreatedAt, x.Id }).HasDatabaseName("ix_workflow_instances_created_at_id");
            b.HasIndex(x => new { x.DefinitionId, x.Version, x.WaitingAt, x.UpdatedAt })
                .HasFilter("status = 'Running'").HasDatabaseName("ix_workflow_instances_running_waiting_at");
            // Finished per day, and retention's "finished before the cutoff".
            b.HasIndex(x => x.FinishedAt, "ix_workflow_instances_finished_at_all");
            // Idempotent starts: the database, not a node's memory, refuses a second instance for the same key.
            b.Property(x => x.IdempotencyKey).HasMaxLength(64);
            b.Property(x => x.RunningKey).HasMaxLength(64);
            b.HasIndex(x => new { x.DefinitionId, x.IdempotencyKey }, "IdempotencyKey").IsUnique()
                .HasFilter("idempotency_key IS NOT NULL").HasDatabaseName(Runtime.StartKeys.IdempotencyIndex);
            b.HasIndex(x => new { x.DefinitionId, x.RunningKey }, "RunningKey").IsUnique()
                .HasFilter("running_key IS NOT NULL").HasDatabaseName(Runtime.StartKeys.RunningIndex);
        }
    }

    private sealed class BookmarkConfiguration : IEntityTypeConfiguration<BookmarkRecord>
    {
        public void Configure(EntityTypeBuilder<BookmarkRecord> b)
        {
            b.ToTable("workflow_bookmarks");
            b.HasKey(x => x.Id);
            b.Property(x => x.ActivityId).HasMaxLength(64);
            b.Property(x => x.ActivityType).HasMaxLength(128);
            b.Property(x => x.Name).HasMaxLength(128);
            b.Property(x => x.StimulusHash).HasMaxLength(64);
            b.Property(x => x.TokenHash).HasMaxLength(64);
            b.Property(x => x.CorrelationId).HasMaxLength(256);
            b.Property(x => x.Recipient).HasMaxLength(256);
            b.Property(x => x.Status).HasMaxLength(16);
            b.HasIndex(x => x.TokenHash).IsUnique();
            b.HasIndex(x => x.InstanceId);
            // Active bookmarks are what lookups search; burned ones stay as a record of who resumed them.
            b.HasIndex(x => new { x.StimulusHash, x.CorrelationId }).HasFilter("status = 'Active'");
            // HTTP endpoints, resumed or not, so a request that comes again is told it was already handled.
            b.HasIndex(x => new { x.StimulusHash, x.CorrelationId }, "HttpEndpoint").HasFilter("name = 'Elsa.HttpEndpoint'")
                .HasDatabaseName("ix_workflow_bookmarks_http_endpoint");
            b.HasIndex(x => x.ResumeAt).HasFilter("status = 'Active' AND resume_at IS NOT NULL");
            // Timers by name and state (e.g. instances past a reminder); links and events, the bulk of bookmarks, stay out of it.
            b.HasIndex(x => new { x.Name, x.Status, x.InstanceId, x.ActivityId }).HasFilter("resume_at IS NOT NULL");
            b.HasOne<WorkflowInstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    private sealed class JournalConfiguration : IEntityTypeConfiguration<JournalEntryRecord>
    {
        public void Configure(EntityTypeBuilder<JournalEntryRecord> b)
        {
            b.ToTable("workflow_journal");
            b.HasKey(x => x.Id);
            b.Property(x => x.Kind).HasMaxLength(32);
            b.Property(x => x.ActivityId).HasMaxLength(64);
            b.Property(x => x.ActivityType).HasMaxLength(128);
            b.Property(x => x.Outcome).HasMaxLength(128);
            b.Property(x => x.Actor).HasMaxLength(256);
            b.HasIndex(x => new { x.InstanceId, x.Sequence }).IsUnique();
            // Application entries by kind and time (decisions and expiries per day, failed step-ups). The engine's own
            // high-volume entries are left out: four of them are written on every step and no query looks them up by kind.
            b.HasIndex(x => new { x.Kind, x.Timestamp })
                .HasFilter("kind NOT IN ('ActivityStarted', 'ActivityCompleted', 'BookmarkCreated', 'BookmarkResumed', 'BookmarkWithdrawn')");
            b.HasOne<WorkflowInstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    private sealed class IncidentConfiguration : IEntityTypeConfiguration<IncidentRecord>
    {
        public void Configure(EntityTypeBuilder<IncidentRecord> b)
        {
            b.ToTable("workflow_incidents");
            b.HasKey(x => x.Id);
            b.Property(x => x.ActivityId).HasMaxLength(64);
            b.Property(x => x.ActivityType).HasMaxLength(128);
            b.Property(x => x.ExceptionType).HasMaxLength(256);
            b.HasIndex(x => x.InstanceId);
            b.HasOne<WorkflowInstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    private sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxMessageRecord>
    {
        public void Configure(EntityTypeBuilder<OutboxMessageRecord> b)
        {
            b.ToTable("outbox_messages");
            b.HasKey(x => x.Id);
            b.Property(x => x.Channel).HasMaxLength(16);
            b.Property(x => x.Recipient).HasMaxLength(256);
            b.Property(x => x.RecipientName).HasMaxLength(256);
            b.Property(x => x.Subject).HasMaxLength(512);
            b.Property(x => x.MessageId).HasMaxLength(128);
            b.Property(x => x.Status).HasMaxLength(16);
            b.HasIndex(x => x.MessageId).IsUnique();
            b.HasIndex(x => x.InstanceId);
            b.HasIndex(x => x.NextAttemptAt).HasFilter("status = 'Pending'");
            // Operations dashboard: failed messages and the age of the queue.
            b.HasIndex(x => new { x.Status, x.CreatedAt });
        }
    }
}

/// <summary>PostgreSQL: row locks serialise steps of one instance across nodes.</summary>
public sealed class PostgresWorkflowsDbContext(DbContextOptions<PostgresWorkflowsDbContext> options) : WorkflowsDbContext(options)
{
    public override bool SupportsRowLocks => true;
}

/// <summary>SQLite, the embedded default: one writer at a time, so a transaction alone serialises steps.</summary>
public sealed class SqliteWorkflowsDbContext(DbContextOptions<SqliteWorkflowsDbContext> options) : WorkflowsDbContext(options)
{
    public override bool SupportsRowLocks => false;

    private static readonly DateTimeOffsetToBinaryConverter TimeConverter = new();

    public override object ToProvider(object value) => value switch
    {
        DateTimeOffset time => TimeConverter.ConvertToProvider(time)!,
        Guid id => id.ToString().ToUpperInvariant(),
        _ => value,
    };

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare DateTimeOffset text in SQL; store UTC ticks so due-work queries order correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
