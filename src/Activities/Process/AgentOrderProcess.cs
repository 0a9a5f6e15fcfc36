using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Activities.Process;

/// <summary>The answer to a start: the first step's result, or why nothing was started.</summary>
public sealed record AgentOrderStartResult(StepResult? Step, string? Message, IReadOnlyDictionary<string, string> FieldErrors)
{
    public bool Started => Step is not null;
}

/// <summary>
/// Starts "order a service through an agent" (<see cref="DefinitionId"/>) for a customer. The input is
/// validated first, so bad input (a wrong organisationsnummer, a missing application) starts nothing and
/// is answered with per-field messages. The instance is correlated by the customer's organisationsnummer.
/// A start sent again (a retry, a double submit) returns the process the first one started: by its
/// idempotency key, or without one, an application equal to one whose process still runs.
/// </summary>
public sealed class AgentOrderProcess(WorkflowRuntime runtime, KundportalDbContextFactory dbs)
{
    public const string DefinitionId = "kundportal-agent-order";

    /// <param name="start">The start form (see <see cref="AgentOrderStart"/>).</param>
    /// <param name="actor">Who started it: the applicant's or the administrator's e-mail.</param>
    /// <param name="version">A published version; null starts the newest published one.</param>
    /// <param name="idempotencyKey">Names this start for the actor: the same key again returns the same process.</param>
    public async Task<AgentOrderStartResult> StartAsync(AgentOrderStart start, string actor, int? version = null, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        await using (var db = dbs.CreateDbContext())
        {
            var errors = await start.ValidateAsync(db, cancellationToken);
            if (errors.HasErrors)
                return new AgentOrderStartResult(null, errors.Summary, errors.Fields);
        }
        var step = await runtime.StartAsync(new StartWorkflowRequest(DefinitionId)
        {
            Version = version,
            CorrelationId = OrganisationNumber.Parse(start.OrganisationNumber).Digits,
            Input = start.ToJson(),
            Actor = User.NormaliseEmail(actor),
            IdempotencyKey = idempotencyKey,
            // Additional orders of one customer may run side by side; the same application twice is one application.
            UniqueWhileRunning = idempotencyKey is null && start.Application is not null
                ? $"application\n{Stimulus.CanonicalJson(start.ToJson())}"
                : null,
        }, cancellationToken);
        return new AgentOrderStartResult(step, null, new Dictionary<string, string>());
    }
}
