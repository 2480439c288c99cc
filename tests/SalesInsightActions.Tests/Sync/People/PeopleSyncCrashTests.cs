using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Checkpoints;
using Xunit.Abstractions;

namespace SalesInsightActions.Tests.Sync.People;

/// <summary>
/// The real app process SIGKILLed at random instants of a large initial sync (PostgreSQL, clustered Quartz) and started
/// again each time: the store ends equal to the simulator, with nothing missed and nothing twice.
/// </summary>
public sealed class PeopleSyncCrashTests(ITestOutputHelper output)
{
    // 20 s between createdAt values: 50k leads span ~12 days, so the sync reads one large extract file that the kills
    // interrupt mid-stream (the riskiest resume: skipping the rows already committed).
    private const int PersonCount = 50_000;
    private const int Kills = 3;

    [Fact]
    public async Task Killed_at_random_instants_of_a_large_initial_sync_the_store_still_equals_the_simulator()
    {
        var seed = CrashSeed.Next(output);
        var random = new Random(seed);
        await using var simulator = await SimulatorProcess.LaunchAsync(CrashSync.FastSimulator(PersonCount));
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = AppProcess.Create(database.ConnectionString, CrashSync.AppSettings());
        Guid accountId = default;
        await app.InProcessAsync(async factory => accountId = await CrashSync.StartSyncAsync(factory, simulator.BaseUrl));

        await app.StartAsync();
        // Kill points by progress, so that each kill lands mid-sync whatever the machine's speed: one before any row is
        // written, then at random fractions of the owned people, each followed by a random extra delay.
        var owned = PersonCount * 9 / 10;
        var targets = Enumerable.Range(0, Kills - 1).Select(_ => (int)(owned * (0.1 + (0.8 * random.NextDouble())))).Order().ToList();
        await Task.Delay(random.Next(200, 1500));
        await KillAsync(0);
        foreach (var target in targets)
        {
            await app.StartAsync();
            await CrashSync.WaitForPeopleAsync(database.ConnectionString, accountId, target, TimeSpan.FromSeconds(240), app);
            await Task.Delay(random.Next(0, 300));
            await KillAsync(target);
        }

        await app.StartAsync();
        var state = await CrashSync.WaitUntilUpToDateAsync(database.ConnectionString, accountId, TimeSpan.FromSeconds(240), app);
        Assert.NotNull(state.InitialSyncCompletedAt);

        List<Web.Sync.People.PersonRecord> expected = [];
        app.Kill();
        await app.InProcessAsync(async factory => expected = await SyncTestHost.ExpectedPeopleAsync(factory.Services, simulator.BaseUrl, PersonCount));
        var actual = await CrashSync.PeopleAsync(database.ConnectionString, accountId);
        Assert.Equal(owned, expected.Count);
        Assert.Equal(actual.Count, actual.Select(p => p.MarketoId).Distinct().Count());
        Assert.Equal(SyncTestHost.Checksum(expected), SyncTestHost.Checksum(actual));

        async Task KillAsync(int target)
        {
            app.Kill();
            await using var db = Contexts.Postgres(database.ConnectionString, Contexts.ScopeFor(accountId));
            var stored = await db.People.CountAsync();
            var checkpoint = await db.SyncCheckpoints.AsNoTracking().FirstOrDefaultAsync();
            output.WriteLine($"kill after {target} people: {stored} stored, checkpoint {checkpoint?.Phase} export {checkpoint?.ExportId} rows {checkpoint?.ExportRowsConsumed} cursor {checkpoint?.CursorAt:O}");
            if (checkpoint is not null)
            {
                Assert.True(checkpoint.CursorAt <= checkpoint.RunStartedAt, $"cursor {checkpoint.CursorAt:O} is past the run's start {checkpoint.RunStartedAt:O}");
            }
        }
    }
}

/// <summary>Set-up and reads shared by the crash tests of the sync (child processes on PostgreSQL).</summary>
public static class CrashSync
{
    /// <summary>The simulator with its limits and bulk delays off: the sync runs at the speed of the database.</summary>
    public static Dictionary<string, string?> FastSimulator(int people) => new()
    {
        ["Simulators:DataSet:PersonCount"] = people.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Simulators:Marketo:LimitsEnabled"] = "false",
        ["Simulators:Marketo:BulkQueuedSeconds"] = "0",
        ["Simulators:Marketo:BulkProcessingSeconds"] = "0",
    };

