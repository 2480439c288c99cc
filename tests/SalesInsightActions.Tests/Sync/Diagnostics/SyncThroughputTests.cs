using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Diagnostics;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Sync.Diagnostics;

/// <summary>The throughput samples behind the sync page's chart, written by real batches on each database.</summary>
public abstract class SyncThroughputTests(StoreKind store)
{
    [Fact]
    public async Task Each_batch_adds_its_people_to_its_minute_in_the_batch_transaction()
    {
        await using var host = await SyncTestHost.StartAsync(store, 200);
        using var cancel = new CancellationTokenSource();
        using (host.OnBatch(n =>
        {
            if (n > 0)
            {
                cancel.Cancel();
            }
        }))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.RunAsync(cancel.Token));
        }

        // Stopped mid-extract: what was committed is counted, and only that.
        var stored = (await host.PeopleAsync()).Count;
        var (read, written) = await TotalsAsync(host);
        Assert.InRange(stored, 1, 179);
        Assert.Equal(stored, written);
        Assert.Equal(stored, read);

        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        (read, written) = await TotalsAsync(host);
        Assert.Equal(180, written);
        Assert.Equal(180, read);

        // Nothing changed in Marketo: a second run reads no people and adds no sample.
        var samples = await host.WithDbAsync(db => db.SyncThroughputSamples.AsNoTracking().CountAsync());
        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        Assert.Equal(samples, await host.WithDbAsync(db => db.SyncThroughputSamples.AsNoTracking().CountAsync()));
        Assert.Equal((180L, 180L), await TotalsAsync(host));
    }

    [Fact]
    public async Task Samples_older_than_the_retention_are_removed_and_the_series_is_bounded()
    {
        await using var host = await SyncTestHost.StartAsync(store, 10);
        var now = DateTime.UtcNow;
        await host.WithDbAsync(async db =>
        {
            var throughput = new SyncThroughput(db, TimeProvider.System);
            await throughput.AddAsync(host.AccountId, now.AddHours(-30), 5, 5, default);
            await db.SaveChangesAsync();
            await throughput.AddAsync(host.AccountId, now.AddMinutes(-30), 7, 3, default);
            await throughput.AddAsync(host.AccountId, now.AddMinutes(-30), 1, 1, default);
            await throughput.AddAsync(host.AccountId, now, 2, 0, default);
            await db.SaveChangesAsync();
            return 0;
        });

        var minutes = await host.WithDbAsync(db => db.SyncThroughputSamples.AsNoTracking().OrderBy(s => s.Minute).ToListAsync());
        Assert.Equal([(8L, 4L), (2L, 0L)], minutes.Select(m => (m.PeopleRead, m.PeopleWritten)));

        var clock = new FakeTimeProvider(new DateTimeOffset(now));
        var hour = await host.WithDbAsync(db => new SyncThroughput(db, clock).ReadAsync(ThroughputRange.Hour, default));
        Assert.Equal(60, hour.Buckets.Count);
        Assert.Equal((10L, 4L), (hour.TotalRead, hour.TotalWritten));
        Assert.Equal(2, hour.Buckets[^1].Read);
        var day = await host.WithDbAsync(db => new SyncThroughput(db, clock).ReadAsync(ThroughputRange.Day, default));
        Assert.Equal(24, day.Buckets.Count);
        Assert.Equal((10L, 4L), (day.TotalRead, day.TotalWritten));
    }

    private static Task<(long Read, long Written)> TotalsAsync(SyncTestHost host) => host.WithDbAsync(async db =>
    {
        var samples = await db.SyncThroughputSamples.AsNoTracking().ToListAsync();
        return (samples.Sum(s => s.PeopleRead), samples.Sum(s => s.PeopleWritten));
    });
}

public sealed class PostgresSyncThroughputTests() : SyncThroughputTests(StoreKind.Postgres);

public sealed class SqliteSyncThroughputTests() : SyncThroughputTests(StoreKind.Sqlite);

/// <summary>The chart on the sync page and in its status JSON, after a real sync.</summary>
public sealed class ThroughputChartPageTests
{
    [Fact]
    public async Task After_a_sync_the_page_draws_the_chart_and_the_status_json_carries_its_samples()
    {
        await using var host = await SyncTestHost.StartAsync(StoreKind.Postgres, 200);
        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        await using (var scope = host.App.CreateScope(null, out var db))
        {
            var account = await db.SalesAccounts.SingleAsync(a => a.Id == host.AccountId);
            account.LoginManagement = LoginManagement.AllLoginMethods;
            await db.SaveChangesAsync();
        }

        await AccountSeeder.CreateActiveMemberAsync(host.App, host.AccountId, "admin@throughput.example", MemberRole.Admin, isOriginalUser: true);
        var client = await AccountSeeder.SignInAsync(host.App, "admin@throughput.example");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/sync"));
        Assert.Contains("<svg class=\"throughput-chart\"", page, StringComparison.Ordinal);
        Assert.Contains("<title id=\"throughput-title\" data-throughput-field=\"title\">People read and written per minute, last 60 minutes</title>", page, StringComparison.Ordinal);
        Assert.Contains("180 people read and 180 written.", page, StringComparison.Ordinal);
        Assert.Matches(@"<tr><td>\d\d:\d\d</td><td>\d+</td><td>\d+</td></tr>", page);
        Assert.Contains("data-sync-status-url=\"/sync?range=hour&handler=Status\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);

        using (var json = JsonDocument.Parse(await client.GetStringAsync("/sync?handler=Status&range=hour")))
        {
            var throughput = json.RootElement.GetProperty("throughput");
            Assert.Equal("hour", throughput.GetProperty("range").GetString());
            Assert.Equal(60, throughput.GetProperty("readPoints").GetString()!.Split(' ').Length);
            Assert.Equal(60, throughput.GetProperty("writtenPoints").GetString()!.Split(' ').Length);
            var rows = throughput.GetProperty("rows").EnumerateArray().ToList();
            Assert.NotEmpty(rows);
            Assert.Equal(180, rows.Sum(r => long.Parse(r.GetProperty("read").GetString()!, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(180, rows.Sum(r => long.Parse(r.GetProperty("written").GetString()!, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Contains("180 people read", throughput.GetProperty("summary").GetString(), StringComparison.Ordinal);
        }

        using (var json = JsonDocument.Parse(await client.GetStringAsync("/sync?handler=Status&range=day")))
        {
            var throughput = json.RootElement.GetProperty("throughput");
            Assert.Equal("day", throughput.GetProperty("range").GetString());
            Assert.Equal(24, throughput.GetProperty("readPoints").GetString()!.Split(' ').Length);
            Assert.Equal("People read and written per hour, last 24 hours", throughput.GetProperty("title").GetString());
        }

        var dayPage = WebUtility.HtmlDecode(await client.GetStringAsync("/sync?range=day"));
        Assert.Matches("<a [^>]*aria-current=\"page\"[^>]*>Last 24 hours</a>", dayPage);
        Assert.Contains("data-sync-status-url=\"/sync?range=day&handler=Status\"", dayPage, StringComparison.Ordinal);
    }
}
