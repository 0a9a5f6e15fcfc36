using System.Diagnostics;
using System.Globalization;
using Elsa.Kundportal.Activities;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Host.Operations;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Elsa.Kundportal.Benchmarks;

/// <summary>
/// The operations dashboard's queries at scale: seeds <c>instances</c> Kundportal orders (default
/// 1,000,000) over two years on a throwaway PostgreSQL, spread over the steps of both versions, with
/// their journal, timers and mail, then times the overview and the filtered list pages as the
/// dashboard runs them (<see cref="OperationsQueries"/>). Target: under 300 ms each.
/// </summary>
internal sealed class DashboardBenchmark(TextWriter output, int instances)
{
    private const int Organisations = 5000;
    private const int Runs = 5;

    public async Task RunAsync()
    {
        var database = await PostgresCluster.Shared.CreateDatabaseAsync("dashboard");
        await using var services = BuildServices(database);
        await services.GetRequiredService<WorkflowsStartup>().InitialiseAsync();
        await services.GetRequiredService<KundportalStartup>().InitialiseAsync();
        var now = TimeProvider.System.GetUtcNow();

        var seeding = Stopwatch.StartNew();
        await SeedAsync(database, now);
        output.WriteLine($"dashboard: seeded {instances:N0} instances, their journal, timers and mail in {seeding.Elapsed.TotalSeconds:F0} s");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var counts = new NpgsqlCommand(
                "SELECT status, count(*) FROM workflow_instances GROUP BY status ORDER BY status", connection);
            await using var reader = await counts.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                output.WriteLine($"dashboard:   {reader.GetString(0)}: {reader.GetInt64(1):N0}");
        }

