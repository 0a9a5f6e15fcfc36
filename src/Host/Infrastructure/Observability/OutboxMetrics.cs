using System.Diagnostics.Metrics;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Infrastructure.Observability;

/// <summary>
/// The outbox's queue length and the age of its oldest unsent message, as gauges. The values are read
/// from the database on a timer (a scrape never waits for a query) and kept for the next scrape.
/// </summary>
internal sealed class OutboxMetrics : BackgroundService
{
    public const string MeterName = "Elsa.Kundportal.Operations";
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(15);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxMetrics> _logger;
    private readonly Meter _meter;
    private long _pending;
    private long _failed;
    private double _oldestAgeSeconds;

    public OutboxMetrics(IServiceScopeFactory scopes, TimeProvider clock, IMeterFactory meters, ILogger<OutboxMetrics> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("kundportal.outbox.pending", () => Interlocked.Read(ref _pending), description: "Messages waiting in the outbox.");
        _meter.CreateObservableGauge("kundportal.outbox.failed", () => Interlocked.Read(ref _failed), description: "Messages the outbox gave up on.");
        _meter.CreateObservableGauge("kundportal.outbox.oldest_age", () => Volatile.Read(ref _oldestAgeSeconds), "s", "Age of the oldest message waiting in the outbox.");
    }

    /// <summary>Reads the figures now (also called by the timer).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var pending = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Pending, cancellationToken);
        var failed = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Failed, cancellationToken);
        var oldest = await db.Outbox.Where(m => m.Status == OutboxStatus.Pending).OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        Interlocked.Exchange(ref _pending, pending);
        Interlocked.Exchange(ref _failed, failed);
        Volatile.Write(ref _oldestAgeSeconds, oldest is { } at ? Math.Max(0, (_clock.GetUtcNow() - at).TotalSeconds) : 0);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshEvery, _clock);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be down; the health check says so. The gauges keep their last values.
                _logger.LogWarning(e, "Could not read the outbox figures");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }
}
