using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Workflows.Outbox;

/// <summary>
/// Delivers pending outbox messages. A message is claimed with a lease by a conditional update,
/// so two nodes never send it at the same moment; a failed attempt is retried with exponential
/// backoff until <see cref="OutboxOptions.MaxAttempts"/>, then marked Failed for an operator (at once when the
/// transport says the message is undeliverable).
/// A crash between sending and recording resends with the same Message-ID once the lease has run out; a cancelled
/// send (the node shutting down) hands the message back at once.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IEnumerable<IMessageTransport> transports, TimeProvider clock,
    IOptions<WorkflowsOptions> options, ILogger<OutboxDispatcher> logger)
{
    private readonly Dictionary<string, IMessageTransport> _transports = transports.ToDictionary(t => t.Channel, StringComparer.Ordinal);

    /// <summary>Sends what is due now. Returns the number of messages sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value.Outbox;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var message in due)
        {
            var leaseUntil = now + settings.Lease;
            var claimed = await db.Outbox
                .Where(m => m.Id == message.Id && m.Status == OutboxStatus.Pending && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, leaseUntil).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
            if (claimed == 0)
                continue;
            var attempts = message.Attempts + 1;
            try
            {
                if (!_transports.TryGetValue(message.Channel, out var transport))
                    throw new InvalidOperationException($"No transport is configured for the channel '{message.Channel}'.");
                await transport.SendAsync(message, cancellationToken);
                var sentAt = clock.GetUtcNow();
                await db.Outbox.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sent)
                    .SetProperty(m => m.SentAt, sentAt)
                    .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
                sent++;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down mid-send: give the message back at once rather than leaving it leased to a node that is
                // going away. (Had it reached the server, the resend carries the same Message-ID.)
                await db.Outbox.Where(m => m.Id == message.Id && m.LockedUntil == leaseUntil).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1), CancellationToken.None);
                logger.LogInformation("Outbox message {MessageId} was being sent when the work was cancelled; it is left for the next attempt", message.Id);
                throw;
            }
            catch (Exception e)
            {
                var failed = attempts >= settings.MaxAttempts || e is UndeliverableMessageException;
                var next = clock.GetUtcNow() + Backoff(attempts, settings);
                var error = $"{e.GetType().Name}: {e.Message}";
                logger.LogWarning("Outbox message {MessageId} attempt {Attempt} failed: {Error}", message.Id, attempts, error);
                await db.Outbox.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, failed ? OutboxStatus.Failed : OutboxStatus.Pending)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.LastError, error), CancellationToken.None);
            }
        }
        return sent;
    }

    public static TimeSpan Backoff(int attempts, OutboxOptions settings)
    {
        var delay = settings.FirstRetryDelay * Math.Pow(2, Math.Max(0, attempts - 1));
        return delay > settings.MaxRetryDelay ? settings.MaxRetryDelay : delay;
    }
}
