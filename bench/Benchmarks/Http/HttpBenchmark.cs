using System.Diagnostics;
using System.Globalization;
using System.Net;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Testing;
using Npgsql;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// Full orders over HTTP against the host as its own process on PostgreSQL (see <see cref="OrderScript"/> for what an
/// order is). Phases: a warm-up; a few seconds at rest; the peak, <c>clients</c> concurrent clients each running one
/// order after another (orders completed per second); then orders arriving at half that rate on a fixed schedule
/// whatever the host answers (open loop), which gives the task-POST latency (target: p95 under 50 ms). Also the host's
/// peak memory (VmHWM), and the CPU and database work per order. With <c>KUNDPORTAL_BENCH_EXPLAIN=1</c> also where the
/// host spends a task POST (<see cref="HostLogAnalysis"/>) and what a step's building blocks cost (<see cref="CostProbe"/>).
/// </summary>
internal sealed class HttpBenchmark(TextWriter output, TimeSpan phase, int clients)
{
    private const double TargetP95Ms = 50;

    /// <summary>A phase stops starting orders after this many failures: something is broken, not slow.</summary>
    private const int MaxFailures = 20;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RestPeriod = TimeSpan.FromSeconds(5);

    private int _next;
    private int _failures;
    private int _completed;

    public async Task RunAsync()
    {
        var database = await PostgresCluster.Shared.CreateDatabaseAsync("httpbench");
        await using var mail = new MailRouter();
        var analysis = Environment.GetEnvironmentVariable("KUNDPORTAL_BENCH_EXPLAIN") is "1" ? new HostLogAnalysis() : null;
        // BankID's Relying Party API as a TLS stand-in on this machine: every order completes at its first collect.
        await using var bankId = await Elsa.Kundportal.Testing.BankId.BankIdStandIn.StartAsync();
        bankId.DefaultScript = [Elsa.Kundportal.Testing.BankId.CollectAnswer.Complete()];
        await using var host = await HostUnderTest.StartAsync(database, mail.Port, output, bankId.Settings, analysis);
        var defaults = new PortalRateLimits();
        output.WriteLine($"http: host {host.Assembly} (pid {host.ProcessId}, production settings with the BankID simulator, PostgreSQL, {host.GcMode()}), SMTP to the benchmark on port {mail.Port}");
        output.WriteLine($"http: rate limits raised for this run, since every client comes from 127.0.0.1: " +
            $"{string.Join(", ", HostUnderTest.RaisedRateLimits.Select(k => $"{k}={HostUnderTest.RateLimitPerMinute}"))} " +
            $"(defaults per client address and minute: login {defaults.LoginPerMinute}, tasks {defaults.TasksPerMinute}, OTP {defaults.OtpPerMinute})");
        if (analysis is not null)
            output.WriteLine("http: KUNDPORTAL_BENCH_EXPLAIN=1: the host logs every database command and request as JSON for the analysis below, which slows it: compare these figures only with each other");
        output.WriteLine($"http: the clients run in the benchmark's process on the same {Environment.ProcessorCount} cores as the host and PostgreSQL; times are from sending a request until its body is read");

        await using var people = new PortalPeople(database);
        await people.SeedSharedAsync();
        using var officer = await SignInAsync(host.BaseAddress, PortalPeople.Officer);
        using var agentOrderer = await SignInAsync(host.BaseAddress, PortalPeople.AgentOrderer);
        using var agentAttestant = await SignInAsync(host.BaseAddress, PortalPeople.AgentAttestant);
        var rig = new Rig(host, await CpuMeter.CreateAsync(host, database), mail, database,
            new OrderContext(host.BaseAddress, mail, people, officer, agentOrderer, agentAttestant, analysis));

        await WarmUpAsync(rig);
        await RestAsync(rig);
        var rate = await PeakAsync(rig);
        if (rate > 0)
        {
            analysis?.Clear();
            await HalfPeakAsync(rig, rate);
            analysis?.Report(output);
        }
        else
        {
            output.WriteLine("http: no order completed at peak: the half-peak phase cannot run.");
        }

        var finished = await ReportDatabaseAsync(database);
        if (finished != _completed)
        {
            output.WriteLine($"http: the clients completed {_completed} orders but the database has {finished} finished instances");
            _failures++;
        }
        if (analysis is not null)
            await CostProbe.ReportAsync(database, mail.Port, output);
        ReportHost(host);
        output.WriteLine(_failures == 0 && !host.HasExited
            ? "http: no failures"
            : $"http: THIS RUN HAD {_failures} FAILURES: the figures above are not valid.");
    }

