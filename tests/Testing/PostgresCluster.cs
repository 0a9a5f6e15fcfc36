using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;

namespace Elsa.Kundportal.Testing;

/// <summary>
/// A throwaway PostgreSQL 15 shared by every test in the process. Each test takes a database of
/// its own from <see cref="CreateDatabaseAsync"/> so tests never see each other's data.
/// Set KUNDPORTAL_TEST_POSTGRES to a connection string (role with CREATEDB) to use an existing server.
/// </summary>
public sealed partial class PostgresCluster : IAsyncDisposable
{
    public const string ConnectionStringVariable = "KUNDPORTAL_TEST_POSTGRES";
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const string Role = "kundportal";

    // vstest kills testhost ~100 ms into ProcessExit, so cleanup cannot rely on it alone. A detached
    // shell holds a pipe from this process, sees EOF however the process ends, and then cleans up.
    // Names of created databases are written to it so it can drop them on an external server.
    private const string OwnClusterWatchdog =
        """trap '' INT HUP; exec >/dev/null 2>&1; cat; dir=$1; shift; "$@" -D "$dir/data" -m immediate -w stop; rm -rf "$dir" """;
    private const string ExternalWatchdog =
        """trap '' INT HUP; exec >/dev/null 2>&1; names=$(cat); for name in $names; do "$1" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"; done""";

    private static readonly Lazy<PostgresCluster> SharedInstance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _directory;
    private readonly NpgsqlConnectionStringBuilder _server;
    private readonly Process? _watchdog;
    private readonly Lock _watchdogLock = new();

