using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Npgsql;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// What the building blocks of a step cost a caller on this machine and database, measured from the benchmark's
/// process when no order runs: a bare PostgreSQL round trip, a committed write (which waits for the WAL flush), one
/// Hangfire job created with the host's storage settings, and one e-mail sent as the host sends it. A step's commit
/// writes one job per new timer (a step's reminder and expiry) and one to deliver its mail, synchronously, on the
/// request that answered the step.
/// </summary>
internal static class CostProbe
{
    private const int Samples = 100;
    private const int WarmUp = 10;

    public static async Task ReportAsync(string connectionString, int smtpPort, TextWriter output)
    {
        List<double> roundTrips, commits;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS benchmark_probe (id bigint)", connection))
                await create.ExecuteNonQueryAsync();
            await using var select = new NpgsqlCommand("SELECT 1", connection);
            roundTrips = await TimeAsync(() => select.ExecuteScalarAsync());
            await using var insert = new NpgsqlCommand("INSERT INTO benchmark_probe VALUES (1)", connection);
            commits = await TimeAsync(() => insert.ExecuteNonQueryAsync());
            await using var drop = new NpgsqlCommand("DROP TABLE benchmark_probe", connection);
            await drop.ExecuteNonQueryAsync();
        }

        // The host's storage settings (HangfireSetup); the jobs are due in 30 days, so the host never runs them.
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false, EnableLongPolling = true };
        var client = new BackgroundJobClient(new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options));
        var jobs = await TimeAsync(() => Task.FromResult(client.Schedule(() => Console.WriteLine("benchmark"), TimeSpan.FromDays(30))));

        // One e-mail as the host's SmtpMailTransport sends it: a new connection per message.
        var mails = await TimeAsync(async () =>
        {
            var message = new MimeMessage { Subject = "Benchmark" };
            message.From.Add(new MailboxAddress("Kundportal", "no-reply@kundportal.local"));
            message.To.Add(new MailboxAddress("Benchmark", "probe@benchmark.test"));
            message.Body = new TextPart("plain") { Text = "Benchmark" };
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync("127.0.0.1", smtpPort, SecureSocketOptions.None);
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(quit: true);
            return 0;
        });

        output.WriteLine($"http:   building blocks, timed from the benchmark with no order running ({Samples} each): " +
            $"PostgreSQL round trip (SELECT 1) {Figures(roundTrips)}; committed INSERT (waits for the WAL flush) {Figures(commits)}; " +
            $"one Hangfire job created (Schedule, synchronous) {Figures(jobs)}; one e-mail to the benchmark's SMTP server on a new connection, as the host sends them {Figures(mails)}");
    }

    private static async Task<List<double>> TimeAsync<T>(Func<Task<T>> action)
    {
        var times = new List<double>(Samples);
        for (var i = 0; i < Samples + WarmUp; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            if (i >= WarmUp)
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    private static string Figures(List<double> sorted) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentiles.Of(sorted, 0.5):F2} ms, p95 {Percentiles.Of(sorted, 0.95):F2} ms");
}
