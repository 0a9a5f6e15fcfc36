using System.Diagnostics.Metrics;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// One of the product's metric instruments (for example <c>WorkflowTelemetry.InstancesFinished</c>, recorded after the
/// step's commit) as a wake-up for <see cref="Recheck"/>: <see cref="NextAsync"/> completes the next time it records.
/// Instruments are process-wide, so hosts of other tests running at the same time wake it too; it only says "look
/// again", the condition decides.
/// </summary>
public sealed class InstrumentSignal : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InstrumentSignal(Instrument instrument)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (ReferenceEquals(published, instrument))
                listener.EnableMeasurementEvents(published);
        };
        _listener.SetMeasurementEventCallback<long>((_, _, _, _) => Fire());
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Fire());
        _listener.Start();
    }

    /// <summary>A task that completes when the instrument next records a measurement.</summary>
    public Task NextAsync()
    {
        lock (_lock)
            return _next.Task;
    }

    public void Dispose() => _listener.Dispose();

    private void Fire()
    {
        TaskCompletionSource recorded;
        lock (_lock)
        {
            recorded = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        recorded.SetResult();
    }
}
