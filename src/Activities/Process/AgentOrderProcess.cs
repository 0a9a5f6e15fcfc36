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
    public Task<AgentOrderStartResult> StartAsync(AgentOrderStart start, string actor, int? version = null, string? idempotencyKey = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(start, actor, version, applicationOnly: false, idempotencyKey, cancellationToken);

    /// <summary>
    /// Starts from the anonymous application form: an organisation that already has a kundavtal is refused (its people
    /// order after signing in), so a stranger cannot order for it.
    /// </summary>
    public Task<AgentOrderStartResult> ApplyAsync(AgentOrderStart start, string actor, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        StartAsync(start, actor, version: null, applicationOnly: true, idempotencyKey, cancellationToken);

    private async Task<AgentOrderStartResult> StartAsync(AgentOrderStart start, string actor, int? version, bool applicationOnly, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        await using (var db = dbs.CreateDbContext())
        {
            var errors = await start.ValidateAsync(db, applicationOnly, cancellationToken);
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
