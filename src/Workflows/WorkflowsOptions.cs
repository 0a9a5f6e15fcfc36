using Elsa.Kundportal.Workflows.Expressions;

namespace Elsa.Kundportal.Workflows;

/// <summary>Engine settings. Defaults suit the embedded mode.</summary>
public sealed class WorkflowsOptions
{
    /// <summary>Domain used in outgoing Message-IDs.</summary>
    public string MessageIdDomain { get; set; } = "kundportal.local";

    /// <summary>A guard against a flowchart that loops without waiting.</summary>
    public int MaxActivitiesPerStep { get; set; } = 1000;

    /// <summary>Folder of definition files imported at start-up (idempotent). Null: none.</summary>
    public string? DefinitionsFolder { get; set; }

    public JavaScriptOptions JavaScript { get; } = new();

    public OutboxOptions Outbox { get; } = new();
}

public sealed class OutboxOptions
{
    public int MaxAttempts { get; set; } = 10;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long a node holds a claimed message before another node may try it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public int BatchSize { get; set; } = 50;
}
