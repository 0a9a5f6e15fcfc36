namespace Elsa.Kundportal.Host.Sms;

/// <summary>
/// An SMS that could not be handed to the gateway this time; the outbox tries again. The message is what the outbox
/// records and logs, so it names the gateway's answer but never the text (it holds the code) or the whole number.
/// </summary>
internal sealed class SmsDeliveryException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>An SMS that no attempt can deliver (refused by the gateway, a number that takes no SMS, a code that has expired): marked Failed at once.</summary>
internal sealed class UndeliverableSmsException(string message) : Elsa.Kundportal.Workflows.Outbox.UndeliverableMessageException(message);
