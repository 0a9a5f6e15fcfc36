namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// Waits for state that announces no change the test can listen to (a database row, a page of the host): reads it, and
/// reads it again every <see cref="Interval"/>, or as soon as <c>changed</c> signals when the caller has such a signal,
/// until the condition holds. After the timeout the test fails with what was expected and the last state read.
/// For e-mail alone use <see cref="Mailbox.WaitForAsync"/>, which needs no interval.
/// </summary>
public static class Recheck
{
    /// <summary>How long to wait before reading again when nothing signalled a change.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly Task Never = new TaskCompletionSource().Task;

    /// <summary>
    /// The value <paramref name="read"/> returns once <paramref name="condition"/> holds for it. On timeout the test fails
    /// with "Waited … for <paramref name="expected"/>; last read: <paramref name="describe"/>(value)".
    /// </summary>
    /// <param name="changed">Optional: a task that completes when the state may have changed (asked for before each read).</param>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string expected, Func<T, string> describe,
        TimeSpan? timeout = null, Func<Task>? changed = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var signal = changed?.Invoke() ?? Never;
            var value = await read();
            if (condition(value))
                return value;
            if (TimeProvider.System.GetElapsedTime(started) > limit)
                throw new Xunit.Sdk.XunitException($"Waited {limit.TotalSeconds:0.#} s for {expected}; last read: {describe(value)}");
            await signal.WaitAsync(Interval).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