    private PostgresCluster(string? directory, NpgsqlConnectionStringBuilder server, Process? watchdog)
    {
        _directory = directory;
        _server = server;
        _watchdog = watchdog;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    /// <summary>
    /// Started on first use (about a second), stopped and deleted when the process exits, however it exits.
    /// Throws <see cref="InvalidOperationException"/> saying what to install when PostgreSQL 15 is missing.
    /// </summary>
    public static PostgresCluster Shared => SharedInstance.Value;

    public static string BinDirectory => Bin;

    /// <summary>Connection string to the server's maintenance database; tests should use <see cref="CreateDatabaseAsync"/>.</summary>
    public string ConnectionString => _server.ConnectionString;

    /// <summary>True when the server comes from KUNDPORTAL_TEST_POSTGRES rather than being started here.</summary>
    public bool IsExternal => _directory is null;

    /// <summary>
    /// A cluster of the caller's own (never the external server), which a test may stop and start again on the same port,
    /// as a restart or a failover does to the host. Dispose it when done.
    /// </summary>
    public static PostgresCluster StartPrivate() => CreateOwn();

    /// <summary>Stops the server as <c>pg_ctl stop -m fast</c> does: connections are closed, nothing is lost.</summary>
    public Task StopAsync() => RunAsync(Tool("pg_ctl", ["-D", Data, "-m", "fast", "-w", "stop"]), workingDirectory: Own);

    /// <summary>Starts the server again on the port it had.</summary>
    public Task StartAsync() => Task.Run(() => StartServer(Own, Data, _server.Port));

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private string Own => _directory ?? throw new InvalidOperationException("An external server cannot be stopped or started by the tests.");

    private string Data => Path.Combine(Own, "data");

    /// <summary>Creates an empty, uniquely named database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = $"{Sanitize(prefix)}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        TellWatchdog(name);
        // Many hosts come and go in one test run; their idle pooled connections are closed soon rather than after five
        // minutes, so they do not add up to the server's connection limit.
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, ConnectionIdleLifetime = 15, ConnectionPruningInterval = 5 }.ConnectionString;
    }

    /// <summary>
    /// Initialises pgbench tables at <paramref name="scale"/> in <paramref name="database"/> (a name or a
    /// connection string from <see cref="CreateDatabaseAsync"/>), runs the TPC-B-like script and returns tps.
    /// </summary>
    public async Task<double> RunPgbenchTpcBAsync(string database, int scale, int clients, TimeSpan duration)
    {
        var name = database.Contains('=', StringComparison.Ordinal)
            ? new NpgsqlConnectionStringBuilder(database).Database ?? throw new ArgumentException("The connection string names no database.", nameof(database))
            : database;
        var seconds = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));
        var env = new Dictionary<string, string> { ["PGPASSWORD"] = _server.Password ?? "" };
        string[] connect = ["-h", _server.Host ?? "localhost", "-p", Invariant(_server.Port), "-U", _server.Username ?? "postgres"];
        await RunAsync(Client("pgbench", [.. connect, "-i", "-q", "-s", Invariant(scale), name]), env);
        var output = await RunAsync(
            Client("pgbench", [.. connect, "-c", Invariant(clients), "-j", Invariant(clients), "-T", Invariant(seconds), "-M", "prepared", name]), env);

        var match = TpsLine().Match(output);
        return match.Success
            ? double.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");
    }

    private static PostgresCluster Create()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var server = new NpgsqlConnectionStringBuilder(external);
            server.Database ??= "postgres";
            var psql = Path.Combine(Bin, "psql");
            var dropper = File.Exists(psql)
                ? StartWatchdog(ExternalWatchdog, [psql], new Dictionary<string, string>
                {
                    ["PGHOST"] = server.Host ?? "localhost",
                    ["PGPORT"] = Invariant(server.Port),
                    ["PGUSER"] = server.Username ?? "",
                    ["PGPASSWORD"] = server.Password ?? "",
                    ["PGDATABASE"] = server.Database,
                })
                : null;
            return new PostgresCluster(null, server, dropper);
        }
        return CreateOwn();
    }

    private static PostgresCluster CreateOwn()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({Bin}/initdb is missing). Tests need it: run `apt-get install -y postgresql-15` as root " +
                $"(./scripts/test.sh does this), or set {ConnectionStringVariable} to a connection string for a role with CREATEDB.");
        }

        var directory = Directory.CreateTempSubdirectory("kundportal-pg-").FullName;
        var data = Path.Combine(directory, "data");
        var pgCtl = Tool("pg_ctl", []);
        var watchdog = StartWatchdog(OwnClusterWatchdog, [directory, pgCtl.FileName, .. pgCtl.Arguments], new Dictionary<string, string>());
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                RunAsync(("chown", ["-R", "postgres:postgres", directory])).GetAwaiter().GetResult();
            }
            RunAsync(Tool("initdb", ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"]), workingDirectory: directory)
                .GetAwaiter().GetResult();
            var port = StartServer(directory, data);

            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var socket = new NpgsqlConnectionStringBuilder { Host = directory, Port = port, Username = "postgres", Database = "postgres", Pooling = false };
            using (var connection = new NpgsqlConnection(socket.ConnectionString))
            {
                connection.Open();
                using var command = new NpgsqlCommand($"CREATE ROLE {Role} LOGIN PASSWORD '{password}' CREATEDB SUPERUSER", connection);
                command.ExecuteNonQuery();
            }

            return new PostgresCluster(directory, new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = Role, Password = password, Database = "postgres", Pooling = true, MaxPoolSize = 100,
            }, watchdog);
        }
        catch
        {
            StopServer(directory, data);
            watchdog.StandardInput.Close();
            throw;
        }
    }

    private static int StartServer(string directory, string data, int? samePort = null)
    {
        var log = Path.Combine(directory, "log");
        // A port picked free can be taken before the server binds it (another test process); retry.
        for (var attempt = 1; ; attempt++)
        {
            var port = samePort ?? FreePort.Next();
            var options = $"-c listen_addresses=127.0.0.1 -p {Invariant(port)} -k '{directory}' -c fsync=on -c max_connections=500 -c shared_buffers=256MB";
            try
            {
                RunAsync(Tool("pg_ctl", ["-D", data, "-l", log, "-w", "-o", options, "start"]), workingDirectory: directory).GetAwaiter().GetResult();
                return port;
            }
            catch (InvalidOperationException e) when (attempt < 3)
            {
                Trace.WriteLine($"PostgreSQL did not start on port {port}, retrying: {e.Message}");
            }
            catch (InvalidOperationException e)
            {
                var tail = File.Exists(log) ? File.ReadAllText(log) : "(no log)";
                throw new InvalidOperationException($"PostgreSQL did not start: {e.Message}\nServer log:\n{tail}", e);
            }
        }
    }

    private void Stop()
    {
        if (_directory is not null)
        {
            StopServer(_directory, Path.Combine(_directory, "data"));
        }
        lock (_watchdogLock)
        {
            _watchdog?.StandardInput.Close();
        }
    }

    private void TellWatchdog(string databaseName)
    {
        lock (_watchdogLock)
        {
            try
            {
                _watchdog?.StandardInput.WriteLine(databaseName);
                _watchdog?.StandardInput.Flush();
            }
            catch (IOException)
            {
            }
        }
    }

    private static Process StartWatchdog(string script, string[] arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("sh", ["-c", script, "kundportal-pg-watchdog", .. arguments])
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the cleanup watchdog.");
    }

    private static void StopServer(string directory, string data)
    {
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                RunAsync(Tool("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]), workingDirectory: directory).GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
            }
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (string FileName, string[] Arguments) Tool(string name, string[] arguments) =>
        // The server refuses to run as root, and its files must belong to the user that runs it.
        Environment.IsPrivilegedProcess
            ? ("runuser", ["-u", "postgres", "--", Path.Combine(Bin, name), .. arguments])
            : (Path.Combine(Bin, name), arguments);

    private (string FileName, string[] Arguments) Client(string name, string[] arguments) =>
        IsExternal ? (Path.Combine(Bin, name), arguments) : Tool(name, arguments);

    private static async Task<string> RunAsync(
        (string FileName, string[] Arguments) command, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(command.FileName, command.Arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // As postgres, a root-only current directory (/root) makes the tools complain.
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // ConfigureAwait(false) because startup blocks on this task inside test synchronisation contexts.
        await process.WaitForExitAsync().ConfigureAwait(false);
        var stdout = await output.ConfigureAwait(false);
        var stderr = await error.ConfigureAwait(false);
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException(
                $"`{command.FileName} {string.Join(' ', command.Arguments)}` exited with {process.ExitCode}:\n{stderr}{stdout}");
    }

    private static string Sanitize(string? prefix)
    {
        var cleaned = new string((prefix ?? "").ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(30).ToArray());
        return cleaned.Length == 0 ? "test" : cleaned;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^tps = ([0-9.]+) \((?:without initial connection time|excluding connections establishing)\)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();
}
