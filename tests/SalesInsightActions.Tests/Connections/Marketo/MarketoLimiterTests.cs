using SalesInsightActions.Web.Connections.Marketo;

namespace SalesInsightActions.Tests.Connections.Marketo;

public sealed class MarketoLimiterTests
{
    private const string TypesOk = """{"requestId":"ok","result":[],"success":true}""";

    [Fact]
    public async Task Calls_in_flight_never_exceed_the_concurrency_limit_even_across_clients_of_one_subscription()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(TypesOk));
        stub.Latency = TimeSpan.FromMilliseconds(40);
        await using var provider = MarketoTestHost.Build(stub, new() { ["Marketo:MaxConcurrentCalls"] = "3", ["Marketo:VendorCallsPerWindow"] = "10000" });
        await provider.Client().GetTokenAsync();

        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => provider.Client().GetActivityTypesAsync()));

        Assert.Equal(30, stub.CallsTo("/rest/").Count);
        Assert.InRange(stub.MaxInFlight, 1, 3);
    }

    [Fact]
    public async Task Calls_per_window_stay_under_the_safety_share_of_the_vendor_limit()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(TypesOk));
        // 10 calls per second at the vendor, 0.5 share: at most 5 per second from us.
        await using var provider = MarketoTestHost.Build(stub, new()
        {
            ["Marketo:VendorCallsPerWindow"] = "10",
            ["Marketo:RateWindow"] = "00:00:01",
            ["Marketo:SafetyShare"] = "0.5",
        });
        await provider.Client().GetTokenAsync();

        await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => provider.Client().GetActivityTypesAsync()));

        var times = stub.CallsTo("/rest/").Select(c => c.At).OrderBy(t => t).ToList();
        Assert.Equal(15, times.Count);
        for (var i = 5; i < times.Count; i++)
        {
            // The 6th call after any call comes at least one window later (timer granularity allowed for).
            Assert.True(times[i] - times[i - 5] >= TimeSpan.FromMilliseconds(900), $"call {i} came {(times[i] - times[i - 5]).TotalMilliseconds} ms after call {i - 5}");
        }
    }

    [Fact]
    public async Task Identity_calls_do_not_count_against_the_daily_budget()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""{"requestId":"x","success":false,"errors":[{"code":"601","message":"Access token invalid"}]}"""));
        await using var provider = MarketoTestHost.Build(stub, new() { ["Marketo:DailyQuota"] = "4", ["Marketo:SafetyShare"] = "1" });
        var limiters = (MarketoLimiterRegistry)provider.GetService(typeof(MarketoLimiterRegistry))!;

        await Assert.ThrowsAsync<MarketoApiException>(() => provider.Client().GetActivityTypesAsync());

        Assert.Equal(2, stub.CallsTo("/identity/").Count);
        Assert.Equal(2, limiters.For(MarketoTestHost.Connection).CallsToday);
    }

    [Fact]
    public void Quota_resets_at_central_midnight_in_summer_and_winter()
    {
        var clock = new MarketoQuotaClock(TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new MarketoClientOptions()));

        Assert.Equal(new DateTimeOffset(2026, 7, 2, 5, 0, 0, TimeSpan.Zero), clock.NextReset(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 6, 0, 0, TimeSpan.Zero), clock.NextReset(new DateTimeOffset(2026, 1, 2, 5, 59, 0, TimeSpan.Zero)));
    }
}
