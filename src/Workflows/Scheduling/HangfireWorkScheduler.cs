using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Runtime;
using Hangfire;

namespace Elsa.Kundportal.Workflows.Scheduling;

/// <summary>
/// Hangfire runs the due work: a delayed job per timer for precision, a job to deliver new mail,
/// and a recurring sweep that picks up anything a lost job missed (e.g. after a restart on
/// in-memory storage). Jobs are idempotent, so a job that runs twice does no harm.
/// </summary>
public sealed class HangfireWorkScheduler(IBackgroundJobClient jobs, TimeProvider clock) : IWorkScheduler
{
    public const string SweepJobId = "workflows-due-work-sweep";

    public void OnCommitted(IReadOnlyList<(Guid BookmarkId, DateTimeOffset ResumeAt)> timers, bool hasMessages)
    {
        var now = clock.GetUtcNow();
        foreach (var (bookmarkId, resumeAt) in timers)
        {
            // Work due at once (an outgoing call) goes to a worker now rather than at the next poll for delayed jobs.
            if (resumeAt <= now)
                jobs.Enqueue<DueWorkJobs>(j => j.ResumeTimerAsync(bookmarkId, CancellationToken.None));
            else
                jobs.Schedule<DueWorkJobs>(j => j.ResumeTimerAsync(bookmarkId, CancellationToken.None), resumeAt);
        }
        if (hasMessages)
            jobs.Enqueue<DueWorkJobs>(j => j.DispatchOutboxAsync(CancellationToken.None));
    }

    public static void RegisterRecurringJobs(IRecurringJobManager recurring) =>
        recurring.AddOrUpdate<DueWorkJobs>(SweepJobId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely());
}

/// <summary>The Hangfire jobs; each is safe to run twice.</summary>
public sealed class DueWorkJobs(DueWorkProcessor timers, OutboxDispatcher outbox)
{
    [AutomaticRetry(Attempts = 0)]
    public Task ResumeTimerAsync(Guid bookmarkId, CancellationToken cancellationToken) => timers.RunTimerAsync(bookmarkId, cancellationToken);

    [AutomaticRetry(Attempts = 0)]
    public Task DispatchOutboxAsync(CancellationToken cancellationToken) => outbox.DispatchDueAsync(cancellationToken);

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await timers.RunDueTimersAsync(cancellationToken: cancellationToken);
        await outbox.DispatchDueAsync(cancellationToken);
    }
}
