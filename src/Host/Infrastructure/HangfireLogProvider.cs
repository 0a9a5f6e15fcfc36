using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Elsa.Kundportal.Host.Infrastructure;

/// <summary>
/// Hangfire keeps one log provider per process, set by whichever host configured it last. When that host has been
/// disposed while another still runs (hosts in tests), asking its logger factory for a logger would throw; this
/// provider answers with a silent logger instead.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
    }
}
