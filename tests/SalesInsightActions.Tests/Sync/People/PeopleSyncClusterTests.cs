using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Checkpoints;
using Xunit.Abstractions;

namespace SalesInsightActions.Tests.Sync.People;

/// <summary>
/// Two real app processes on one PostgreSQL (clustered Quartz job store) syncing several accounts at once, each from its
/// own simulator data set. Every checkpoint write is recorded by a database trigger in the batch's own transaction (a
/// rolled-back batch leaves nothing), tagged with the instance that wrote it (its connection's Application Name): so a
/// batch committed twice, or one account's initial pass advanced by both instances, is seen, not sampled.
/// </summary>
public sealed class PeopleSyncClusterTests(ITestOutputHelper output)
{
    // One extract file per account (20 s between createdAt values: 12k leads span under 3 days), large enough that the
    // accounts' initial passes overlap in time and the kill lands mid-file.
    private static readonly int[] PersonCounts = [14_000, 12_000, 12_000, 10_000];
    private const string InstanceA = "sia-cluster-a";
    private const string InstanceB = "sia-cluster-b";

    [Fact]
    public async Task Two_instances_share_the_accounts_commit_each_batch_once_and_finish_the_account_of_a_killed_instance()
    {
        var simulators = new List<SimulatorServer>();
        await using var database = await PostgresDatabase.CreateAsync();
        try
        {
            for (var i = 0; i < PersonCounts.Length; i++)
            {
                var count = PersonCounts[i];
                var seed = 7100 + i;
                simulators.Add(await SimulatorServer.StartAsync(o =>
                {
                    o.DataSet.PersonCount = count;
                    o.DataSet.Seed = seed;
                    o.Marketo.LimitsEnabled = false;
                    o.Marketo.BulkQueuedSeconds = 0;
                    o.Marketo.BulkProcessingSeconds = 0;
                }));
            }

            // Two jobs at once per instance (the reconciler and activity write-backs included) for four accounts: the
            // instance that schedules the jobs cannot take them all, so the accounts spread over both.
            var settings = CrashSync.AppSettings();
            settings["PeopleSync:MaxConcurrentJobs"] = "2";
            // Many small batches: many checkpoints to compare, and a long window in which both instances are mid-file.
            settings["PeopleSync:BatchSize"] = "500";
            await using var a = AppProcess.Create(WithApplicationName(database.ConnectionString, InstanceA), settings);
            await using var b = AppProcess.Create(WithApplicationName(database.ConnectionString, InstanceB), settings);
            var accounts = new List<Guid>();
            await a.InProcessAsync(async factory =>
            {
                foreach (var simulator in simulators)
                {
                    accounts.Add(await ConnectAsync(factory, simulator.BaseUrl));
                }
            });
            await RecordCheckpointWritesAsync(database.ConnectionString);

            await Task.WhenAll(a.StartAsync(), b.StartAsync());
            // Both instances are up before any account is started: whichever instance's reconciler schedules the jobs,
            // the other competes for them.
            foreach (var accountId in accounts)
            {
                await using var db = Contexts.Postgres(database.ConnectionString, Contexts.ScopeFor(accountId));
                (await db.SyncStates.SingleAsync()).StartedAt = DateTime.UtcNow;
                await db.SaveChangesAsync();
            }

            // Kill, mid-file, the instance holding the least advanced initial pass (once both instances hold one, if they overlap).
            var (victimAccount, victim) = await WaitForBothInstancesMidSyncAsync(database.ConnectionString, accounts, a, b);
            var (killed, survivor, survivorName) = victim == InstanceA ? (a, b, InstanceB) : (b, a, InstanceA);
            killed.Kill();
            var atKill = await CheckpointWritesAsync(database.ConnectionString);
            output.WriteLine($"killed {victim} running account {victimAccount} after {atKill.Count(w => w.AccountId == victimAccount && w.Phase == nameof(SyncPhase.Initial))} initial checkpoint writes");
            Assert.DoesNotContain(atKill, w => w.AccountId == victimAccount && w.Phase == nameof(SyncPhase.Incremental));

            foreach (var accountId in accounts)
            {
                await CrashSync.WaitUntilUpToDateAsync(database.ConnectionString, accountId, TimeSpan.FromSeconds(240), survivor);
            }

            survivor.Kill();
            var writes = await CheckpointWritesAsync(database.ConnectionString);
            foreach (var instance in new[] { InstanceA, InstanceB })
            {
                output.WriteLine($"{instance}: initial batches of {string.Join(", ", writes.Where(w => w.Instance == instance && w.Phase == nameof(SyncPhase.Initial) && w.RowsConsumed > 0).Select(w => w.AccountId).Distinct())}");
            }

            // (c) Both instances committed initial batches: the accounts spread.
            Assert.Contains(writes, w => w.Instance == InstanceA && w.Phase == nameof(SyncPhase.Initial) && w.RowsConsumed > 0);
            Assert.Contains(writes, w => w.Instance == InstanceB && w.Phase == nameof(SyncPhase.Initial) && w.RowsConsumed > 0);

            var expected = new List<List<Web.Sync.People.PersonRecord>>();
            await survivor.InProcessAsync(async factory =>
            {
                for (var i = 0; i < simulators.Count; i++)
                {
                    expected.Add(await SyncTestHost.ExpectedPeopleAsync(factory.Services, simulators[i].BaseUrl, PersonCounts[i]));
                }
            });
            for (var i = 0; i < accounts.Count; i++)
            {
                var accountId = accounts[i];
                var initial = writes.Where(w => w.AccountId == accountId && w.Phase == nameof(SyncPhase.Initial)).ToList();

                // (a) No batch committed twice: every initial checkpoint position is written once.
                var repeated = initial.GroupBy(w => w.Position).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                Assert.True(repeated.Count == 0, $"account {i}: checkpoint positions committed more than once: {string.Join("; ", repeated)}");

                // (a) One instance at a time: the initial pass moves between instances only when its instance is killed.
                var runs = Runs(initial.Select(w => w.Instance));
                if (accountId == victimAccount)
                {
                    Assert.Equal([victim, survivorName], runs);
                }
                else
                {
                    // Another account the killed instance was running moves the same way; the rest stay where they began.
                    var heldByVictim = atKill.LastOrDefault(w => w.AccountId == accountId) is { Phase: nameof(SyncPhase.Initial) } last && last.Instance == victim;
                    Assert.True(runs.Count == 1 || (heldByVictim && runs.SequenceEqual([victim, survivorName])), $"account {i}: initial pass written by {string.Join(" → ", runs)}");
                }

                // (a) Each person counted once by the batches that committed (the throughput samples commit with them).
                var people = await CrashSync.PeopleAsync(database.ConnectionString, accountId);
                await using (var db = Contexts.Postgres(database.ConnectionString, Contexts.ScopeFor(accountId)))
                {
                    var read = await db.SyncThroughputSamples.SumAsync(s => s.PeopleRead);
                    var written = await db.SyncThroughputSamples.SumAsync(s => s.PeopleWritten);
                    Assert.Equal((expected[i].Count, expected[i].Count), (read, written));
                }

                // (b) The store equals the simulator, the killed instance's account included.
                Assert.Equal(PersonCounts[i] * 9 / 10, expected[i].Count);
                Assert.Equal(people.Count, people.Select(p => p.MarketoId).Distinct().Count());
                Assert.Equal(SyncTestHost.Checksum(expected[i]), SyncTestHost.Checksum(people));
            }
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    private static string WithApplicationName(string connectionString, string name) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = name }.ConnectionString;

    /// <summary>An account connected to its simulator, its sync not yet started.</summary>
    private static async Task<Guid> ConnectAsync(AppFactory factory, Uri simulator)
    {
        var accountId = await SyncTestHost.CreateAccountAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Web.Data.AccountScope>().Enter(accountId);
        await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
            .SaveAsync("123-ABC-456", simulator, "sim-marketo-client-id", "sim-marketo-client-secret", Guid.NewGuid());
        var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
        db.SyncStates.Add(new SyncState());
        await db.SaveChangesAsync();
        return accountId;
    }

    /// <summary>
    /// A trigger (this test database only) that copies every insert and update of a checkpoint, inside the writing
    /// transaction, with the writer's Application Name.
    /// </summary>
    private static async Task RecordCheckpointWritesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE TABLE test_checkpoint_writes (
                id bigserial PRIMARY KEY,
                account uuid NOT NULL,
                phase text NOT NULL,
                position text NOT NULL,
                rows_consumed bigint NOT NULL,
                instance text NOT NULL);
            CREATE FUNCTION test_record_checkpoint_write() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO test_checkpoint_writes (account, phase, position, rows_consumed, instance)
                VALUES (NEW."SalesAccountId", NEW."Phase", (to_jsonb(NEW) - 'UpdatedAt')::text, NEW."ExportRowsConsumed", current_setting('application_name'));
                RETURN NEW;
            END $$;
            CREATE TRIGGER test_record_checkpoint_write AFTER INSERT OR UPDATE ON sync_checkpoints
                FOR EACH ROW EXECUTE FUNCTION test_record_checkpoint_write();
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record CheckpointWrite(long Id, Guid AccountId, string Phase, string Position, long RowsConsumed, string Instance);

    private static async Task<List<CheckpointWrite>> CheckpointWritesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, account, phase, position, rows_consumed, instance FROM test_checkpoint_writes ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var writes = new List<CheckpointWrite>();
        while (await reader.ReadAsync())
        {
            writes.Add(new CheckpointWrite(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5)));
        }

