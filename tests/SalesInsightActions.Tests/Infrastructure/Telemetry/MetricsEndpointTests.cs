using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SalesInsightActions.Tests.Sync;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Infrastructure.Telemetry;
using SalesInsightActions.Web.Sync;

namespace SalesInsightActions.Tests.Infrastructure.Telemetry;

/// <summary>/metrics: the sync's figures by account, from real syncs against the simulator, and who may read them.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task After_a_sync_metrics_from_loopback_carry_every_sync_figure_by_account()
    {
        await using var host = await SyncTestHost.StartAsync(StoreKind.Postgres, 200, realHttp: true);
        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());
        var stored = (await host.PeopleAsync()).Count;
        Assert.Equal(180, stored);

        using var client = host.CreateAppClient();
        Assert.Equal(IPAddress.Loopback.ToString(), client.BaseAddress!.Host);
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var account = (SyncMetrics.AccountTag, host.AccountId.ToString());

        Assert.Equal(stored, PrometheusText.Value(text, "sync_people_written_total", account));
        Assert.Equal(stored, PrometheusText.Value(text, "sync_people_read_total", account));
        Assert.NotNull(PrometheusText.Value(text, "sync_people_unchanged_total", account));
        Assert.Equal(0, PrometheusText.Value(text, "sync_people_rejected_total", account));
        Assert.NotNull(PrometheusText.Value(text, "sync_people_deleted_total", account));
        Assert.True(PrometheusText.Value(text, "sync_batch_duration_seconds_count", account) > 0);
        Assert.True(PrometheusText.Value(text, "sync_lag_seconds", account) >= 0);
        Assert.True(PrometheusText.Value(text, "sync_marketo_quota_used", account) > 0);
        Assert.True(PrometheusText.Value(text, "sync_marketo_quota_left", account) > 0);
        // The platform's own: outgoing calls to Marketo and the .NET runtime.
        Assert.Contains("http_client_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        // Nothing of the people themselves.
        var someone = (await host.PeopleAsync())[0];
        Assert.DoesNotContain(someone.Email!, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(someone.LastName!, text, StringComparison.OrdinalIgnoreCase);

        // A reverse proxy on this machine forwarding an internet request: the real client is unknown, so no.
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var refused = await client.SendAsync(proxied);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("sync_people", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_paused_on_the_quota_is_counted_with_its_reason()
    {
        await using var host = await SyncTestHost.StartAsync(StoreKind.Postgres, 200, new Dictionary<string, string?>
        {
            ["Marketo:DailyQuota"] = "100",
            ["PeopleSync:DailyQuotaShare"] = "0.05",
        }, realHttp: true);
        Assert.Equal(SyncStatus.Paused, await host.RunAsync());

        using var client = host.CreateAppClient();
        var text = await client.GetStringAsync("/metrics");

        var account = (SyncMetrics.AccountTag, host.AccountId.ToString());
        Assert.Equal(1, PrometheusText.Value(text, "sync_runs_paused_total", account, (SyncMetrics.ReasonTag, "quota")));
        Assert.Equal(0, PrometheusText.Value(text, "sync_marketo_quota_left", account));
        Assert.True(PrometheusText.Value(text, "sync_marketo_quota_used", account) >= 5);
    }

    [Fact]
    public async Task Metrics_are_not_served_outside_the_allowed_networks()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["PeopleSync:SchedulerEnabled"] = "false",
            ["Telemetry:MetricsAllowedNetworks:0"] = "10.0.0.0/8",
        }, realHttp: true);
        app.CreateClient().Dispose();
        using var client = new HttpClient { BaseAddress = app.ServerAddress };

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "127.0.0.1", true)]
    [InlineData(null, "::1", true)]
    [InlineData(null, "::ffff:127.0.0.1", true)]
    [InlineData(null, "203.0.113.9", false)]
    [InlineData(null, "10.1.2.3", false)]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "127.0.0.1", false)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    public void Who_may_scrape(string? network, string address, bool allowed)
    {
        var options = new TelemetryOptions { MetricsAllowedNetworks = network is null ? null : [network] };
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);

        Assert.Equal(allowed, new MetricsAccess(Options.Create(options)).IsAllowed(context));
    }

    [Fact]
    public void No_address_or_a_forwarded_request_may_not_scrape()
    {
        var access = new MetricsAccess(Options.Create(new TelemetryOptions()));
        Assert.False(access.IsAllowed(new DefaultHttpContext()));

        var forwarded = new DefaultHttpContext();
        forwarded.Connection.RemoteIpAddress = IPAddress.Loopback;
        forwarded.Request.Headers["Forwarded"] = "for=203.0.113.9";
        Assert.False(access.IsAllowed(forwarded));
    }
}
