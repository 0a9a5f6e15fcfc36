using System.Diagnostics;
using System.Globalization;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Elsa.Kundportal.Benchmarks;

/// <summary>
/// Engine throughput and latency against a throwaway PostgreSQL, compared with pgbench on the same
/// cluster in the same run (absolute figures vary between machines and runs; the ratio does not).
/// </summary>
internal sealed class EngineBenchmark(TextWriter output, TimeSpan phase)
{
    private const string DefinitionId = "bench-task-loop";

    /// <summary>Start → a task that, once answered, waits for the next answer: every resume is one step and leaves one bookmark.</summary>
    private static readonly string Definition = $$"""
    {
      "definitionId": "{{DefinitionId}}", "name": "Benchmark task loop", "version": 1,
      "variables": [{ "id": "count", "name": "count", "typeName": "Int32", "value": 0 }],
      "root": { "type": "Elsa.Flowchart", "id": "root",
        "activities": [
          { "id": "start", "type": "Elsa.Start", "version": 1 },
          { "id": "task", "type": "Elsa.UserTask", "version": 1, "taskName": { "typeName": "String", "expression": { "type": "Literal", "value": "Answer" } } }
        ],
        "connections": [
          { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "task", "port": "In" } },
          { "source": { "activity": "task", "port": "Done" }, "target": { "activity": "task", "port": "In" } }
        ] } }
    """;

    public async Task RunAsync()
    {
        var cluster = PostgresCluster.Shared;
        var database = await cluster.CreateDatabaseAsync("bench");
        await using var services = BuildServices(database);
        await services.GetRequiredService<WorkflowsStartup>().InitialiseAsync();
        await services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(Definition, publish: true, "bench");
        var runtime = services.GetRequiredService<WorkflowRuntime>();

        // Warm up JIT, pools and the definition cache.
        await StartMany(runtime, 200, 4);

        var starts = await MeasureStartsAsync(runtime, callers: 4);
        output.WriteLine($"start-to-first-bookmark: {starts:F0} instances/s (4 callers)");

        var resumes = new Dictionary<int, double>();
        foreach (var callers in new[] { 1, 4, 16 })
        {
            resumes[callers] = await MeasureResumesAsync(runtime, callers);
            output.WriteLine($"bookmark resumes: {resumes[callers]:F0}/s with {callers} concurrent caller(s)");
        }

        var pgbenchDatabase = await cluster.CreateDatabaseAsync("pgbench");
        var tps = await cluster.RunPgbenchTpcBAsync(pgbenchDatabase, scale: 1, clients: 4, phase);
        output.WriteLine($"pgbench TPC-B-like (scale 1, 4 clients): {tps:F0} tps");
        output.WriteLine($"ratio resumes/s (4 callers) / pgbench tps: {resumes[4] / tps:F2} (target >= 0.5)");

        var small = await MeasureLatencyAtSizeAsync(runtime, database, 10_000);
        var large = await MeasureLatencyAtSizeAsync(runtime, database, 1_000_000);
        output.WriteLine($"resume latency ratio 1,000,000 / 10,000 suspended (p50): {large / small:F2} (target <= 1.2)");
    }

    private static ServiceProvider BuildServices(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddWorkflows(WorkflowsDatabase.Postgres(connectionString));
        return services.BuildServiceProvider();
    }

