using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Workflows.Runtime;

public sealed partial class WorkflowRuntime
{
    /// <summary>How often a step is tried when the database cannot be reached before the step commits.</summary>
    private const int TransientAttempts = 3;

    /// <summary>
    /// Runs a step, and runs it again when the database could not be reached before it committed (a restart or a
    /// failover broke the pooled connections): a step writes only to the database, in one transaction that was rolled
    /// back, so nothing of it happened and trying again cannot double it. A connection lost while committing is not
    /// tried again (<see cref="DatabaseUnavailableException.OutcomeUnknown"/>).
    /// </summary>
    private async Task<T> TransientAsync<T>(Func<Task<T>> step)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (Exception e) when (e is not DatabaseUnavailableException && DatabaseErrors.IsTransient(e))
            {
                DatabaseErrors.ForgetBrokenConnections(e);
                if (attempt == TransientAttempts)
                {
                    logger.LogWarning("A step did not happen: the database could not be reached in {Attempts} attempts ({Error})", attempt, DatabaseErrors.Describe(e));
                    throw new DatabaseUnavailableException(outcomeUnknown: false, e);
                }
                logger.LogInformation("A step is tried again after a transient database error ({Error})", DatabaseErrors.Describe(e));
            }
        }
    }
}
