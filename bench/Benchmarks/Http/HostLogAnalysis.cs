using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// Where the host spends a task POST, from its own logs (only with <c>KUNDPORTAL_BENCH_EXPLAIN=1</c>, since logging every
/// database command slows the host): the host then writes JSON log lines with their request scope, EF Core's executed
/// commands with their time, and ASP.NET Core's request-finished line with the server time. Per request this gives the
/// server time, the time in EF Core commands and the rest (CPU, rendering, Hangfire jobs written through its own
/// connection, waiting for a thread), grouped by the step the client posted to.
/// </summary>
internal sealed partial class HostLogAnalysis
{
    private readonly ConcurrentDictionary<string, RequestTrace> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RequestTrace> _finished = new();
    private readonly ConcurrentDictionary<string, string> _steps = new(StringComparer.Ordinal);

    /// <summary>The settings that make the host write what this analysis reads.</summary>
    public static IReadOnlyDictionary<string, string> HostSettings { get; } = new Dictionary<string, string>
    {
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
    };

    /// <summary>Tells which step a task link is for, so the host's requests to it can be grouped by step.</summary>
    public void Link(string token, string step) => _steps[token] = step;

    /// <summary>Forgets what was collected (at the start of the phase to analyse).</summary>
    public void Clear() => _finished.Clear();

    /// <summary>Reads one line the host wrote; lines that are not JSON log entries are ignored.</summary>
    public void Read(string line)
    {
        if (!line.StartsWith('{'))
            return;
        using var json = JsonDocument.Parse(line);
        var entry = json.RootElement;
        if (RequestId(entry) is not { } requestId)
            return;
        var category = entry.TryGetProperty("Category", out var c) ? c.GetString() : null;
        var state = entry.TryGetProperty("State", out var s) ? s : default;
        var trace = _open.GetOrAdd(requestId, _ => new RequestTrace());
        switch (category)
        {
            case "Microsoft.EntityFrameworkCore.Database.Command" when state.ValueKind == JsonValueKind.Object && state.TryGetProperty("elapsed", out var elapsed):
                var text = state.TryGetProperty("commandText", out var sql) ? sql.GetString() ?? "" : "";
                lock (trace)
                    trace.Commands.Add((Statement(text), Milliseconds(elapsed)));
                break;
            case "Elsa.Kundportal.Host.Tasks":
                trace.Answered = true;
                break;
            case "Microsoft.AspNetCore.Hosting.Diagnostics" when state.ValueKind == JsonValueKind.Object && state.TryGetProperty("ElapsedMilliseconds", out var ms):
                trace.Method = state.TryGetProperty("Method", out var m) ? m.GetString() : null;
                trace.Path = state.TryGetProperty("Path", out var p) ? p.GetString() : null;
                trace.ServerMs = Milliseconds(ms);
                _open.TryRemove(requestId, out _);
                _finished.Enqueue(trace);
                break;
        }
    }

    public void Report(TextWriter output)
    {
        var posts = _finished.Where(t => t.Method == "POST" && t.Path?.StartsWith("/tasks/", StringComparison.Ordinal) == true).ToList();
        output.WriteLine("http:   where the host spends task POSTs (its own logs; logging every command makes it slower than in a plain run): " +
            "server time = from the request's start until its response is written; EF = the commands of the EF Core contexts that log (the engine's and the accounts'); " +
            "rest = everything else (the domain's contexts, which are made without the host's logger, CPU, page rendering, Hangfire jobs written on their own connections, waiting for a thread or a connection)");
        foreach (var group in posts.GroupBy(t => $"{_steps.GetValueOrDefault(t.Path!["/tasks/".Length..], "?")}: {(t.Answered ? "answer" : "BankID start")}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var server = Sorted(group.Select(t => t.ServerMs));
            var ef = Sorted(group.Select(t => t.Commands.Sum(x => x.Ms)));
            var rest = Sorted(group.Select(t => t.ServerMs - t.Commands.Sum(x => x.Ms)));
            var commands = Sorted(group.Select(t => (double)t.Commands.Count));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"http:     {group.Key}: n {server.Count}, server p50 {P(server, 0.5):F1} ms (p95 {P(server, 0.95):F1}), EF p50 {P(ef, 0.5):F1} ms in {P(commands, 0.5):F0} commands, rest p50 {P(rest, 0.5):F1} ms (p95 {P(rest, 0.95):F1})"));
        }
        var answers = posts.Where(t => t.Answered).ToList();
        if (answers.Count == 0)
            return;
        output.WriteLine($"http:     EF commands of the answers by total time (per answer: count, ms):");
        foreach (var statement in answers.SelectMany(t => t.Commands).GroupBy(x => x.Statement).OrderByDescending(g => g.Sum(x => x.Ms)).Take(12))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"http:       {statement.Count() / (double)answers.Count:F1} × {statement.Sum(x => x.Ms) / answers.Count:F1} ms  {statement.Key}"));
        }
    }

    private static double Milliseconds(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetDouble()
        : double.Parse((value.GetString() ?? "0").Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static string? RequestId(JsonElement entry)
    {
        if (!entry.TryGetProperty("Scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var scope in scopes.EnumerateArray())
        {
            if (scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("RequestId", out var id))
                return id.GetString();
        }
        return null;
    }

    /// <summary>A statement's shape for grouping: its first line or so, whitespace folded.</summary>
    private static string Statement(string sql)
    {
        var folded = Whitespace().Replace(sql, " ").Trim();
        return folded.Length <= 110 ? folded : folded[..110] + "…";
    }

    private static List<double> Sorted(IEnumerable<double> values)
    {
        var list = values.ToList();
        list.Sort();
        return list;
    }

    private static double P(List<double> sorted, double p) => Percentiles.Of(sorted, p);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed class RequestTrace
    {
        public List<(string Statement, double Ms)> Commands { get; } = [];

        public bool Answered { get; set; }

        public string? Method { get; set; }

        public string? Path { get; set; }

        public double ServerMs { get; set; }
    }
}
