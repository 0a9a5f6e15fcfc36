namespace Elsa.Kundportal.Workflows.Outbox;

/// <summary>
/// Thrown by a transport when another attempt cannot succeed (the receiver refused the message for good, or what it
/// says no longer holds): the outbox marks the message Failed at once instead of retrying it.
/// </summary>
public class UndeliverableMessageException(string message, Exception? innerException = null) : Exception(message, innerException);
