namespace Elsa.Kundportal.Workflows.Persistence;

/// <summary>
/// The database could not be reached (a restart, a failover, a lost connection) and trying again inside the host did
/// not help. Unless <see cref="OutcomeUnknown"/>, the step did not happen: nothing of it was stored. With it, the
/// connection was lost while the step committed, so it may have been stored. Sending the same request again is safe
/// either way: a resume that happened is answered "already handled", a start with the same key returns its instance.
/// </summary>
public sealed class DatabaseUnavailableException(bool outcomeUnknown, Exception innerException) : Exception(
    outcomeUnknown
        ? "The connection to the database was lost while the step was being committed; it may or may not have been stored."
        : "The database could not be reached; the step did not happen.",
    innerException)
{
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}
