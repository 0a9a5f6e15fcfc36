using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Workflows.Outbox;

/// <summary>Delivers outbox messages of one channel (e-mail, SMS). Throwing means "try again later".</summary>
public interface IMessageTransport
{
    string Channel { get; }

    Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken);
}