    /// <summary>Scheduler on, a fast reconciler and a short cluster check-in so a killed instance's job is recovered in seconds.</summary>
    public static Dictionary<string, string?> AppSettings() => new()
    {
        ["PeopleSync:HistoryStart"] = "2023-12-30T00:00:00Z",
        ["PeopleSync:ReconcileInterval"] = "00:00:01",
        ["PeopleSync:Interval"] = "00:00:02",
        ["PeopleSync:ClusterCheckinInterval"] = "00:00:01",
        ["PeopleSync:ClusterCheckinMisfireThreshold"] = "00:00:04",
        ["Marketo:BulkExportPollInterval"] = "00:00:00.200",
        ["Marketo:VendorCallsPerWindow"] = "100000",
        ["Marketo:RetryBaseDelay"] = "00:00:00.100",
        ["Serilog:MinimumLevel:Override:Quartz"] = "Information",
        ["Serilog:MinimumLevel:Override:SalesInsightActions"] = "Information",
    };

    /// <summary>An account connected to the simulator with its sync started (the scheduler picks it up).</summary>
    public static async Task<Guid> StartSyncAsync(AppFactory factory, Uri simulator)
    {
        var accountId = await SyncTestHost.CreateAccountAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Web.Data.AccountScope>().Enter(accountId);
        await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
            .SaveAsync("123-ABC-456", simulator, "sim-marketo-client-id", "sim-marketo-client-secret", Guid.NewGuid());
        var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
        db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow, StartedByMemberId = Guid.NewGuid() });
        await db.SaveChangesAsync();
        return accountId;
    }

    public static async Task WaitForPeopleAsync(string connectionString, Guid accountId, int atLeast, TimeSpan timeout, ChildProcess? app = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var db = Contexts.Postgres(connectionString, Contexts.ScopeFor(accountId)))
            {
                if (await db.People.CountAsync() >= atLeast)
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Fewer than {atLeast} people synced within {timeout}.\n{app?.Tail()}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<SyncState> WaitUntilUpToDateAsync(string connectionString, Guid accountId, TimeSpan timeout, ChildProcess? app = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var db = Contexts.Postgres(connectionString, Contexts.ScopeFor(accountId)))
            {
                var state = await db.SyncStates.AsNoTracking().SingleAsync();
                if (state.Status == SyncStatus.UpToDate && state.InitialSyncCompletedAt is not null)
                {
                    return state;
                }

                Assert.True(state.Status != SyncStatus.Failed, $"The sync failed: {state.LastError}");
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The sync of {accountId} was not up to date within {timeout}: {state.Status} {state.ProgressDone}/{state.ProgressTotal}.\n{app?.Tail()}");
                }
            }

            await Task.Delay(200);
        }
    }

    public static async Task<List<Web.Sync.People.PersonRecord>> PeopleAsync(string connectionString, Guid accountId)
    {
        await using var db = Contexts.Postgres(connectionString, Contexts.ScopeFor(accountId));
        return [.. (await db.People.AsNoTracking().OrderBy(p => p.MarketoId).ToListAsync()).Select(SyncTestHost.ToRecord)];
    }

    public static async Task<SyncCheckpoint?> CheckpointAsync(string connectionString, Guid accountId)
    {
        await using var db = Contexts.Postgres(connectionString, Contexts.ScopeFor(accountId));
        return await db.SyncCheckpoints.AsNoTracking().FirstOrDefaultAsync();
    }
}

/// <summary>The seed of a crash test's random kill points: SIA_CRASH_SEED to replay one, else a new one, always printed.</summary>
public static class CrashSeed
{
    public static int Next(ITestOutputHelper output)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SIA_CRASH_SEED"), out var given) ? given : Random.Shared.Next();
        output.WriteLine($"crash seed {seed} (replay with SIA_CRASH_SEED={seed})");
        // Also on the console: xunit shows test output only for failures in some runners.
        Console.WriteLine($"[crash] {output.GetType().Name} seed {seed}");
        return seed;
    }
}
