using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>The host as a separate operating-system process, so a test can kill it the way a crash would.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly string _home;

    private HostProcess(Process process, Uri baseAddress, string home)
    {
        _process = process;
        BaseAddress = baseAddress;
        _home = home;
    }

    public Uri BaseAddress { get; }

    public HttpClient Staff()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", KundportalHost.StaffKey);
        return client;
    }

    /// <summary>
    /// Starts the built host (the same build configuration as the tests) in production mode on PostgreSQL, with its own
    /// home folder: nothing is shared with another host process except the database (and the SMTP server).
    /// </summary>
    public static async Task<HostProcess> StartAsync(string connectionString, int smtpPort, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = Elsa.Kundportal.Testing.FreePort.Next();
        var output = Path.GetDirectoryName(HostAssembly())!;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = output, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HostAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Production's settings, in an environment that may have the BankID simulator (a Production host refuses it).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Test";
        start.Environment["Kundportal__DevTools"] = "true";
        start.Environment["Kundportal__DemoData"] = "false";
        start.Environment["Kundportal__Database"] = "Postgres";
        start.Environment["ConnectionStrings__Kundportal"] = connectionString;
        start.Environment["Kundportal__PublicBaseUrl"] = "https://kundportal.example.se";
        start.Environment["Kundportal__Smtp__Host"] = "127.0.0.1";
        start.Environment["Kundportal__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Kundportal__ApiKeys__0__Name"] = "tests";
        start.Environment["Kundportal__ApiKeys__0__Key"] = KundportalHost.StaffKey;
        start.Environment["Kundportal__ApiKeys__0__Roles__0"] = "Staff";
        start.Environment["Kundportal__Hangfire__SchedulePollingInterval"] = "00:00:01";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__LogLevel__Elsa.Kundportal"] = "Information";
        var home = Directory.CreateTempSubdirectory("kundportal-host-").FullName;
        start.Environment["HOME"] = home;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"), home);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null)
                return;
            lock (host._output)
                host._output.AppendLine(line);
            if (line.Contains("Application started", StringComparison.Ordinal))
                started.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The host exited during start-up:\n{host.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(120));
        return host;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Ends the process at once, as a crash or an out-of-memory kill would: no shutdown, no flushing.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private static string HostAssembly()
    {
        // tests/Host.Tests/bin/<Configuration>/<tfm>/ → src/Host/bin/<Configuration>/<tfm>/Elsa.Kundportal.Host.dll
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Elsa.Kundportal.sln")))
            root = root.Parent;
        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("The repository root was not found."), "src", "Host", "bin", configuration, framework, "Elsa.Kundportal.Host.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"The host is not built at {path}.");
    }
}
