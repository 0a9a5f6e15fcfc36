using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>
/// What an operator can do to an instance. Every action needs a reason, and the engine journals it with
/// the operator's identity in the same transaction as the change.
/// </summary>
internal sealed class OperationsActions(WorkflowRuntime runtime, OperationsQueries queries, ILogger<OperationsActions> logger)
{
    /// <summary>The most instances one bulk action touches; narrow the filter for more.</summary>
    public const int MaxBulk = 500;
    public const string BulkCancel = "cancel";
    public const string BulkRetry = "retry";

    private const string ReasonRequired = "Ange en anledning; den sparas i ärendets historik.";

    public async Task<ActionResult> CancelAsync(Guid instanceId, string? reason, string actor, CancellationToken cancellationToken)
    {
        if (Reason(reason) is not { } why)
            return ActionResult.Refused(ActionProblem.Invalid, ReasonRequired);
        var result = await runtime.CancelAsync(instanceId, why, actor, cancellationToken);
        Log(nameof(CancelAsync), instanceId, actor, result.Outcome);
        return Answer(result, "Ärendet avbröts.");
    }

    public async Task<ActionResult> RetryAsync(Guid instanceId, string? reason, string actor, CancellationToken cancellationToken)
    {
        if (Reason(reason) is not { } why)
            return ActionResult.Refused(ActionProblem.Invalid, ReasonRequired);
        var result = await runtime.RetryAsync(instanceId, actor, why, cancellationToken);
        Log(nameof(RetryAsync), instanceId, actor, result.Outcome);
        return Answer(result, result.Step?.SubStatus == Workflows.Persistence.WorkflowSubStatus.Faulted
            ? "Steget kördes igen men misslyckades på nytt; se den nya incidenten."
            : "Steget kördes igen.");
    }

    /// <summary>
    /// Sends the recipient a new link; the old one stops working. The new token goes only into the e-mail. A link
    /// addressed to no one (a task a system answers with its token) has nobody to mail: the operator gets the new token,
    /// once, in the answer (<see cref="ActionResult.Token"/>); it is neither journalled nor logged.
    /// </summary>
    public async Task<ActionResult> ResendLinkAsync(Guid bookmarkId, string? reason, string actor, CancellationToken cancellationToken)
    {
        if (Reason(reason) is not { } why)
            return ActionResult.Refused(ActionProblem.Invalid, ReasonRequired);
        var result = await runtime.ReissueBookmarkAsync(bookmarkId, actor, why, cancellationToken);
        logger.LogInformation("Operator {Actor} reissued link bookmark {BookmarkId}: {Outcome}", actor, bookmarkId, result.Outcome);
        if (result.Outcome != InstanceCommandOutcome.Done)
            return Refused(result.Outcome, result.Message);
        return result.Token is { Recipient: { } recipient }
            ? new ActionResult(true, $"En ny länk skickades till {recipient}. Den gamla länken gäller inte längre.")
            : new ActionResult(true, "Uppgiften har ingen mottagare, så ingen fick något mejl. Den nya länken (token) visas bara nu: "
                + "lämna den till den som ska besvara uppgiften. Den gamla länken gäller inte längre.") { Token = result.Token?.Token };
    }

    /// <summary>Plans (with <paramref name="dryRun"/>) or performs moving the instance to another published version.</summary>
    public async Task<ActionResult> MigrateAsync(Guid instanceId, int targetVersion, bool dryRun, string? reason, string actor, CancellationToken cancellationToken)
    {
        var why = Reason(reason);
        if (!dryRun && why is null)
            return ActionResult.Refused(ActionProblem.Invalid, ReasonRequired);
        MigrationPlan plan;
        try
        {
            plan = await runtime.MigrateAsync(instanceId, targetVersion, dryRun, actor, why ?? "", cancellationToken);
        }
        catch (DefinitionNotFoundException)
        {
            return ActionResult.Refused(ActionProblem.Invalid, $"Version {targetVersion} är inte publicerad.");
        }
        catch (InstanceNotFoundException)
        {
            return ActionResult.Refused(ActionProblem.NotFound, "Ärendet finns inte.");
        }
        if (!dryRun)
            logger.LogInformation("Operator {Actor} migrated instance {InstanceId} to version {Version}: {Applied}", actor, instanceId, targetVersion, plan.Applied);
        var message = plan.Applied ? $"Ärendet flyttades till version {plan.ToVersion}."
            : !plan.Allowed ? $"Flytten till version {plan.ToVersion} är inte tillåten."
            : $"Provkörning: flytten till version {plan.ToVersion} är möjlig. Inget har ändrats.";
        return new ActionResult(plan.Applied || (dryRun && plan.Allowed), message, plan);
    }

    /// <summary>Cancels or retries every instance the filter selects (at most <see cref="MaxBulk"/>), one transaction each.</summary>
    /// <summary>How many cases a bulk action on <paramref name="filter"/> reaches now (at most <see cref="MaxBulk"/>).</summary>
    public async Task<int> CountAsync(InstanceFilter filter, CancellationToken cancellationToken) =>
        (await queries.SelectIdsAsync(filter, MaxBulk, cancellationToken)).Count;

    public async Task<(BulkResult? Result, string? Error)> BulkAsync(InstanceFilter filter, string action, string? reason, string actor, CancellationToken cancellationToken)
    {
        if (action is not (BulkCancel or BulkRetry))
            return (null, "Välj avbryt eller försök igen.");
        if (Reason(reason) is null)
            return (null, ReasonRequired);
        var ids = await queries.SelectIdsAsync(filter, MaxBulk, cancellationToken);
        var done = 0;
        var refused = new List<string>();
        foreach (var id in ids)
        {
            var result = action == BulkCancel
                ? await CancelAsync(id, reason, actor, cancellationToken)
                : await RetryAsync(id, reason, actor, cancellationToken);
            if (result.Done)
                done++;
            else
                refused.Add($"{id}: {result.Message}");
        }
        return (new BulkResult(ids.Count, done, refused), null);
    }

    private static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    private static ActionResult Answer(InstanceCommandResult result, string done) =>
        result.Outcome == InstanceCommandOutcome.Done ? new ActionResult(true, done) : Refused(result.Outcome, result.Message);

    private static ActionResult Refused(InstanceCommandOutcome outcome, string? message) => outcome == InstanceCommandOutcome.NotFound
        ? ActionResult.Refused(ActionProblem.NotFound, "Finns inte.")
        : ActionResult.Refused(ActionProblem.NotAllowed, $"Inte tillåtet: {message}");

    private void Log(string action, Guid instanceId, string actor, InstanceCommandOutcome outcome) =>
        logger.LogInformation("Operator {Actor} ran {Action} on instance {InstanceId}: {Outcome}", actor, action, instanceId, outcome);
}
