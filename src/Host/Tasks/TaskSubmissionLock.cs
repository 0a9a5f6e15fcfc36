using Elsa.Kundportal.Host.Infrastructure;
using Npgsql;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>
/// Serialises the submissions of one task that check an SMS code and then answer it: a double click (or two tabs, or two
/// hosts) sending the same code waits here for the first submission to finish, then finds the task handled and says
/// "redan hanterad" with who and when, instead of finding the code used and reading "too many tries". On PostgreSQL a
/// session advisory lock keyed by the task, so it holds across hosts; the embedded mode has one host, and a semaphore.
/// </summary>
internal sealed class TaskSubmissionLock(KundportalSettings settings) : IDisposable
{
    // The first key of the two-key advisory lock: this lock's own space, apart from any other use of advisory locks.
    private const int Space = 0x4B505431;
    private readonly SemaphoreSlim _embedded = new(1, 1);

    public async Task<IAsyncDisposable> AcquireAsync(Guid bookmarkId, CancellationToken cancellationToken)
    {
        if (settings.Database != KundportalDatabase.Postgres)
        {
            await _embedded.WaitAsync(cancellationToken);
            return new Release(() => { _embedded.Release(); return ValueTask.CompletedTask; });
        }
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@space, @key)", connection))
            {
                take.Parameters.AddWithValue("space", Space);
                take.Parameters.AddWithValue("key", bookmarkId.GetHashCode());
                await take.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        // Closing the session releases a session lock; the connection goes back to the pool without it.
        return new Release(async () =>
        {
            await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection))
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            await connection.DisposeAsync();
        });
    }

    public void Dispose() => _embedded.Dispose();

    private sealed class Release(Func<ValueTask> release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => release();
    }
}
