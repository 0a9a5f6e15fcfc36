using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Host.Dev;

/// <summary>
/// Delivers a channel's messages to the dev mailbox. The outbox row already holds the whole message, so delivering
/// means letting the dispatcher mark it sent; <c>/dev/mailbox</c> lists the rows.
/// </summary>
internal sealed class DevMailboxTransport(string channel) : IMessageTransport
{
    public string Channel { get; } = channel;

    public Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken) => Task.CompletedTask;
}
