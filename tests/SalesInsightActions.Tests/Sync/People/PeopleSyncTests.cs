using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Checkpoints;
using SalesInsightActions.Web.Sync.People;

namespace SalesInsightActions.Tests.Sync.People;

/// <summary>The people sync end to end against the Marketo simulator over HTTP, on each database.</summary>
public abstract class PeopleSyncTests(StoreKind store)
{
    private const int PersonCount = 200;

    [Fact]
    public async Task Initial_then_incremental_sync_equals_the_simulator_with_deletes_merges_and_ownerless_people_excluded()
    {
        await using var host = await SyncTestHost.StartAsync(store, PersonCount);

        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        var state = await host.StateAsync();
        Assert.NotNull(state.InitialSyncCompletedAt);
        var people = await host.PeopleAsync();
        // Slot 9 of every block of ten exists only in Marketo (no Salesforce owner): 180 of 200.
        Assert.Equal(PersonCount * 9 / 10, people.Count);
        Assert.DoesNotContain(people, p => p.MarketoId % 10 == 0);
        await host.AssertStoreEqualsSimulatorAsync(PersonCount);

        // Changes made in Marketo, several in the same second, behind empty feed pages that still say moreResult.
        await host.SimulatorPostAsync("_sim/marketo/settings", new { emptyActivityPages = 2 });
        await host.SimulatorPatchAsync("_sim/marketo/leads/5", new { title = "Chief Synchronisation Officer" });
        await host.SimulatorPatchAsync("_sim/marketo/leads/6", new { company = "Renamed Company Inc" });
        for (var id = 11; id <= 17; id++)
        {
            await host.SimulatorPatchAsync($"_sim/marketo/leads/{id}", new { phone = $"+1 555 000 {id:D4}" });
        }

        Assert.True((await host.SimulatorClient.DeleteAsync("_sim/marketo/leads/7")).IsSuccessStatusCode);
        await host.SimulatorPostAsync("_sim/marketo/leads/merge", new { winnerId = 1, loserIds = new[] { 2, 3 } });
        var created = await (await host.SimulatorClient.PostAsJsonAsync("_sim/marketo/leads", new
        {
            firstName = "Nova", lastName = "Person", email = "nova.person@new.example", sfdcType = "Lead", sfdcLeadOwnerId = "005000000000003AAA",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var newId = created.GetProperty("id").GetInt64();
        // A lead that loses its Salesforce owner leaves the store.
        await host.SimulatorPatchAsync("_sim/marketo/leads/8", new { sfdcLeadOwnerId = (string?)null });

        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        people = await host.PeopleAsync();
        Assert.Equal("Chief Synchronisation Officer", people.Single(p => p.MarketoId == 5).Title);
        Assert.Equal("Renamed Company Inc", people.Single(p => p.MarketoId == 6).Company);
        Assert.All(people.Where(p => p.MarketoId is >= 11 and <= 17), p => Assert.StartsWith("+1 555 000 ", p.Phone, StringComparison.Ordinal));
        Assert.DoesNotContain(people, p => p.MarketoId is 2 or 3 or 7 or 8);
        Assert.Contains(people, p => p.MarketoId == newId && p.Email == "nova.person@new.example");
        await host.AssertStoreEqualsSimulatorAsync(newId);
    }

    [Fact]
    public async Task Restart_after_a_stop_mid_extract_resumes_from_the_checkpoint_and_writes_nothing_twice()
    {
        await using var host = await SyncTestHost.StartAsync(store, PersonCount);
        long written = 0;
        using var cancel = new CancellationTokenSource();
        using (host.OnBatch(n =>
        {
            Interlocked.Add(ref written, n);
            if (n > 0)
            {
                cancel.Cancel();
            }
        }))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.RunAsync(cancel.Token));
            var checkpoint = await host.WithDbAsync(db => db.SyncCheckpoints.AsNoTracking().SingleAsync());
            Assert.Equal(SyncPhase.Initial, checkpoint.Phase);
            Assert.NotNull(checkpoint.ExportId);
            Assert.True(checkpoint.ExportRowsConsumed > 0);
            Assert.True(checkpoint.CursorAt <= checkpoint.RunStartedAt);
            var stored = (await host.PeopleAsync()).Count;
            Assert.InRange(stored, 1, PersonCount - 1);

            Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        }

        Assert.Equal(PersonCount * 9 / 10, written);
        await host.AssertStoreEqualsSimulatorAsync(PersonCount);
    }

    [Fact]
    public async Task A_token_expiring_mid_run_is_refreshed()
    {
        await using var host = await SyncTestHost.StartAsync(store, PersonCount);
        var expired = 0;
        using (host.OnBatch(_ =>
        {
            if (Interlocked.Exchange(ref expired, 1) == 0)
            {
                host.SimulatorClient.PostAsync("_sim/marketo/tokens/expire", null).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            }
        }))
        {
            Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        }

        Assert.Equal(1, expired);
        await host.AssertStoreEqualsSimulatorAsync(PersonCount);
    }

    [Fact]
    public async Task Marketo_607_pauses_until_midnight_US_Central_and_the_sync_resumes_after_the_reset()
    {
        // 2026-11-28 17:00 UTC is 11:00 in Chicago (CST, UTC−6): the quota resets at 06:00 UTC the next day.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 17, 0, 0, TimeSpan.Zero));
        await using var host = await SyncTestHost.StartAsync(store, PersonCount, clock: clock);
        await host.SimulatorPostAsync("_sim/marketo/limits", new { enabled = true, callsPerWindow = 100000, maxConcurrentCalls = 10, dailyQuota = 50000, dailyUsed = 50000 });

        Assert.Equal(SyncStatus.Paused, await host.RunAsync());
        var state = await host.StateAsync();
        Assert.Equal(SyncPauseReason.Quota, state.PauseReason);
        Assert.Equal(new DateTime(2026, 11, 29, 6, 0, 0, DateTimeKind.Utc), state.PausedUntil);

        // Before the reset nothing is called.
        clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(SyncStatus.Paused, await host.RunAsync());

        await host.SimulatorPostAsync("_sim/marketo/limits", new { dailyUsed = 0 });
        clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        await host.AssertStoreEqualsSimulatorAsync(PersonCount);
    }

    [Fact]
    public async Task The_sync_share_of_the_daily_quota_pauses_with_the_quota_used()
    {
        await using var host = await SyncTestHost.StartAsync(store, PersonCount, new Dictionary<string, string?>
        {
            ["Marketo:DailyQuota"] = "100",
            ["PeopleSync:DailyQuotaShare"] = "0.05",
        });

        Assert.Equal(SyncStatus.Paused, await host.RunAsync());
        var state = await host.StateAsync();
        Assert.Equal((SyncPauseReason.Quota, 5), (state.PauseReason, state.QuotaLimit));
        Assert.True(state.QuotaUsed >= 5);
        Assert.NotNull(state.PausedUntil);
    }

    [Fact]
    public async Task Without_bulk_extract_the_initial_pass_reads_leads_by_id_ranges()
    {
        await using var host = await SyncTestHost.StartAsync(store, PersonCount, new Dictionary<string, string?>
        {
            ["PeopleSync:UseBulkExtract"] = "false",
            ["PeopleSync:RestFallbackEmptyRangesToStop"] = "2",
        });

        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        await host.AssertStoreEqualsSimulatorAsync(PersonCount);
    }

    [Fact]
    public async Task People_already_stored_when_the_initial_pass_copies_new_people_are_upserted_once()
    {
        await using var host = await SyncTestHost.StartAsync(store, PersonCount);
        // Stale copies the initial pass cannot see coming (no createdAt: no window holds them), so it starts by COPYing
        // new people; on PostgreSQL the primary key refuses the batch holding them and it is written by the upsert instead.
        await host.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var stale = new PersonRecord(5, "Stale", "Copy", "stale@example.com", null, null, null, null, null, null, null, null, null, "005000000000001AAA", "Lead", null, null);
            var written = await host.Services.GetRequiredService<IPeopleStore>().UpsertAsync(db, host.AccountId, [stale, stale with { MarketoId = 150 }], DateTime.UtcNow, default);
            await transaction.CommitAsync();
            return written;
        });

        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        await host.AssertStoreEqualsSimulatorAsync(PersonCount);
        var throughput = await host.WithDbAsync(db => db.SyncThroughputSamples.AsNoTracking().ToListAsync());
        // The refused COPY left no sample: each owned person is counted once.
        Assert.Equal(PersonCount * 9 / 10, throughput.Sum(t => t.PeopleRead));
    }

    [Fact]
    public async Task A_person_the_store_rejects_is_set_aside_with_the_reason_and_the_run_goes_on()
    {
        await using var host = await SyncTestHost.StartAsync(store, PersonCount);
        await host.SimulatorPatchAsync("_sim/marketo/leads/4", new { title = new string('x', 300) });

        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        var rejected = await host.WithDbAsync(db => db.RejectedPeople.AsNoTracking().SingleAsync());
        Assert.Equal(4, rejected.MarketoId);
        Assert.Contains("title", rejected.Reason, StringComparison.Ordinal);
        var people = await host.PeopleAsync();
        Assert.Equal(PersonCount * 9 / 10 - 1, people.Count);
        Assert.DoesNotContain(people, p => p.MarketoId == 4);
    }
}

public sealed class PostgresPeopleSyncTests() : PeopleSyncTests(StoreKind.Postgres);

public sealed class SqlitePeopleSyncTests() : PeopleSyncTests(StoreKind.Sqlite);
