using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync;

namespace SalesInsightActions.Benchmarks.Sync;

/// <summary>
/// The child process of the sync benchmark: the real app (scheduler off) on its own database, one Sales account
/// connected to the simulator, its sync started. It runs the engine when the parent writes "run" on stdin and
/// answers on stdout with a line "@@bench {json}"; its own peak resident set is read from /proc/self/status.
/// One process per measured sync, so one run's memory never shows in another's figure.
/// </summary>
public static class SyncChild
{
    public const string Marker = "@@bench ";

    /// <param name="args">connection string, Marketo base URL, then configuration overrides as key=value.</param>
    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args[0];
        var marketo = new Uri(args[1]);
        var settings = args.Skip(2).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        // WebApplicationFactory looks for the app's content root beside a solution file; name it (the repository's copy, else our output).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SALESINSIGHTACTIONS_WEB", WebContentRoot());
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("Logging:Json", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", Environment.GetEnvironmentVariable("SIA_BENCH_CHILD_LOG") ?? "Warning");
            builder.UseSetting("PeopleSync:SchedulerEnabled", "false");
            // Required by other capabilities at start-up; the sync never calls Salesforce or sends mail.
            builder.UseSetting("Salesforce:ClientId", "sim-salesforce-client-id");
            builder.UseSetting("Salesforce:ClientSecret", "sim-salesforce-client-secret");
            builder.UseSetting("Smtp:Host", "127.0.0.1");
            builder.UseSetting("Smtp:Security", "None");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        var accountId = await CreateAccountAsync(factory.Services, marketo);
        // Where a run's time goes: the batches' write transactions (the engine's own histogram) against the whole run.
        double writeSeconds = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SyncMetrics.MeterName && instrument.Name == "sync.batch.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => writeSeconds += value);
        listener.Start();
        Send(new { @event = "ready", accountId, peakRssBytes = PeakRssBytes() });
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "run")
            {
                var stopwatch = Stopwatch.StartNew();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                writeSeconds = 0;
                await using var scope = factory.Services.CreateAsyncScope();
                var status = await scope.ServiceProvider.GetRequiredService<PeopleSyncRunner>().RunAsync(accountId, CancellationToken.None);
                var seconds = stopwatch.Elapsed.TotalSeconds;
                var state = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SyncStates.AsNoTracking().FirstAsync();
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                var peakRss = PeakRssBytes();
                var gc = GC.GetGCMemoryInfo();
                // What is still reachable once the run is over: memory that grows with the data set would show here.
                var liveAfterFullGc = GC.GetTotalMemory(forceFullCollection: true);
                Send(new { @event = "ran", status = status?.ToString(), seconds, writeSeconds, cpuSeconds, peakRssBytes = peakRss, gcCommittedBytes = gc.TotalCommittedBytes, gcHeapBytes = gc.HeapSizeBytes, liveBytesAfterFullGc = liveAfterFullGc, threads = ThreadPool.ThreadCount, progressDone = state.ProgressDone, lastError = state.LastError });
            }
            else if (command == "exit")
            {
                break;
            }
        }

        return 0;
    }

    private static async Task<Guid> CreateAccountAsync(IServiceProvider services, Uri marketo)
    {
        Guid accountId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var account = new SalesAccount { Name = "Sync benchmark", MunchkinId = "123-ABC-456", CreatedAt = DateTime.UtcNow };
            db.SalesAccounts.Add(account);
            await db.SaveChangesAsync();
            accountId = account.Id;
        }

        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(accountId);
            await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
                .SaveAsync("123-ABC-456", marketo, "sim-marketo-client-id", "sim-marketo-client-secret", Guid.NewGuid());
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow, StartedByMemberId = Guid.NewGuid() });
            await db.SaveChangesAsync();
        }

        return accountId;
    }

    private static string WebContentRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "SalesInsightActions.Web");
            if (File.Exists(Path.Combine(candidate, "appsettings.json")))
            {
                return candidate;
            }
        }

        return AppContext.BaseDirectory;
    }

    /// <summary>VmHWM: the most resident memory this process has had (Linux).</summary>
    private static long PeakRssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static void Send(object message)
    {
        Console.Out.WriteLine(Marker + JsonSerializer.Serialize(message));
        Console.Out.Flush();
    }
}
