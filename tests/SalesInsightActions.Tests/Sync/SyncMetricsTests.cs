using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Sync;

/// <summary>The sync's instruments: lag that grows while nothing is applied, gauges that leave with the account, admin pauses counted.</summary>
public sealed class SyncMetricsTests : AppTest
{
    private Guid _account;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["PeopleSync:SchedulerEnabled"] = "false" };

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App, "Acme");
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@metrics.example", MemberRole.Admin, isOriginalUser: true);
        await using var scope = App.CreateScope(_account, out var db);
        db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow, Status = SyncStatus.UpToDate });
        await db.SaveChangesAsync();
    }

    [Fact]
    public void Lag_grows_until_the_next_pass_and_an_account_not_seen_for_a_while_leaves_the_gauges()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        using var metrics = new SyncMetrics(factory, clock, Options.Create(new PeopleSyncOptions { Interval = TimeSpan.FromSeconds(30) }));
        var account = Guid.NewGuid();

        metrics.RecordSyncedThrough(account, clock.GetUtcNow());
        metrics.RecordQuota(account, 120, 40_000);
        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(90, Observe<double>(factory, "sync.lag")[account]);
        Assert.Equal(120, Observe<long>(factory, "sync.marketo.quota.used")[account]);
        Assert.Equal(39_880, Observe<long>(factory, "sync.marketo.quota.left")[account]);

        metrics.RecordSyncedThrough(account, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(5, Observe<double>(factory, "sync.lag")[account]);

        // Another instance took the account over (or nothing runs it): after 15 minutes this instance stops reporting it.
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.DoesNotContain(account, Observe<double>(factory, "sync.lag").Keys);
        Assert.DoesNotContain(account, Observe<long>(factory, "sync.marketo.quota.used").Keys);
    }

    [Fact]
    public async Task An_admin_pause_is_counted_with_its_reason()
    {
        var factory = App.Services.GetRequiredService<IMeterFactory>();
        var paused = new List<(long Value, string? Account, string? Reason)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SyncMetrics.MeterName && instrument.Name == "sync.runs.paused" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            string? Tag(string name) => all.FirstOrDefault(t => t.Key == name).Value?.ToString();
            lock (paused)
            {
                paused.Add((value, Tag(SyncMetrics.AccountTag), Tag(SyncMetrics.ReasonTag)));
            }
        });
        listener.Start();
        var client = await AccountSeeder.SignInAsync(App, "admin@metrics.example");

        var response = await AccountSeeder.PostFormAsync(client, "/sync?handler=Pause", []);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        lock (paused)
        {
            Assert.Equal([(1L, _account.ToString(), "admin")], paused);
        }
    }

    private static Dictionary<Guid, T> Observe<T>(IMeterFactory factory, string name) where T : struct
    {
        var values = new Dictionary<Guid, T>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == name && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<T>((_, value, tags, _) =>
            values[Guid.Parse(tags.ToArray().Single(t => t.Key == SyncMetrics.AccountTag).Value!.ToString()!)] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
