namespace Elsa.Kundportal.Host.Sms;

/// <summary>
/// An SMS that could not be handed to the gateway. The message is what the outbox records and logs, so it names the
/// outbox message and the gateway's answer but never the text (it holds the code) or the whole number.
/// </summary>
internal sealed class SmsDeliveryException(string message, Exception? innerException = null) : Exception(message, innerException);
