using System.Globalization;
using Npgsql;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// How the host's e-mail got out in a phase, from its own tables: the time from the step that wrote a message (its
/// outbox row carries the step's time, taken when the step begins) until it was sent, and for the Hangfire jobs that
/// deliver them how long each waited in the queue for a worker and how long it ran (it sends every message due, one
/// SMTP connection each).
/// </summary>
internal static class MailPipeline
{
    public static async Task<string> ReportAsync(string connectionString, DateTime fromUtc, DateTime toUtc)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            WITH sent AS (
                SELECT extract(epoch FROM sent_at - created_at) * 1000 AS ms FROM outbox_messages
                WHERE channel = 'email' AND created_at >= @from AND created_at < @to AND sent_at IS NOT NULL),
            jobs AS (
                SELECT extract(epoch FROM min(s.createdat) FILTER (WHERE s.name = 'Processing') - min(s.createdat) FILTER (WHERE s.name = 'Enqueued')) * 1000 AS waited,
                       extract(epoch FROM min(s.createdat) FILTER (WHERE s.name = 'Succeeded') - min(s.createdat) FILTER (WHERE s.name = 'Processing')) * 1000 AS ran
                FROM hangfire.job j JOIN hangfire.state s ON s.jobid = j.id
                WHERE j.invocationdata::jsonb->>'Method' = 'DispatchOutboxAsync'
                  AND j.createdat >= (@from AT TIME ZONE 'UTC') AND j.createdat < (@to AT TIME ZONE 'UTC')
                GROUP BY j.id)
            SELECT (SELECT count(*) FROM sent),
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM sent), (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FROM sent),
                   (SELECT count(*) FROM jobs),
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY waited) FROM jobs), (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY waited) FROM jobs),
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ran) FROM jobs), (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY ran) FROM jobs)
            """, connection);
        command.Parameters.AddWithValue("from", DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc));
        command.Parameters.AddWithValue("to", DateTime.SpecifyKind(toUtc, DateTimeKind.Utc));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        string Ms(int i) => reader.IsDBNull(i) ? "n/a" : reader.GetDouble(i).ToString("F0", CultureInfo.InvariantCulture) + " ms";
        return $"{reader.GetInt64(0)} e-mails sent p50 {Ms(1)}, p95 {Ms(2)} after the time of the step that wrote them; " +
            $"{reader.GetInt64(3)} delivery jobs waited for a Hangfire worker p50 {Ms(4)}, p95 {Ms(5)}, and ran p50 {Ms(6)}, p95 {Ms(7)}";
    }
}
