using System.Collections.Concurrent;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Tests.Support;

/// <summary>Throws until the test allows its instance to pass: stands for a flaky dependency.</summary>
[Activity("Test", "Test", "Fails until allowed.")]
public sealed class FailUntilAllowed : CodeActivity
{
    public static readonly ConcurrentDictionary<Guid, int> Attempts = new();
    public static readonly ConcurrentDictionary<Guid, bool> Allowed = new();

    protected override void Execute(ActivityExecutionContext context)
    {
        Attempts.AddOrUpdate(context.WorkflowInstanceId, 1, (_, n) => n + 1);
        if (!Allowed.ContainsKey(context.WorkflowInstanceId))
            throw new InvalidOperationException("The downstream system is unavailable.");
    }
}

/// <summary>Makes a step fail at a chosen point inside its transaction.</summary>
public sealed class FaultInjector : IWorkflowStepInterceptor
{
    public StepPhase? FailAt { get; set; }

    public ValueTask OnPhaseAsync(StepPhase phase, Guid instanceId, CancellationToken cancellationToken) =>
        phase == FailAt ? throw new InvalidOperationException($"Injected failure at {phase}") : ValueTask.CompletedTask;
}

/// <summary>Refuses to start without a name in the input.</summary>
[Activity("Test", "Test", "Requires input.name.")]
public sealed class RequireName : CodeActivity
{
    protected override void Execute(ActivityExecutionContext context)
    {
        if (context.Input?["name"] is null)
            context.RejectInput("A name is required.", new Dictionary<string, string> { ["name"] = "Required." });
    }
}
