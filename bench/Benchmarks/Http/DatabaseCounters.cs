using Npgsql;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// PostgreSQL's work in a phase, from counters that are exact at once (unlike the statistics views, which backends
/// update up to seconds later): write transactions (transaction ids handed out; each one's commit waits for a WAL
/// flush unless another commit's flush covers it) and WAL bytes written.
/// </summary>
internal sealed record DatabaseCounters(long WriteTransactions, long WalBytes, DateTime AtUtc)
{
    public static async Task<DatabaseCounters> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pg_current_xact_id()::text::bigint, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, clock_timestamp()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DatabaseCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetDateTime(2));
    }

    /// <summary>What happened between two readings; the later reading's own transaction id is not counted.</summary>
    public static DatabaseCounters operator -(DatabaseCounters to, DatabaseCounters from) =>
        new(to.WriteTransactions - from.WriteTransactions - 1, to.WalBytes - from.WalBytes, to.AtUtc);

    public DatabaseCounters Subtract(DatabaseCounters other) => this - other;
}
