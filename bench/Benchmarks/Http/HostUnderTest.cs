using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Host.Auth;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// The host as its own operating-system process (<c>dotnet Elsa.Kundportal.Host.dll</c>), as it runs in production:
/// production's settings (PostgreSQL, SMTP to the benchmark's server) with the BankID simulator, which only an environment
/// other than Production may have until a real BankID client is configured. Its own process, so its memory
/// (<c>/proc/&lt;pid&gt;/status</c>) and CPU time are its own and not mixed with the benchmark's clients.
/// </summary>
internal sealed partial class HostUnderTest : IAsyncDisposable
{
    /// <summary>High enough that no client of the benchmark is refused: every client comes from 127.0.0.1.</summary>
    public const int RateLimitPerMinute = 1_000_000;

    private const int KeptLines = 200;
    private const int KeptErrors = 5;
    private const int LinesPerError = 20;
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly Dictionary<string, int> _warnings = new(StringComparer.Ordinal);
    private readonly List<List<string>> _errors = [];
    private int _errorCount;
    private int _startUpErrors;
    private bool _started;
    private List<string>? _error;
    private long _peakResidentKiB;

    private HostUnderTest(Process process, Uri baseAddress, string assembly)
    {
        _process = process;
        BaseAddress = baseAddress;
        Assembly = assembly;
    }

    public Uri BaseAddress { get; }

    public string Assembly { get; }

    public int ProcessId => _process.Id;

    /// <summary>The host's rate limits (per client address and minute) that the benchmark raises to <see cref="RateLimitPerMinute"/>.</summary>
    public static IReadOnlyList<string> RaisedRateLimits { get; } =
    [
        $"{PortalRateLimits.Section}:{nameof(PortalRateLimits.LoginPerMinute)}",
        $"{PortalRateLimits.Section}:{nameof(PortalRateLimits.TasksPerMinute)}",
        $"{PortalRateLimits.Section}:{nameof(PortalRateLimits.OtpPerMinute)}",
    ];