    private static async Task<List<string>> StartMany(WorkflowRuntime runtime, int count, int callers)
    {
        var tokens = new System.Collections.Concurrent.ConcurrentBag<string>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var step = await runtime.StartAsync(new StartWorkflowRequest(DefinitionId));
                tokens.Add(step.IssuedTokens[0].Token);
            }
        })));
        return [.. tokens];
    }

    private async Task<double> MeasureStartsAsync(WorkflowRuntime runtime, int callers)
    {
        var started = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < phase)
            {
                await runtime.StartAsync(new StartWorkflowRequest(DefinitionId));
                Interlocked.Increment(ref started);
            }
        })));
        return started / watch.Elapsed.TotalSeconds;
    }

    private async Task<double> MeasureResumesAsync(WorkflowRuntime runtime, int callers)
    {
        // Each caller answers its own instance over and over: one resume, one transaction, one new bookmark.
        var tokens = await StartMany(runtime, callers, callers);
        var resumed = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(tokens.Select(first => Task.Run(async () =>
        {
            var token = first;
            while (watch.Elapsed < phase)
            {
                var result = await runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("bench"));
                if (!result.Succeeded)
                    throw new InvalidOperationException($"Resume failed: {result.Outcome}");
                token = result.Step!.IssuedTokens[0].Token;
                Interlocked.Increment(ref resumed);
            }
        })));
        return resumed / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Fills the tables up to <paramref name="suspended"/> suspended instances, then times single resumes.</summary>
    private async Task<double> MeasureLatencyAtSizeAsync(WorkflowRuntime runtime, string connectionString, int suspended)
    {
        var seedWatch = Stopwatch.StartNew();
        var current = await SeedSuspendedAsync(connectionString, suspended);
        output.WriteLine($"  {current:N0} suspended instances in the tables (seeded in {seedWatch.Elapsed.TotalSeconds:F1} s)");

        // Warm the caches the same way at both sizes, then time single resumes.
        foreach (var token in await StartMany(runtime, 100, 4))
            await runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("bench"));
        var tokens = await StartMany(runtime, 1000, 4);
        var latencies = new List<double>(tokens.Count);
        foreach (var token in tokens)
        {
            var watch = Stopwatch.StartNew();
            var result = await runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest("bench"));
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Resume failed: {result.Outcome}");
        }
        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"resume latency with {current:N0} suspended: p50 {p50:F2} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F2} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F2} ms"));
        return p50;
    }

    /// <summary>Bulk-inserts suspended instances shaped like the engine's own (instance, active token bookmark, journal lines).</summary>
    private static async Task<long> SeedSuspendedAsync(string connectionString, int target)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        long Count(string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            return (long)command.ExecuteScalar()!;
        }
        var existing = Count("SELECT count(*) FROM workflow_instances WHERE sub_status = 'Suspended'");
        var missing = target - existing;
        if (missing <= 0)
            return existing;
        var sql = """
            CREATE TEMP TABLE seed AS SELECT gen_random_uuid() AS id, n FROM generate_series(1, @missing) AS n;
            INSERT INTO workflow_instances (id, definition_id, definition_version_id, version, name, status, sub_status, correlation_id,
                created_at, updated_at, state, waiting_at, incident_count, journal_sequence, revision)
            SELECT s.id, d.definition_id, d.id, 1, d.name, 'Running', 'Suspended', 'seed-' || s.n, now(), now(),
                '{"variables":{"count":0},"activityState":{},"outputs":{},"bookmarks":[],"pending":[]}', 'task', 0, 3, 1
            FROM seed s CROSS JOIN (SELECT id, definition_id, name FROM workflow_definitions LIMIT 1) d;
            INSERT INTO workflow_bookmarks (id, instance_id, activity_id, activity_type, name, stimulus_hash, payload, token_hash, created_at, status)
            SELECT gen_random_uuid(), s.id, 'task', 'Elsa.UserTask', 'Elsa.UserTask', md5(s.n::text) || md5('x'), '{"taskName":"Answer"}',
                encode(sha256(s.id::text::bytea), 'hex'), now(), 'Active'
            FROM seed s;
            INSERT INTO workflow_journal (instance_id, sequence, timestamp, kind, activity_id, activity_type)
            SELECT s.id, k, now(), (ARRAY['InstanceStarted','ActivityStarted','BookmarkCreated'])[k], 'task', 'Elsa.UserTask'
            FROM seed s CROSS JOIN generate_series(1, 3) AS k;
            DROP TABLE seed;
            """;
        await using (var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 })
        {
            command.Parameters.AddWithValue("missing", missing);
            await command.ExecuteNonQueryAsync();
        }
        // Measure a settled database, as a running system would be: vacuumed, analysed, written out.
        foreach (var maintenance in new[] { "VACUUM ANALYZE", "CHECKPOINT" })
        {
            await using var command = new NpgsqlCommand(maintenance, connection) { CommandTimeout = 1800 };
            await command.ExecuteNonQueryAsync();
        }
        return Count("SELECT count(*) FROM workflow_instances WHERE sub_status = 'Suspended'");
    }
}
