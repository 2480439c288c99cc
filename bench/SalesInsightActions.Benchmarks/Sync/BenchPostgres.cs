using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SalesInsightActions.Benchmarks.Sync;

/// <summary>
/// The benchmark's PostgreSQL: the server named by SIA_BENCH_POSTGRES, or a throwaway cluster started from the local
/// binaries (as test.sh does: initdb into a temp directory, fsync off, run as the postgres user when root) and removed
/// at the end. Each measured sync gets a fresh database.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string? _dataDirectory;
    private readonly string? _binDirectory;

    private BenchPostgres(string serverConnectionString, string description, string? dataDirectory = null, string? binDirectory = null)
    {
        ServerConnectionString = serverConnectionString;
        Description = description;
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
    }

    public string ServerConnectionString { get; }

    public string Description { get; }

    public static async Task<BenchPostgres> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("SIA_BENCH_POSTGRES") is { Length: > 0 } given)
        {
            await using var connection = new NpgsqlConnection(given);
            await connection.OpenAsync();
            return new BenchPostgres(given, $"PostgreSQL {connection.PostgreSqlVersion} (SIA_BENCH_POSTGRES)");
        }

        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("No PostgreSQL binaries under /usr/lib/postgresql; set SIA_BENCH_POSTGRES instead.");
        var root = Directory.CreateTempSubdirectory("sia-bench-pg.").FullName;
        var data = Path.Combine(root, "data");
        var socket = Path.Combine(root, "sock");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(socket);
        var password = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(password, "postgres\n");
        if (IsRoot)
        {
            await RunAsync("chmod", "755", root);
            await RunAsync("chmod", "644", password);
            await RunAsync("chown", "-R", "postgres:postgres", data, socket);
        }

        var port = FreePort();
        await RunPostgresAsync(bin, "initdb", "-D", data, "-U", "postgres", $"--pwfile={password}", "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
        await RunPostgresAsync(bin, "pg_ctl", "-D", data, "-l", Path.Combine(socket, "postgres.log"), "-w", "-t", "60", "start", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {socket} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -c shared_buffers=256MB");
        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres";
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            return new BenchPostgres(connectionString, $"PostgreSQL {connection.PostgreSqlVersion} (throwaway cluster from {bin}, fsync off, shared_buffers 256MB)", data, bin);
        }
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection))
            {
                await drop.ExecuteNonQueryAsync();
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return DatabaseConnectionString(name);
    }

    public string DatabaseConnectionString(string name) => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;

    public async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDirectory is not null && _binDirectory is not null)
        {
            await RunPostgresAsync(_binDirectory, "pg_ctl", "-D", _dataDirectory, "-m", "immediate", "stop");
            Directory.Delete(Path.GetDirectoryName(_dataDirectory)!, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static Task RunPostgresAsync(string bin, string tool, params string[] args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. args]) : RunAsync(Path.Combine(bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