    /// <summary>Starts the host and waits until it serves; with <paramref name="analysis"/> it also writes the logs that reads.</summary>
    public static async Task<HostUnderTest> StartAsync(string connectionString, int smtpPort, TextWriter output, IReadOnlyDictionary<string, string?> bankId, HostLogAnalysis? analysis = null)
    {
        var assembly = await LocateAsync(output);
        var port = Elsa.Kundportal.Testing.FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Production's settings, in an environment that may have the BankID simulator the orders sign with (a
        // Production host refuses the dev tools); no demo data.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Benchmark";
        start.Environment["Kundportal__DevTools"] = "true";
        start.Environment["Kundportal__DemoData"] = "false";
        start.Environment["Kundportal__Database"] = "Postgres";
        start.Environment["ConnectionStrings__Kundportal"] = connectionString;
        start.Environment["Kundportal__PublicBaseUrl"] = "https://kundportal.example.se";
        start.Environment["Kundportal__Smtp__Host"] = "127.0.0.1";
        start.Environment["Kundportal__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture);
        foreach (var key in RaisedRateLimits)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = RateLimitPerMinute.ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        // BankID is the stand-in the benchmark started (Production has no simulator).
        foreach (var (key, value) in bankId)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        if (analysis is not null)
        {
            foreach (var (key, value) in HostLogAnalysis.HostSettings)
                start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostUnderTest(process, new Uri($"http://127.0.0.1:{port}"), assembly);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null)
                return;
            var serving = line.Contains("Application started", StringComparison.Ordinal);
            lock (host._lastLines)
            {
                host.Remember(line);
                if (serving && !host._started)
                    host.StartedServing();
            }
            try
            {
                analysis?.Read(line);
            }
            catch (System.Text.Json.JsonException)
            {
                // A line that only looks like JSON.
            }
            if (serving)
                started.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The host exited during start-up:\n{host.LastLines}"));
        process.Start();
        // Should the benchmark end without disposing (Ctrl+C), the host ends with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => host.Kill();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(120));
        return host;
    }

    /// <summary>
    /// Counts what was logged until now as start-up: on a fresh database EF Core's probe for each migrations table
    /// fails once by design and is logged as an error. The report counts what the host logs while it serves.
    /// </summary>
    private void StartedServing()
    {
        _started = true;
        _startUpErrors = _errorCount;
        _errorCount = 0;
        _errors.Clear();
        _warnings.Clear();
    }

    private void Remember(string line)
    {
        _lastLines.Enqueue(line);
        if (_lastLines.Count > KeptLines)
            _lastLines.Dequeue();
        if (_error is { Count: < LinesPerError } && line.StartsWith(' '))
        {
            _error.Add(line);
            return;
        }
        _error = null;
        // The console's simple format ("warn: Category[id]") or, with the log analysis, its JSON format.
        var level = line.Length > 6 && line[4] == ':' ? line[..4] : JsonLevel().Match(line) is { Success: true } m ? m.Groups[1].Value : "";
        if (level is "warn" or "Warning")
        {
            var category = line.StartsWith('{') ? JsonCategory().Match(line).Groups[1].Value : line[6..].Split('[')[0];
            _warnings[category] = _warnings.GetValueOrDefault(category) + 1;
        }
        else if (level is "fail" or "crit" or "Error" or "Critical")
        {
            _errorCount++;
            if (_errors.Count < KeptErrors)
                _errors.Add(_error = [line]);
        }
    }

    /// <summary>The last lines the host wrote, for a failure report.</summary>
    public string LastLines
    {
        get
        {
            lock (_lastLines)
                return string.Join('\n', _lastLines);
        }
    }

    /// <summary>How many warnings the host logged, by category.</summary>
    public IReadOnlyDictionary<string, int> Warnings
    {
        get
        {
            lock (_lastLines)
                return new Dictionary<string, int>(_warnings);
        }
    }

    /// <summary>
    /// How many errors the host logged while serving, the first few with the lines that followed them (the exception),
    /// and how many it logged during start-up.
    /// </summary>
    public (int Count, string First, int StartUp) Errors
    {
        get
        {
            lock (_lastLines)
                return (_errorCount, string.Join('\n', _errors.Select(e => string.Join('\n', e))), _startUpErrors);
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The host's CPU time (user and system) so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// The host's peak resident memory since the last <see cref="ResetPeakMemory"/> (VmHWM) and its resident memory
    /// now (VmRSS), in KiB, from <c>/proc/&lt;pid&gt;/status</c>.
    /// </summary>
    public (long PeakKiB, long NowKiB) Memory()
    {
        long peak = 0, now = 0;
        if (_process.HasExited)
            return (0, 0);
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                peak = KiB(line);
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                now = KiB(line);
        }
        _peakResidentKiB = Math.Max(_peakResidentKiB, peak);
        return (peak, now);

        static long KiB(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The highest VmHWM read over the whole run (each phase's peak is reset at its start).</summary>
    public long RunPeakKiB
    {
        get
        {
            Memory();
            return _peakResidentKiB;
        }
    }

    /// <summary>
    /// Starts a new peak for VmHWM (writing 5 to <c>/proc/&lt;pid&gt;/clear_refs</c>), so each phase reports its own.
    /// False when the kernel does not allow it; VmHWM then is the peak since the host started.
    /// </summary>
    public bool ResetPeakMemory()
    {
        Memory();
        try
        {
            File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether the host runs with server GC, from its runtimeconfig.json (the .NET default for web apps).</summary>
    public string GcMode()
    {
        var config = Path.ChangeExtension(Assembly, ".runtimeconfig.json");
        var server = File.Exists(config) && JsonNode.Parse(File.ReadAllText(config))?["runtimeOptions"]?["configProperties"]?["System.GC.Server"]?.GetValue<bool>() == true;
        return server ? "server GC" : "workstation GC";
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone, or disposed.
        }
    }

    /// <summary>
    /// The host's own build output in the benchmark's configuration (<c>src/Host/bin/Release/net10.0</c> when the
    /// benchmark runs as Release): building the benchmark builds the host there, since it references it. Should it be
    /// missing (the benchmark's output copied elsewhere, or cleaned), the host is built with <c>dotnet build</c>.
    /// </summary>
    private static async Task<string> LocateAsync(TextWriter output)
    {
        var benchmarkOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = benchmarkOutput.Name;
        var configuration = benchmarkOutput.Parent?.Name ?? "Release";
        var root = Repository.Root();
        var project = Path.Combine(root, "src", "Host", "Elsa.Kundportal.Host.csproj");
        var assembly = Path.Combine(root, "src", "Host", "bin", configuration, framework, "Elsa.Kundportal.Host.dll");
        if (!File.Exists(assembly))
        {
            output.WriteLine($"http: the host is not built at {assembly}; building it: dotnet build {project} -c {configuration}");
            var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", configuration, "--nologo", "-v", "quiet"]) { UseShellExecute = false })!;
            await build.WaitForExitAsync();
            if (build.ExitCode != 0 || !File.Exists(assembly))
                throw new InvalidOperationException($"Building the host failed (exit code {build.ExitCode}); build it with `dotnet build {project} -c {configuration}`.");
        }
        if (!string.Equals(configuration, "Release", StringComparison.Ordinal))
            output.WriteLine($"http: WARNING: the host is a {configuration} build, not Release: the figures do not represent production.");
        // The copy beside the benchmark is the build the benchmark was compiled against; a different file means the
        // host was rebuilt since (or the benchmark is stale). The host's own output is what runs.
        var copy = Path.Combine(AppContext.BaseDirectory, "Elsa.Kundportal.Host.dll");
        if (File.Exists(copy) && !SameContent(copy, assembly))
            output.WriteLine($"http: note: {assembly} differs from the copy beside the benchmark (built at another time); the former runs.");
        return assembly;
    }

    private static bool SameContent(string a, string b)
    {
        using var first = File.OpenRead(a);
        using var second = File.OpenRead(b);
        return SHA256.HashData(first).AsSpan().SequenceEqual(SHA256.HashData(second));
    }

    [GeneratedRegex("^\\{[^\\n]*?\"LogLevel\":\"([A-Za-z]+)\"")]
    private static partial Regex JsonLevel();

    [GeneratedRegex("\"Category\":\"([^\"]*)\"")]
    private static partial Regex JsonCategory();

}
