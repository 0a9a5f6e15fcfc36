using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// CPU time of the parties of a run, from <c>/proc</c>: the host, PostgreSQL (the postmaster and its backends,
/// including those that have exited), the benchmark's own clients, and the whole machine (so the report can say how much
/// other work ran beside the benchmark).
/// </summary>
internal sealed class CpuMeter
{
    // USER_HZ: the unit of the times in /proc/<pid>/stat and /proc/stat; 100 on Linux.
    private const double TicksPerSecond = 100;
    private readonly HostUnderTest _host;
    private readonly int? _postmaster;

    private CpuMeter(HostUnderTest host, int? postmaster)
    {
        _host = host;
        _postmaster = postmaster;
    }

    /// <summary>Finds PostgreSQL's postmaster as the parent of a backend of <paramref name="connectionString"/>; none if it is not local.</summary>
    public static async Task<CpuMeter> CreateAsync(HostUnderTest host, string connectionString)
    {
        int? postmaster = null;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
            var backend = (int)(await command.ExecuteScalarAsync())!;
            if (Stat(backend) is { } stat)
                postmaster = stat.Parent;
        }
        catch (NpgsqlException)
        {
        }
        return new CpuMeter(host, postmaster);
    }

    public Sample Read()
    {
        double? postgres = null;
        if (_postmaster is { } postmaster && Stat(postmaster) is { } main)
        {
            // Exited backends' time is in the postmaster's cutime/cstime once it has reaped them; live ones count themselves.
            var ticks = main.Own + main.Children;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } child && child.Parent == postmaster)
                    ticks += child.Own;
            }
            postgres = ticks / TicksPerSecond;
        }
        using var self = Process.GetCurrentProcess();
        return new Sample(_host.CpuTime.TotalSeconds, postgres, self.TotalProcessorTime.TotalSeconds, MachineBusySeconds(), Stopwatch.GetTimestamp());
    }

    /// <summary>CPU seconds spent in the interval, per party, and the machine's busy time not spent by them.</summary>
    public static Usage Between(Sample from, Sample to)
    {
        var host = to.Host - from.Host;
        double? postgres = to.Postgres - from.Postgres;
        var benchmark = to.Benchmark - from.Benchmark;
        var machine = to.Machine - from.Machine;
        var wall = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
        double? others = machine is null ? null : machine - host - (postgres ?? 0) - benchmark;
        return new Usage(host, postgres, benchmark, others, wall);
    }

    private static double? MachineBusySeconds()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ...": busy = all but idle and iowait.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var busy = fields.Take(8).Sum() - fields[3] - fields[4];
            return busy / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static (int Parent, long Own, long Children)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            return ((int)Field(1), Field(11) + Field(12), Field(13) + Field(14));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public sealed record Sample(double Host, double? Postgres, double Benchmark, double? Machine, long Timestamp);

    public sealed record Usage(double Host, double? Postgres, double Benchmark, double? Others, double WallSeconds);
}
