using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Elsa.Kundportal.Workflows.Diagnostics;

/// <summary>The engine's traces and metrics (OpenTelemetry picks them up by these names).</summary>
public static class WorkflowTelemetry
{
    public const string Name = "Elsa.Kundportal.Workflows";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> InstancesStarted = Meter.CreateCounter<long>("workflows.instances.started", description: "Instances started.");
    public static readonly Counter<long> InstancesFinished = Meter.CreateCounter<long>("workflows.instances.finished", description: "Instances finished, by sub-status.");
    public static readonly Counter<long> InstancesFaulted = Meter.CreateCounter<long>("workflows.instances.faulted", description: "Steps that recorded an incident.");
    public static readonly Histogram<double> ResumeDuration = Meter.CreateHistogram<double>("workflows.resume.duration", "ms", "Time to resume a bookmark and commit the step.");
    public static readonly Counter<long> Resumes = Meter.CreateCounter<long>("workflows.resumes", description: "Resume attempts, by outcome.");
}
