using System.Collections.Concurrent;
using System.Globalization;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>What kind of request a timing is for.</summary>
internal enum RequestKind
{
    /// <summary>A POST to a task page that answers the step: the engine resumes the process.</summary>
    TaskAnswer,

    /// <summary>A POST to a task page that only starts the BankID signing (no step taken yet).</summary>
    TaskBankIdStart,

    /// <summary>Everything else a person's browser asks for: pages, login, the application form, roles, the BankID app.</summary>
    Other,

    /// <summary>Not a request: waiting for an e-mail, from the answer that sends it until the SMTP server has it.</summary>
    Mail,
}

/// <summary>Every request's time, every failure and every completed order of one phase; safe for concurrent orders.</summary>
internal sealed class PhaseLog(string name)
{
    private readonly ConcurrentQueue<(string Label, RequestKind Kind, double Ms)> _requests = new();
    private readonly ConcurrentQueue<(string Label, string Message)> _failures = new();
    private readonly ConcurrentQueue<double> _orders = new();

    public string Name { get; } = name;

    private int _started;

    public void Starting() => Interlocked.Increment(ref _started);

    public int StartedCount => Volatile.Read(ref _started);

    public void Request(string label, RequestKind kind, TimeSpan elapsed) => _requests.Enqueue((label, kind, elapsed.TotalMilliseconds));

    public void Failure(string label, string message) => _failures.Enqueue((label, message));

    public void Completed(TimeSpan duration) => _orders.Enqueue(duration.TotalSeconds);

    public int CompletedCount => _orders.Count;

    public int FailureCount => _failures.Count;

    public IReadOnlyList<(string Label, string Message)> Failures => [.. _failures];

    /// <summary>The sorted times of the requests that match, in milliseconds.</summary>
    public List<double> Times(Func<string, RequestKind, bool> which)
    {
        var times = _requests.Where(r => which(r.Label, r.Kind)).Select(r => r.Ms).ToList();
        times.Sort();
        return times;
    }

    /// <summary>The labels in the order they were first seen (the order of the steps).</summary>
    public IReadOnlyList<(string Label, RequestKind Kind)> Labels() => [.. _requests.Select(r => (r.Label, r.Kind)).Distinct()];

    public List<double> OrderSeconds()
    {
        var seconds = _orders.ToList();
        seconds.Sort();
        return seconds;
    }

    /// <summary>"n 120, p50 12.3 ms, p95 ..., p99 ..., max ...".</summary>
    public static string Summary(List<double> sorted) => sorted.Count == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture,
            $"n {sorted.Count}, p50 {Percentiles.Of(sorted, 0.50):F1} ms, p95 {Percentiles.Of(sorted, 0.95):F1} ms, p99 {Percentiles.Of(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms");
}