        var queries = services.GetRequiredService<OperationsQueries>();
        var page = await queries.ListAsync(new InstanceFilter(), CancellationToken.None);
        var organisation = $"Testkommun {Organisations / 2:D4}";
        var cases = new (string Name, Func<Task> Run)[]
        {
            ("overview (funnel, attention, 30 days of throughput)", () => queries.OverviewAsync(CancellationToken.None)),
            ("list: newest first, no filter", () => queries.ListAsync(new InstanceFilter(), CancellationToken.None)),
            ("list: next page (keyset cursor)", () => queries.ListAsync(new InstanceFilter { After = page.Next }, CancellationToken.None)),
            ("list: organisation by name", () => queries.ListAsync(new InstanceFilter { Organisation = organisation }, CancellationToken.None)),
            ("list: organisation by number", () => queries.ListAsync(new InstanceFilter { Organisation = Number(Organisations / 3) }, CancellationToken.None)),
            ("list: v2, running, at agent attestation, waiting > 7 days", () => queries.ListAsync(new InstanceFilter
                { DefinitionId = "kundportal-agent-order", Version = 2, Status = "Running", Step = "agentAttestation", WaitingDays = 7 }, CancellationToken.None)),
            ("list: faulted", () => queries.ListAsync(new InstanceFilter { Attention = AttentionKeys.Faulted }, CancellationToken.None)),
            ("list: reminded, no answer", () => queries.ListAsync(new InstanceFilter { Attention = AttentionKeys.Reminded }, CancellationToken.None)),
            ("list: started in one month", () => queries.ListAsync(new InstanceFilter
                { StartedFrom = DateOnly.FromDateTime(now.AddDays(-400).UtcDateTime), StartedTo = DateOnly.FromDateTime(now.AddDays(-370).UtcDateTime) }, CancellationToken.None)),
        };
        foreach (var (name, run) in cases)
        {
            await run();
            var times = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await run();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            var median = times[times.Count / 2];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dashboard: {name}: median {median:F0} ms, best {times[0]:F0} ms, worst {times[^1]:F0} ms {(median < 300 ? "(under 300 ms)" : "(OVER 300 ms)")}"));
        }
        var parts = (await queries.OverviewAsync(CancellationToken.None)).Parts;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dashboard: overview parts (concurrent): {string.Join(", ", parts.Select(p => $"{p.Key} {p.Value.TotalMilliseconds:F0} ms"))}"));
        if (Environment.GetEnvironmentVariable("KUNDPORTAL_BENCH_EXPLAIN") is "1")
            await ExplainAsync(database, now);
    }

    /// <summary>The plans of the overview's heavier statements, for finding what is slow.</summary>
    private async Task ExplainAsync(string connectionString, DateTimeOffset now)
    {
        string[] statements =
        [
            "SELECT definition_id, version, waiting_at, count(*), min(updated_at), percentile_disc(0.5) WITHIN GROUP (ORDER BY updated_at) FROM workflow_instances WHERE status = 'Running' AND waiting_at IS NOT NULL GROUP BY definition_id, version, waiting_at",
            "SELECT count(*) FROM workflow_instances WHERE status = 'Running' AND sub_status = 'Faulted'",
            "SELECT count(DISTINCT b.instance_id) FROM workflow_bookmarks b WHERE b.name = 'Kundportal.Reminder' AND b.status = 'Resumed' AND EXISTS (SELECT 1 FROM workflow_bookmarks e WHERE e.instance_id = b.instance_id AND e.activity_id = b.activity_id AND e.name = 'Kundportal.Expiry' AND e.status = 'Active')",
            "SELECT count(DISTINCT instance_id) FROM workflow_bookmarks WHERE name = 'Kundportal.Expiry' AND status = 'Active' AND resume_at < @now + interval '3 days'",
            "SELECT (finished_at AT TIME ZONE 'UTC')::date, count(*) FROM workflow_instances WHERE finished_at >= @now - interval '30 days' GROUP BY 1",
            "SELECT (created_at AT TIME ZONE 'UTC')::date, count(*) FROM workflow_instances WHERE created_at >= @now - interval '30 days' GROUP BY 1",
        ];
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + statement, connection);
            if (statement.Contains("@now", StringComparison.Ordinal))
                command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                output.WriteLine("  " + reader.GetString(0));
        }
    }

    private static ServiceProvider BuildServices(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        var database = WorkflowsDatabase.Postgres(connectionString);
        services.AddWorkflows(database, o => o.DefinitionsFolder = Path.Combine(AppContext.BaseDirectory, "workflows-json"));
        services.AddKundportal(database);
        services.AddSingleton<StepNames>();
        services.AddSingleton<OperationsQueries>();
        return services.BuildServiceProvider();
    }

    private static string Number(int i)
    {
        var nine = (212000000 + i).ToString(CultureInfo.InvariantCulture);
        return nine + OrganisationNumber.CheckDigit(nine).ToString(CultureInfo.InvariantCulture);
    }

    private async Task SeedAsync(string connectionString, DateTimeOffset now)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY organisations (id, organisation_number, name, kind, has_customer_agreement, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < Organisations; i++)
            {
                await import.StartRowAsync();
                await import.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
                await import.WriteAsync(Number(i), NpgsqlDbType.Varchar);
                await import.WriteAsync($"Testkommun {i:D4}", NpgsqlDbType.Varchar);
                await import.WriteAsync("Customer", NpgsqlDbType.Varchar);
                await import.WriteAsync(true, NpgsqlDbType.Boolean);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await import.CompleteAsync();
        }

        // Orders arrive evenly over two years. A step expires after 30 days, so what is older than 60
        // days has finished; of the newer ones most still wait, spread over the steps of the version.
        string[] sql =
        [
            """
            INSERT INTO workflow_instances (id, definition_id, definition_version_id, version, name, status, sub_status, correlation_id,
                created_at, updated_at, finished_at, state, waiting_at, incident_count, journal_sequence, revision)
            SELECT gen_random_uuid(), 'kundportal-agent-order', CASE WHEN s.v = 1 THEN d.v1 ELSE d.v2 END, s.v, 'Beställ tjänst via agent',
                CASE WHEN s.fin THEN 'Finished' ELSE 'Running' END,
                CASE WHEN s.fin THEN (CASE WHEN s.r < 0.08 THEN 'Cancelled' ELSE 'Finished' END) WHEN s.r < 0.01 THEN 'Faulted' ELSE 'Suspended' END,
                o.a[1 + (s.g % array_length(o.a, 1))],
                s.created, LEAST(s.created + s.upd, @now), CASE WHEN s.fin THEN LEAST(s.created + s.upd, @now) END, '{}',
                CASE WHEN s.fin THEN NULL
                     WHEN s.dice < 4 THEN 'approveApplication'
                     WHEN s.dice < 8 THEN 'signAgreement'
                     WHEN s.dice < 12 THEN 'checkRoles'
                     WHEN s.dice < 30 THEN 'placeOrder'
                     WHEN s.dice < 55 THEN (CASE WHEN s.v = 1 THEN 'agentReview,customerAttestation' ELSE 'agentReview' END)
                     WHEN s.dice < 78 THEN 'agentAttestation'
                     ELSE 'customerAttestation' END,
                CASE WHEN NOT s.fin AND s.r < 0.01 THEN 1 ELSE 0 END, 0, 0
            FROM (SELECT g, CASE WHEN random() < 0.3 THEN 1 ELSE 2 END AS v, random() AS r, floor(random() * 100)::int AS dice,
                         t.created, random() * interval '12 days' AS upd,
                         t.created < @now - interval '60 days' OR random() < 0.25 AS fin
                  FROM generate_series(1, @n) g
                  CROSS JOIN LATERAL (SELECT @now - random() * interval '730 days' + (g * 0) * interval '1 second' AS created) t) s,
                 (SELECT array_agg(organisation_number ORDER BY organisation_number) AS a FROM organisations WHERE name LIKE 'Testkommun %') o,
                 (SELECT max(id) FILTER (WHERE version = 1) AS v1, max(id) FILTER (WHERE version = 2) AS v2
                  FROM workflow_definitions WHERE definition_id = 'kundportal-agent-order') d
            """,
            """
            INSERT INTO workflow_journal (instance_id, sequence, "timestamp", kind, activity_id, outcome, actor, message)
            SELECT id, 1, created_at, 'InstanceStarted', NULL, NULL, 'system', NULL FROM workflow_instances
            UNION ALL
            SELECT id, 2, finished_at, CASE WHEN sub_status = 'Cancelled' THEN 'InstanceCancelled' ELSE 'InstanceFinished' END, NULL, sub_status, 'system', NULL
            FROM workflow_instances WHERE status = 'Finished'
            UNION ALL
            SELECT id, 3, finished_at, 'Decision', 'agentReview', 'Rejected', 'bestallare@agent.test', 'Avslås'
            FROM workflow_instances WHERE status = 'Finished' AND sub_status = 'Finished' AND (hashtext(id::text) & 2147483647) % 10 = 0
            UNION ALL
            SELECT id, 4, finished_at, 'Expired', 'agentAttestation', 'Expired', 'system:timer', 'Tiden gick ut'
            FROM workflow_instances WHERE status = 'Finished' AND sub_status = 'Finished' AND (hashtext(id::text) & 2147483647) % 10 = 1
            """,
            """
            INSERT INTO workflow_bookmarks (id, instance_id, activity_id, activity_type, name, stimulus_hash, created_at, status, resume_at, resolved_at)
            SELECT gen_random_uuid(), id, split_part(waiting_at, ',', 1), 'Kundportal.Step', 'Kundportal.Expiry', 'bench', updated_at, 'Active', updated_at + interval '30 days', NULL
            FROM workflow_instances WHERE status = 'Running' AND waiting_at IS NOT NULL
            UNION ALL
            SELECT gen_random_uuid(), id, split_part(waiting_at, ',', 1), 'Kundportal.Step', 'Kundportal.Reminder', 'bench', updated_at, 'Resumed', updated_at + interval '3 days', updated_at + interval '3 days'
            FROM workflow_instances WHERE status = 'Running' AND waiting_at IS NOT NULL AND updated_at < @now - interval '3 days'
            """,
            """
            INSERT INTO outbox_messages (id, instance_id, channel, recipient, subject, body, message_id, created_at, status, attempts, next_attempt_at, last_error, sent_at)
            SELECT gen_random_uuid(), id, 'email', 'person@kund.test', 'Beställning', 'Text', gen_random_uuid()::text || '@bench', updated_at,
                CASE WHEN (hashtext(id::text) & 2147483647) % 1000 = 0 THEN 'Failed' WHEN (hashtext(id::text) & 2147483647) % 1000 = 1 THEN 'Pending' ELSE 'Sent' END,
                1, updated_at, CASE WHEN (hashtext(id::text) & 2147483647) % 1000 = 0 THEN '550 mailbox unavailable' END, updated_at
            FROM workflow_instances WHERE created_at > @now - interval '90 days'
            """,
            "VACUUM ANALYZE",
        ];
        foreach (var statement in sql)
        {
            await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 1800 };
            if (statement.Contains("@now", StringComparison.Ordinal))
                command.Parameters.AddWithValue("now", now);
            if (statement.Contains("@n)", StringComparison.Ordinal))
                command.Parameters.AddWithValue("n", instances);
            await command.ExecuteNonQueryAsync();
        }
    }
}