    /// <summary>What every phase works with.</summary>
    private sealed record Rig(HostUnderTest Host, CpuMeter Cpu, MailRouter Mail, string Database, OrderContext Context);

    /// <summary>A phase's log, with what the host, PostgreSQL and the machine did during it.</summary>
    private sealed record Measured(PhaseLog Log, int Counted, CpuMeter.Usage Cpu, DatabaseCounters Database, string Mail, long PeakKiB, bool PeakOfPhase);

    /// <summary>JIT, pools, caches: two orders per client.</summary>
    private async Task WarmUpAsync(Rig rig)
    {
        var log = new PhaseLog("warm-up");
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 2 && log.FailureCount < MaxFailures; i++)
                await new OrderScript(rig.Context, log, Interlocked.Increment(ref _next)).RunAsync();
        })));
        Count(log);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"http: warm-up: {log.CompletedCount} of {log.StartedCount} orders completed in {watch.Elapsed.TotalSeconds:F1} s ({clients} clients, two orders each)"));
        ReportFailures(log);
    }

    /// <summary>
    /// What the host and PostgreSQL do with no order running (Hangfire's pollers, the outbox metrics), to read the
    /// per-order figures against; measured once the warm-up's background work (the last e-mails, tiered JIT compiling
    /// the hot methods again) has settled.
    /// </summary>
    private async Task RestAsync(Rig rig)
    {
        await Task.Delay(Settle);
        var rest = await MeasureAsync(rig, "at rest", async _ =>
        {
            await Task.Delay(RestPeriod);
            return 0;
        });
        var seconds = rest.Cpu.WallSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"http: at rest ({RestPeriod.TotalSeconds:F0} s without orders, {Settle.TotalSeconds:F0} s after the warm-up): cores busy: host {rest.Cpu.Host / seconds:F2}, " +
            $"PostgreSQL {(rest.Cpu.Postgres ?? double.NaN) / seconds:F2}, other processes on the machine {Math.Max(0, rest.Cpu.Others ?? double.NaN) / seconds:F2}; " +
            $"PostgreSQL {rest.Database.WriteTransactions / seconds:F1} write transactions/s, {rest.Database.WalBytes / 1024.0 / seconds:F0} KiB/s of WAL"));
    }

    /// <summary>Closed loop: each client starts its next order when the last one is done. Returns orders completed per second.</summary>
    private async Task<double> PeakAsync(Rig rig)
    {
        var peak = await MeasureAsync(rig, "peak", log => ClosedLoopAsync(rig.Context, log));
        var rate = peak.Counted / phase.TotalSeconds;
        var orderSeconds = peak.Log.OrderSeconds();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"http: peak ({clients} concurrent clients, closed loop, {phase.TotalSeconds:F0} s once each client has completed an order): {rate:F2} orders completed/s " +
            $"({peak.Counted} completed within those {phase.TotalSeconds:F0} s; an order took p50 {Percentiles.Of(orderSeconds, 0.5):F2} s, p95 {Percentiles.Of(orderSeconds, 0.95):F2} s)"));
        if (peak.Counted < 2 * clients)
            output.WriteLine("http:   few orders completed within the window: run with a longer --seconds for a steadier rate");
        output.WriteLine($"http:   at peak: task POSTs {PhaseLog.Summary(peak.Log.Times((_, kind) => kind is RequestKind.TaskAnswer or RequestKind.TaskBankIdStart))}");
        output.WriteLine($"http:   at peak: logins {PhaseLog.Summary(peak.Log.Times((label, _) => label == OrderScript.LoginLabel))}");
        output.WriteLine($"http:   at peak: e-mail delivery {PhaseLog.Summary(peak.Log.Times((_, kind) => kind == RequestKind.Mail))}");
        ReportResources(peak);
        ReportFailures(peak.Log);
        return rate;
    }

    /// <summary>Open loop at half the peak rate: orders arrive on a fixed schedule whatever the host answers.</summary>
    private async Task HalfPeakAsync(Rig rig, double peakRate)
    {
        var perSecond = peakRate / 2;
        var paced = await MeasureAsync(rig, "half peak", log => OpenLoopAsync(rig.Context, log, perSecond));
        var orderSeconds = paced.Log.OrderSeconds();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"http: half peak ({perSecond:F2} orders/s arriving, one every {1000 / perSecond:F0} ms, open loop, {phase.TotalSeconds:F0} s): " +
            $"{paced.Log.StartedCount} orders started, {paced.Log.CompletedCount} completed; an order took p50 {Percentiles.Of(orderSeconds, 0.5):F2} s, " +
            $"p95 {Percentiles.Of(orderSeconds, 0.95):F2} s"));
        ReportLatency(paced.Log);
        ReportResources(paced);
        ReportFailures(paced.Log);
    }

    /// <summary>Runs a phase between clean mailboxes, with the host's memory peak and the CPU and database counters started anew.</summary>
    private async Task<Measured> MeasureAsync(Rig rig, string name, Func<PhaseLog, Task<int>> run)
    {
        rig.Mail.Clear();
        var log = new PhaseLog(name);
        var peakOfPhase = rig.Host.ResetPeakMemory();
        var counters = await DatabaseCounters.ReadAsync(rig.Database);
        var before = rig.Cpu.Read();
        var counted = await run(log);
        var usage = CpuMeter.Between(before, rig.Cpu.Read());
        var (peak, _) = rig.Host.Memory();
        var after = await DatabaseCounters.ReadAsync(rig.Database);
        var mail = await MailPipeline.ReportAsync(rig.Database, counters.AtUtc, after.AtUtc);
        Count(log);
        return new Measured(log, counted, usage, after - counters, mail, peak, peakOfPhase);
    }

    private void Count(PhaseLog log)
    {
        _failures += log.FailureCount;
        _completed += log.CompletedCount;
    }

    /// <summary>
    /// Each client runs one order after another. The measuring window opens once every client has completed an order
    /// (all of them in their stride, no longer starting together) and closes a phase later; clients start no order
    /// after it closes and finish the ones they run. Returns the orders completed within the window.
    /// </summary>
    private async Task<int> ClosedLoopAsync(OrderContext context, PhaseLog log)
    {
        var inWindow = 0;
        var ramped = 0;
        var opened = long.MaxValue;
        var gate = new Lock();
        var watch = Stopwatch.StartNew();
        bool Within(long ticks) => Volatile.Read(ref opened) is var from && from != long.MaxValue && ticks >= from && ticks <= from + phase.Ticks;
        bool Closed() => Volatile.Read(ref opened) is var from && from != long.MaxValue && watch.Elapsed.Ticks > from + phase.Ticks;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var first = true;
            while (!Closed() && log.FailureCount < MaxFailures)
            {
                var completed = await new OrderScript(context, log, Interlocked.Increment(ref _next)).RunAsync();
                var now = watch.Elapsed.Ticks;
                if (completed && Within(now))
                    Interlocked.Increment(ref inWindow);
                if (first && completed)
                {
                    first = false;
                    lock (gate)
                    {
                        if (++ramped == clients)
                            Volatile.Write(ref opened, now);
                    }
                }
            }
        })));
        return inWindow;
    }

    /// <summary>Starts an order every 1/<paramref name="perSecond"/> seconds for the phase, then waits for all of them.</summary>
    private async Task<int> OpenLoopAsync(OrderContext context, PhaseLog log, double perSecond)
    {
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var orders = new List<Task<bool>>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; interval * i < phase && log.FailureCount < MaxFailures; i++)
        {
            var wait = interval * i - watch.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait);
            var number = Interlocked.Increment(ref _next);
            orders.Add(Task.Run(() => new OrderScript(context, log, number).RunAsync()));
        }
        return (await Task.WhenAll(orders)).Count(completed => completed);
    }

    private void ReportLatency(PhaseLog log)
    {
        var all = log.Times((_, kind) => kind is RequestKind.TaskAnswer or RequestKind.TaskBankIdStart);
        var p95 = Percentiles.Of(all, 0.95);
        output.WriteLine($"http:   task POSTs (all):            {PhaseLog.Summary(all)}");
        output.WriteLine($"http:     answers (resume the step): {PhaseLog.Summary(log.Times((_, kind) => kind == RequestKind.TaskAnswer))}");
        output.WriteLine($"http:     BankID starts (no step):   {PhaseLog.Summary(log.Times((_, kind) => kind == RequestKind.TaskBankIdStart))}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"http:   target p95 task POST < {TargetP95Ms:F0} ms at half the peak rate: {(all.Count == 0 ? "no data" : p95 < TargetP95Ms ? $"met ({p95:F1} ms)" : $"NOT met ({p95:F1} ms)")}"));
        output.WriteLine($"http:   e-mail delivery, from the answer that sends it until the SMTP server has it: {PhaseLog.Summary(log.Times((_, kind) => kind == RequestKind.Mail))}");
        output.WriteLine("http:   per request (in the order of the steps):");
        foreach (var (label, kind) in log.Labels().OrderBy(l => l.Kind switch { RequestKind.Other => 1, RequestKind.Mail => 2, _ => 0 }))
            output.WriteLine($"http:     {(kind is RequestKind.TaskAnswer or RequestKind.TaskBankIdStart ? "task POST " : "")}{label}: {PhaseLog.Summary(log.Times((l, _) => l == label))}");
    }

    private void ReportResources(Measured measured)
    {
        var orders = Math.Max(1, measured.Log.CompletedCount);
        var cpu = measured.Cpu;
        string PerOrder(double? seconds) => seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 1000 / orders:F0} ms") : "n/a";
        // Clamped at zero: the parties' times and the machine's are read from different counters at slightly different moments.
        string Cores(double? seconds) => seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, s) / cpu.WallSeconds:F2}") : "n/a";
        output.WriteLine($"http:   CPU per completed order: host {PerOrder(cpu.Host)}, PostgreSQL {PerOrder(cpu.Postgres)}, benchmark clients {PerOrder(cpu.Benchmark)}; " +
            $"cores busy on average: host {Cores(cpu.Host)}, PostgreSQL {Cores(cpu.Postgres)}, clients {Cores(cpu.Benchmark)}, other processes on the machine {Cores(cpu.Others)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"http:   PostgreSQL per completed order: {measured.Database.WriteTransactions / (double)orders:F0} write transactions (each commit waits for a WAL flush), " +
            $"{measured.Database.WalBytes / 1024.0 / orders:F0} KiB of WAL"));
        output.WriteLine($"http:   host's e-mail: {measured.Mail}");
        output.WriteLine($"http:   host peak memory in this phase: {Mib(measured.PeakKiB)} (VmHWM{(measured.PeakOfPhase ? ", reset at the phase's start" : ", since the host started")})");
    }

    private void ReportFailures(PhaseLog log)
    {
        if (log.FailureCount == 0)
            return;
        output.WriteLine($"http:   {log.Name}: {log.FailureCount} FAILED ORDERS");
        foreach (var group in log.Failures.GroupBy(f => f.Label).OrderByDescending(g => g.Count()))
            output.WriteLine($"http:     {group.Key}: {group.Count()}, e.g. {group.First().Message}");
    }

    private void ReportHost(HostUnderTest host)
    {
        var warnings = host.Warnings;
        var (errors, firstErrors, startUpErrors) = host.Errors;
        var (_, residentNow) = host.Memory();
        output.WriteLine($"http: host memory: peak {Mib(host.RunPeakKiB)} (VmHWM over the run), {Mib(residentNow)} at the end (VmRSS)");
        output.WriteLine($"http: while serving, the host logged {errors} errors and {warnings.Values.Sum()} warnings" +
            (warnings.Count == 0 ? "" : $" ({string.Join(", ", warnings.OrderByDescending(w => w.Value).Select(w => $"{w.Key}: {w.Value}"))})") +
            $"; during start-up {startUpErrors} errors (on a fresh database EF Core's probe of each migrations table fails once, by design)");
        if (errors > 0)
            output.WriteLine($"http: the host's first errors:\n{firstErrors}");
        if (host.HasExited)
            output.WriteLine($"http: THE HOST EXITED during the run. Its last lines:\n{host.LastLines}");
    }

    /// <summary>What the orders left in the database; returns the finished instances, which should be every completed order.</summary>
    private async Task<long> ReportDatabaseAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        async Task<long> CountAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        async Task<List<string>> RowsAsync(string sql, Func<NpgsqlDataReader, string> row)
        {
            var rows = new List<string>();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(row(reader));
            return rows;
        }

        var states = await RowsAsync(
            "SELECT definition_id, version, status, sub_status, count(*) FROM workflow_instances GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC",
            r => $"{r.GetString(0)} v{r.GetInt32(1)} {r.GetString(2)}/{r.GetString(3)}: {r.GetInt64(4)}");
        output.WriteLine($"http: database: instances {string.Join(", ", states)}");
        var finished = await CountAsync(
            "SELECT count(*) FROM workflow_instances WHERE definition_id = 'kundportal-agent-order' AND version = 2 AND status = 'Finished' AND sub_status = 'Finished'");
        if (finished == 0)
            return 0;
        var instances = await CountAsync("SELECT count(*) FROM workflow_instances");
        var journal = await CountAsync("SELECT count(*) FROM workflow_journal j JOIN workflow_instances i ON i.id = j.instance_id WHERE i.status = 'Finished'");
        var mails = await CountAsync("SELECT count(*) FROM outbox_messages o JOIN workflow_instances i ON i.id = o.instance_id WHERE i.status = 'Finished'");
        var jobs = await RowsAsync(
            "SELECT coalesce(invocationdata::jsonb->>'Method', '?'), coalesce(statename, '?'), count(*) FROM hangfire.job GROUP BY 1, 2 ORDER BY 3 DESC",
            r => string.Create(CultureInfo.InvariantCulture, $"{r.GetString(0)} ({r.GetString(1)}) {r.GetInt64(2) / (double)instances:F1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"http: per finished order: {journal / (double)finished:F0} journal lines, {mails / (double)finished:F0} e-mails; Hangfire jobs per instance: {string.Join(", ", jobs)}"));
        return finished;
    }

    private static async Task<Browser> SignInAsync(Uri baseAddress, string email)
    {
        var browser = new Browser(baseAddress);
        var page = await browser.GetAsync("/login");
        var signedIn = await browser.PostFormAsync("/login", page,
            ("_handler", "login"), ("Input.Email", email), ("Input.Password", PortalPeople.Password), ("ReturnUrl", "/"));
        if (signedIn.Status == HttpStatusCode.Redirect)
            return browser;
        browser.Dispose();
        throw new InvalidOperationException($"{email} could not sign in: {(int)signedIn.Status}");
    }

    private static string Mib(long kib) => string.Create(CultureInfo.InvariantCulture, $"{kib / 1024.0:F0} MiB");
}