        return writes;
    }

    /// <summary>Waits until initial passes are mid-file (on both instances if they overlap within 5 s); returns the least advanced.</summary>
    private static async Task<(Guid Account, string Instance)> WaitForBothInstancesMidSyncAsync(string connectionString, List<Guid> accounts, AppProcess a, AppProcess b)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(240);
        DateTime? firstMidFile = null;
        while (true)
        {
            var writes = await CheckpointWritesAsync(connectionString);
            // An account is mid-file while its latest write is an initial batch with rows of an extract consumed.
            var midFile = accounts
                .Select(id => writes.LastOrDefault(w => w.AccountId == id))
                .Where(w => w is { Phase: nameof(SyncPhase.Initial), RowsConsumed: > 0 })
                .Select(w => w!)
                .ToList();
            firstMidFile ??= midFile.Count > 0 ? DateTime.UtcNow : null;
            var patience = (firstMidFile ?? DateTime.MaxValue.AddDays(-1)) + TimeSpan.FromSeconds(5);
            // Preferably while both instances are mid-file; on a machine too loaded for the two to overlap, after a while
            // any instance mid-file will do (the spread is asserted on what both instances committed by the end).
            var both = midFile.Any(w => w.Instance == InstanceA) && midFile.Any(w => w.Instance == InstanceB);
            var initialDone = accounts.Count(id => writes.Any(w => w.AccountId == id && w.Phase == nameof(SyncPhase.Incremental)));
            // When one instance is quick enough to take every account before the other joins, waiting out the patience
            // can let the last initial passes finish with nothing left to kill mid-file: with at most the last two
            // accounts to go, any instance mid-file will do.
            var lastPasses = accounts.Count - initialDone <= 2;
            if (both || (midFile.Count > 0 && (DateTime.UtcNow > patience || lastPasses)))
            {
                var least = midFile.MinBy(w => w.RowsConsumed)!;
                return (least.AccountId, least.Instance);
            }

            Assert.True(DateTime.UtcNow < deadline && initialDone < accounts.Count,
                $"Both instances did not hold an initial pass at once ({initialDone} of {accounts.Count} initial passes done, {writes.Count} checkpoint writes by {string.Join(", ", writes.Select(w => w.Instance).Distinct())}).\nA:\n{a.Tail(3000)}\nB:\n{b.Tail(3000)}");
            await Task.Delay(50);
        }
    }

    /// <summary>The instances in order with consecutive repeats collapsed: A A B B → [A, B].</summary>
    private static List<string> Runs(IEnumerable<string> instances)
    {
        var runs = new List<string>();
        foreach (var instance in instances)
        {
            if (runs.Count == 0 || runs[^1] != instance)
            {
                runs.Add(instance);
            }
        }

        return runs;
    }
}
