using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace SalesInsightActions.Benchmarks.Sync;

/// <summary>
/// The people-sync benchmarks (`-- sync`): the real engine in child processes against the simulators over loopback
/// HTTP and a real PostgreSQL, each figure a ratio against a baseline or bound measured or defined in the same run.
/// Writes its sections and the summary table into BENCHMARKS.md.
/// </summary>
public static class SyncBenchmark
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(40);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = SyncBenchmarkOptions.Parse(args);
        Overrides = [.. args.Select((a, i) => (a, i)).Where(p => p.a == "--engine" && p.i + 1 < args.Length).Select(p => args[p.i + 1])];
        var command = "dotnet run -c Release --project bench/SalesInsightActions.Benchmarks -- sync" + (args.Length > 0 ? " " + string.Join(' ', args) : "");
        Log($"people-sync benchmarks: {options.People:N0} people (memory against {options.SmallPeople:N0}), {options.Changes:N0} changes, limited run {options.LimitedWarmupSeconds}+{options.LimitedSeconds} s");
        var figures = new List<Figure>();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleLoadAsync(sampling.Token);
        await using var postgres = await BenchPostgres.StartAsync();
        Log(postgres.Description);
        await using var large = await BenchSimulator.StartAsync(o => SimulatorWithoutLimits(o, options.People));
        if (options.Only is not null)
        {
            return await RunOnlyAsync(options, postgres, large);
        }

        await using (var small = await BenchSimulator.StartAsync(o => SimulatorWithoutLimits(o, options.SmallPeople)))
        {
            // Figure 2, first half: a separate process syncs the small data set.
            var smallDb = await postgres.CreateDatabaseAsync("sia_bench_small");
            await using (var child = await SyncChildProcess.StartAsync(smallDb, small.BaseUrl, EngineSettings(limited: false)))
            {
                var ran = await RunChecked(child, "initial sync (small)");
                SmallPeak = ran.GetProperty("peakRssBytes").GetInt64();
                SmallSeconds = ran.GetProperty("seconds").GetDouble();
                Log($"small initial sync: {SmallSeconds:F1} s, peak RSS {SmallPeak / 1048576.0:F0} MiB");
            }

            await postgres.DropDatabaseAsync("sia_bench_small");
        }

        // Figures 1, 2 (second half) and 4: one process syncs the large data set, then follows 10k changes.
        var largeDb = await postgres.CreateDatabaseAsync("sia_bench_large");
        await using (var child = await SyncChildProcess.StartAsync(largeDb, large.BaseUrl, EngineSettings(limited: false)))
        {
            var simulatorCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var ran = await RunChecked(child, "initial sync (large)");
            simulatorCpu = Process.GetCurrentProcess().TotalProcessorTime - simulatorCpu;
            var syncSeconds = ran.GetProperty("seconds").GetDouble();
            var largePeak = ran.GetProperty("peakRssBytes").GetInt64();
            var peopleRead = ran.GetProperty("progressDone").GetInt64();
            var rows = await CountPeopleAsync(largeDb, child.AccountId);
            Log($"large initial sync: {syncSeconds:F1} s (batch writes {ran.GetProperty("writeSeconds").GetDouble():F1} s, engine CPU {ran.GetProperty("cpuSeconds").GetDouble():F1} s), {rows:N0} people stored of {peopleRead:N0} read, peak RSS {largePeak / 1048576.0:F0} MiB");
            var copySeconds = await CopyBaselineAsync(largeDb, child.AccountId);
            Log($"COPY baseline: {rows:N0} rows in {copySeconds:F1} s");
            figures.Add(Figure.InitialSync(options, rows, peopleRead, syncSeconds, copySeconds,
                new SyncCpu(ran.GetProperty("writeSeconds").GetDouble(), ran.GetProperty("cpuSeconds").GetDouble(), simulatorCpu.TotalSeconds)));
            figures.Add(Figure.Memory(options, SmallPeak, largePeak, SmallSeconds, syncSeconds));
            figures.Add(await ChangesVisibleAsync(options, large, child, largeDb));
        }

        await postgres.DropDatabaseAsync("sia_bench_large");

        // Figure 3: Marketo's real limits on, the REST path by id ranges, for a bounded time.
        figures.Add(await LimitedRateAsync(options, postgres, large));
        await postgres.DropDatabaseAsync("sia_bench_limited");

        await sampling.CancelAsync();
        await sampler;
        var machine = MachineDescription(postgres.Description);
        var path = options.Output ?? FindBenchmarksFile();
        await File.WriteAllTextAsync(path, BenchmarksMarkdown.Write(await File.ReadAllTextAsync(path), command, machine, DateTime.UtcNow, figures));
        Log($"wrote {path}");
        foreach (var figure in figures)
        {
            Log($"{figure.Name}: {figure.Value} (target {figure.Target}) → {(figure.Met ? "met" : "NOT met")}");
        }

        return 0;
    }

    /// <summary>One figure alone (`--only initial` or `--only limited`), logged, BENCHMARKS.md untouched: for comparing ratios while changing the engine.</summary>
    private static async Task<int> RunOnlyAsync(SyncBenchmarkOptions options, BenchPostgres postgres, BenchSimulator large)
    {
        Figure figure;
        if (options.Only == "limited")
        {
            figure = await LimitedRateAsync(options, postgres, large);
            await postgres.DropDatabaseAsync("sia_bench_limited");
        }
        else
        {
            var largeDb = await postgres.CreateDatabaseAsync("sia_bench_large");
            await using (var child = await SyncChildProcess.StartAsync(largeDb, large.BaseUrl, EngineSettings(limited: false)))
            {
                var simulatorCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var ran = await RunChecked(child, "initial sync (large)");
                simulatorCpu = Process.GetCurrentProcess().TotalProcessorTime - simulatorCpu;
                var syncSeconds = ran.GetProperty("seconds").GetDouble();
                var rows = await CountPeopleAsync(largeDb, child.AccountId);
                Log($"large initial sync: {syncSeconds:F1} s (batch writes {ran.GetProperty("writeSeconds").GetDouble():F1} s, engine CPU {ran.GetProperty("cpuSeconds").GetDouble():F1} s), {rows:N0} people stored, peak RSS {ran.GetProperty("peakRssBytes").GetInt64() / 1048576.0:F0} MiB (GC committed at the end {ran.GetProperty("gcCommittedBytes").GetInt64() / 1048576.0:F0} MiB, heap {ran.GetProperty("gcHeapBytes").GetInt64() / 1048576.0:F0} MiB, live after a full GC {ran.GetProperty("liveBytesAfterFullGc").GetInt64() / 1048576.0:F0} MiB, {ran.GetProperty("threads").GetInt32()} pool threads; RSS when ready {child.ReadyRssBytes / 1048576.0:F0} MiB)");
                var copySeconds = await CopyBaselineAsync(largeDb, child.AccountId);
                Log($"COPY baseline: {rows:N0} rows in {copySeconds:F1} s");
                figure = Figure.InitialSync(options, rows, ran.GetProperty("progressDone").GetInt64(), syncSeconds, copySeconds,
                    new SyncCpu(ran.GetProperty("writeSeconds").GetDouble(), ran.GetProperty("cpuSeconds").GetDouble(), simulatorCpu.TotalSeconds));
                Log($"simulator CPU during the sync {simulatorCpu.TotalSeconds:F1} s");
            }

            await postgres.DropDatabaseAsync("sia_bench_large");
        }

        Log($"{figure.Name}: {figure.Value} (target {figure.Target}) → {(figure.Met ? "met" : "NOT met")}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static double PeakLoad { get; set; }

    /// <summary>The highest 1-minute load average seen every 5 s while the figures are measured.</summary>
    private static async Task SampleLoadAsync(CancellationToken ct)
    {
        if (!File.Exists("/proc/loadavg"))
        {
            return;
        }

        while (!ct.IsCancellationRequested)
        {
            var load = double.Parse((await File.ReadAllTextAsync("/proc/loadavg", CancellationToken.None)).Split(' ')[0], CultureInfo.InvariantCulture);
            PeakLoad = Math.Max(PeakLoad, load);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static long SmallPeak { get; set; }

    private static double SmallSeconds { get; set; }

    /// <summary>"Limits off": no call limits, bulk jobs ready at once, no daily export cap.</summary>
    private static void SimulatorWithoutLimits(Simulators.SimulatorOptions o, int people)
    {
        o.DataSet.PersonCount = people;
        o.Marketo.LimitsEnabled = false;
        o.Marketo.BulkQueuedSeconds = 0;
        o.Marketo.BulkProcessingSeconds = 0;
        o.Marketo.BulkDailyExportBytes = long.MaxValue / 2;
        o.Marketo.TokenLifetimeSeconds = 3600;
    }

    /// <summary>The engine's settings in the child: product defaults except where the benchmark must differ (said in BENCHMARKS.md).</summary>
    internal static Dictionary<string, string> EngineSettings(bool limited)
    {
        return EngineSettings(limited, Overrides);
    }

    /// <summary>`--engine Key=Value` (repeatable): engine settings for every child, after the harness's own (named in the command).</summary>
    private static IReadOnlyList<string> Overrides { get; set; } = [];

    private static Dictionary<string, string> EngineSettings(bool limited, IReadOnlyList<string> overrides)
    {
        var settings = new Dictionary<string, string>
        {
            // The simulator's people are created from 2024-01-01 on; the default (2006) would add ~215 empty 31-day extracts.
            ["PeopleSync:HistoryStart"] = "2023-12-30T00:00:00Z",
            ["Marketo:BulkExportPollInterval"] = "00:00:00.100",
        };
        if (limited)
        {
            // REST by id ranges (300 a call), the path Marketo's call limits bound; the whole limit is ours (no other integrations).
            settings["PeopleSync:UseBulkExtract"] = "false";
            settings["PeopleSync:RestFallbackEmptyRangesToStop"] = "100000";
            settings["Marketo:SafetyShare"] = "1.0";
        }
        else
        {
            settings["Marketo:VendorCallsPerWindow"] = "100000";
        }

        foreach (var pair in overrides.Select(o => o.Split('=', 2)))
        {
            settings[pair[0]] = pair[1];
        }

        return settings;
    }

    private static async Task<JsonElement> RunChecked(SyncChildProcess child, string what)
    {
        var ran = await child.RunAsync(RunTimeout);
        var status = ran.GetProperty("status").GetString();
        if (status != "UpToDate")
        {
            throw new InvalidOperationException($"{what} ended {status}: {ran.GetProperty("lastError")}");
        }

        return ran;
    }

    private static async Task<long> CountPeopleAsync(string connectionString, Guid accountId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM people WHERE sales_account_id = @a", connection);
        count.Parameters.AddWithValue("a", NpgsqlDbType.Uuid, accountId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// PostgreSQL's own binary COPY of the same rows the sync wrote, into an empty table with the same columns, keys and
    /// indexes (LIKE people INCLUDING ALL). The rows are exported to a file first; only the COPY FROM is timed.
    /// </summary>
    private static async Task<double> CopyBaselineAsync(string connectionString, Guid accountId)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sia-bench-copy-{Guid.NewGuid():N}.bin");
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var export = await connection.BeginRawBinaryCopyAsync($"COPY (SELECT * FROM people WHERE sales_account_id = '{accountId}') TO STDOUT (FORMAT BINARY)"))
            await using (var target = File.Create(file))
            {
                await export.CopyToAsync(target);
            }

            await using (var create = new NpgsqlCommand("DROP TABLE IF EXISTS people_copy_baseline; CREATE TABLE people_copy_baseline (LIKE people INCLUDING ALL)", connection))
            {
                await create.ExecuteNonQueryAsync();
            }

            var stopwatch = Stopwatch.StartNew();
            await using (var import = await connection.BeginRawBinaryCopyAsync("COPY people_copy_baseline FROM STDIN (FORMAT BINARY)"))
            await using (var source = File.OpenRead(file))
            {
                await source.CopyToAsync(import);
            }

            var seconds = stopwatch.Elapsed.TotalSeconds;
            await using (var drop = new NpgsqlCommand("DROP TABLE people_copy_baseline", connection))
            {
                await drop.ExecuteNonQueryAsync();
            }

            return seconds;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Changes the title of N random people in the simulator (Change Data Value activities), starts an incremental run at
    /// once, and polls the store until every changed person it holds shows a changed title.
    /// </summary>
    private static async Task<Figure> ChangesVisibleAsync(SyncBenchmarkOptions options, BenchSimulator simulator, SyncChildProcess child, string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var stopwatch = Stopwatch.StartNew();
        var outcome = await simulator.PostAsync("_sim/marketo/leads/random-changes", new { change = options.Changes, fields = new[] { "title" }, seed = 20261128 });
        var changeSeconds = stopwatch.Elapsed.TotalSeconds;
        var ids = outcome.GetProperty("changed").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        await child.SendRunAsync();
        var expected = await CountAsync(connection, child.AccountId, ids, changedOnly: false);
        long visible = 0;
        var deadline = TimeSpan.FromMinutes(10);
        while (stopwatch.Elapsed < deadline && (visible = await CountAsync(connection, child.AccountId, ids, changedOnly: true)) < expected)
        {
            await Task.Delay(100);
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        var ran = await child.NextAsync(RunTimeout);
        Log($"changes: {ids.Length:N0} changed ({expected:N0} of them in the store) in {changeSeconds:F1} s; all visible after {seconds:F1} s; run {ran.GetProperty("status")} in {ran.GetProperty("seconds").GetDouble():F1} s");
        return Figure.ChangesVisible(options, ids.Length, expected, visible, seconds, changeSeconds, ran.GetProperty("seconds").GetDouble());
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, Guid accountId, long[] ids, bool changedOnly)
    {
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM people WHERE sales_account_id = @a AND marketo_id = ANY(@ids)" + (changedOnly ? " AND title LIKE 'Job Title %'" : ""), connection);
        count.Parameters.AddWithValue("a", NpgsqlDbType.Uuid, accountId);
        count.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint, ids);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Marketo's limits on (100 calls / 20 s sliding, 10 in flight, 50,000 a day). The initial pass by id ranges of 300
    /// (leads.json) runs for warm-up + measured seconds, then the child is killed; the rate is the ids covered by committed
    /// batches (the checkpoint's cursor) over the measured interval, against 300 × 100 / 20 = 1,500 ids/s.
    /// </summary>
    private static async Task<Figure> LimitedRateAsync(SyncBenchmarkOptions options, BenchPostgres postgres, BenchSimulator simulator)
    {
        await simulator.PostAsync("_sim/reset", new { });
        await simulator.PostAsync("_sim/marketo/limits", new { enabled = true, callsPerWindow = 100, windowSeconds = 20, maxConcurrentCalls = 10, dailyQuota = 50_000, dailyUsed = 0 });
        var connectionString = await postgres.CreateDatabaseAsync("sia_bench_limited");
        var samples = new List<(double Seconds, long Cursor)>();
        await using (var child = await SyncChildProcess.StartAsync(connectionString, simulator.BaseUrl, EngineSettings(limited: true)))
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT coalesce(max(\"CursorId\"), 0) FROM sync_checkpoints WHERE \"SalesAccountId\" = @a", connection);
            read.Parameters.AddWithValue("a", NpgsqlDbType.Uuid, child.AccountId);
            await child.SendRunAsync();
            var stopwatch = Stopwatch.StartNew();
            double? first = null;
            while (first is null || stopwatch.Elapsed.TotalSeconds < first + options.LimitedWarmupSeconds + options.LimitedSeconds + 0.5)
            {
                var cursor = (long)(await read.ExecuteScalarAsync())!;
                var now = stopwatch.Elapsed.TotalSeconds;
                samples.Add((now, cursor));
                if (cursor > 0)
                {
                    first ??= now;
                }

                if (now > 300 && first is null)
                {
                    throw new InvalidOperationException("The limited sync committed nothing in 5 minutes.");
                }

                await Task.Delay(100);
            }

            child.Kill();
        }

        var usage = await simulator.GetAsync("_sim/marketo/usage");
        var refused = usage.GetProperty("refused");
        var firstAt = samples.First(s => s.Cursor > 0).Seconds;
        var start = samples.First(s => s.Seconds >= firstAt + options.LimitedWarmupSeconds);
        var end = samples.Last(s => s.Seconds <= start.Seconds + options.LimitedSeconds);
        var rate = (end.Cursor - start.Cursor) / (end.Seconds - start.Seconds);
        Log($"limited: {end.Cursor - start.Cursor:N0} ids in {end.Seconds - start.Seconds:F1} s = {rate:F0}/s; usage {usage}");
        await simulator.PostAsync("_sim/marketo/limits", new { enabled = false });
        return Figure.LimitedRate(options, rate, end.Cursor - start.Cursor, end.Seconds - start.Seconds, usage.GetProperty("dailyCount").GetInt32(),
            refused.GetProperty("rateLimit606").GetInt32(), refused.GetProperty("concurrency615").GetInt32(), refused.GetProperty("dailyQuota607").GetInt32());
    }

    private static string MachineDescription(string postgres)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        // The machine is shared: how busy it was says how much the absolute times mean (the ratios share the load).
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[..3] : ["?", "?", "?"];
        return string.Create(CultureInfo.InvariantCulture,
            $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores (shared with other builds while measured), {os ?? Environment.OSVersion.ToString()}, .NET {Environment.Version}; {postgres}; load average at the end {load[0]} / {load[1]} / {load[2]} (1 / 5 / 15 min), highest 1-min load sampled during the run {PeakLoad:F2}");
    }

    private static string FindBenchmarksFile()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "BENCHMARKS.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "SalesInsightActions.sln")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Run from the repository (BENCHMARKS.md beside SalesInsightActions.sln) or pass --output.");
    }

    private static void Log(string message) => Console.WriteLine($"[sync-bench {DateTime.UtcNow:HH:mm:ss}] {message}");
}
