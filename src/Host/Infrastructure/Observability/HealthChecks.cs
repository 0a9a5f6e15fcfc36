using System.Net.Sockets;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Host.Infrastructure.Observability;

/// <summary>The workflow database answers a query.</summary>
internal sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The workflow database does not answer.");
    }
}

/// <summary>A Hangfire server is running (it executes timers, reminders, expiry and mail) and its storage answers.</summary>
internal sealed class HangfireHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var monitoring = storage.GetMonitoringApi();
        var servers = monitoring.Servers();
        var failed = monitoring.FailedCount();
        var data = new Dictionary<string, object> { ["servers"] = servers.Count, ["failedJobs"] = failed };
        return Task.FromResult(servers.Count == 0
            ? HealthCheckResult.Unhealthy("No Hangfire server is running: timers and mail wait.", data: data)
            : HealthCheckResult.Healthy($"{servers.Count} server(s)", data));
    }
}

/// <summary>The SMTP server accepts a connection (when SMTP is configured; the dev mailbox needs none).</summary>
internal sealed class SmtpHealthCheck(IServiceProvider services) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Every channel has its transport (SMTP, the SMS gateway, the dev mailbox): look for SMTP among them all.
        if (!services.GetServices<IMessageTransport>().OfType<SmtpMailTransport>().Any())
            return HealthCheckResult.Healthy("No SMTP server configured; mail goes to the dev mailbox.");
        var smtp = services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(smtp.Host, smtp.Port, cancel.Token);
            return HealthCheckResult.Healthy($"{smtp.Host}:{smtp.Port}");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Mail waits in the outbox and is retried; degraded rather than down.
            return HealthCheckResult.Degraded($"SMTP {smtp.Host}:{smtp.Port} does not accept connections; mail waits in the outbox.");
        }
    }
}
