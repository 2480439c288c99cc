using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Npgsql;

namespace SalesInsightActions.Benchmarks.Sync;

/// <summary>The parent's handle on one <see cref="SyncChild"/> process: start it, tell it to run, read its answers.</summary>
public sealed class SyncChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _log = [];

    private SyncChildProcess(Process process)
    {
        _process = process;
    }

    public int ProcessId => _process.Id;

    public Guid AccountId { get; private set; }

    /// <summary>Starts the child with the same runtime and entry assembly as this process, on Server GC as the web app runs.</summary>
    /// <param name="command">The child's command: `sync-child`, or another harness's child (e.g. `activities-child`).</param>
    public static async Task<SyncChildProcess> StartAsync(string connectionString, Uri marketo, IReadOnlyDictionary<string, string> settings, string command = "sync-child")
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var entry = typeof(SyncChild).Assembly.Location;
        // Under `dotnet X.dll` the process is the muxer and needs the assembly; under the app host it is the assembly.
        if (Path.GetFileName(Environment.ProcessPath!) is "dotnet" or "dotnet.exe")
        {
            start.ArgumentList.Add(entry);
        }

        start.ArgumentList.Add(command);
        start.ArgumentList.Add(connectionString);
        start.ArgumentList.Add(marketo.ToString());
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"{key}={value}");
        }

        // The child hosts the product's engine in the benchmark exe, whose runtimeconfig is not the product's: it runs
        // with the GC mode the product's runtimeconfig asks for. A DOTNET_gcServer set for the benchmark (to compare) wins.
        start.Environment["DOTNET_gcServer"] = Environment.GetEnvironmentVariable("DOTNET_gcServer") ?? (ProductUsesServerGc() ? "1" : "0");
        start.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        var child = new SyncChildProcess(Process.Start(start)!);
        // The connection string carries the database's password: the log names the database only.
        var database = new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ToString();
        Console.WriteLine($"[sync-bench] child {child.ProcessId}: {Path.GetFileName(start.FileName)} sync-child ({database}) …");
        child.Pump(child._process.StandardOutput, forward: true);
        child.Pump(child._process.StandardError, forward: false);
        var ready = await child.NextAsync(TimeSpan.FromMinutes(5));
        child.AccountId = ready.GetProperty("accountId").GetGuid();
        // Only the sync child reports its memory when ready; the activities child does not.
        child.ReadyRssBytes = ready.TryGetProperty("peakRssBytes", out var rss) ? rss.GetInt64() : 0;
        return child;
    }

    /// <summary>System.GC.Server in the product's runtimeconfig, copied next to this assembly by the project reference.</summary>
    private static bool ProductUsesServerGc()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SalesInsightActions.Web.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        return config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
               && properties.TryGetProperty("System.GC.Server", out var server) && server.GetBoolean();
    }

    /// <summary>The child's peak resident memory once started, before any sync: the host, the EF model, the JIT.</summary>
    public long ReadyRssBytes { get; private set; }

    /// <summary>Asks for one engine run (initial then incremental, or incremental only); the answer comes with <see cref="NextAsync"/>.</summary>
    public async Task SendRunAsync(string command = "run")
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    public async Task<JsonElement> RunAsync(TimeSpan timeout) => await RunAsync("run", timeout);

    public async Task<JsonElement> RunAsync(string command, TimeSpan timeout)
    {
        await SendRunAsync(command);
        return await NextAsync(timeout);
    }

    public async Task<JsonElement> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _messages.Reader.ReadAsync(cancel.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            string tail;
            lock (_log)
            {
                tail = string.Join('\n', _log.TakeLast(40));
            }

            throw new InvalidOperationException($"The sync child (pid {_process.Id}) gave no answer within {timeout} (exited: {_process.HasExited}). Its last output:\n{tail}", e);
        }
    }

    /// <summary>Kills the child (a bounded run that has been measured long enough).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("exit");
                await _process.StandardInput.FlushAsync();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                Kill();
            }
        }

        _process.Dispose();
    }

    private void Pump(StreamReader reader, bool forward) => _ = Task.Run(async () =>
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (forward && line.StartsWith(SyncChild.Marker, StringComparison.Ordinal))
            {
                _messages.Writer.TryWrite(JsonDocument.Parse(line[SyncChild.Marker.Length..]).RootElement.Clone());
                continue;
            }

            if (Environment.GetEnvironmentVariable("SIA_BENCH_CHILD_LOG") is not null)
            {
                Console.WriteLine($"[child {ProcessId}] {line}");
            }

            lock (_log)
            {
                _log.Add(line);
                if (_log.Count > 200)
                {
                    _log.RemoveAt(0);
                }
            }
        }

        if (forward)
        {
            _messages.Writer.TryComplete();
        }
    });
}
