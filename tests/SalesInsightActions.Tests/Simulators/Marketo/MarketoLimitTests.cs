using System.Text.Json;

using Microsoft.Extensions.Time.Testing;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

public sealed class MarketoLimitTests
{
    [Fact]
    public async Task The_101st_call_within_20_seconds_answers_606_and_identity_calls_do_not_count()
    {
        // A frozen clock keeps all 101 calls inside one 20-second window however slow the machine is.
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: new FakeTimeProvider(DateTimeOffset.UtcNow));
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        for (int i = 0; i < 100; i++)
        {
            using JsonDocument ok = await GetJsonAsync(http, "rest/v1/stats/usage.json");
            Assert.True(ok.RootElement.GetProperty("success").GetBoolean(), $"call {i + 1} failed");
            await GetTokenAsync(http);
        }

        Assert.Equal("606", FirstErrorCode(await GetJsonAsync(http, "rest/v1/stats/usage.json")));
    }

    [Fact]
    public async Task More_than_ten_calls_in_flight_answer_615()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Faults.ResponseDelayMilliseconds = 0, time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        // Slow calls down only now so the token request above is not delayed. The delay runs on the fake
        // clock: admitted calls stay in flight until the clock is advanced, however slowly the 14 arrive.
        using HttpResponseMessage slow = await http.PostAsync("_sim/faults", new StringContent("{\"responseDelayMilliseconds\":800}", System.Text.Encoding.UTF8, "application/json"));
        slow.EnsureSuccessStatusCode();

        Task<JsonDocument>[] calls = [.. Enumerable.Range(0, 14).Select(_ => GetJsonAsync(http, "rest/v1/leads/describe2.json"))];
        await Poll.UntilAsync(() => Task.FromResult(calls.Count(c => c.IsCompleted)), completed => completed >= 4);
        clock.Advance(TimeSpan.FromMilliseconds(800));
        JsonDocument[] responses = await Task.WhenAll(calls);

        int succeeded = responses.Count(r => r.RootElement.GetProperty("success").GetBoolean());
        int refused = responses.Count(r => !r.RootElement.GetProperty("success").GetBoolean()
            && r.RootElement.GetProperty("errors")[0].GetProperty("code").GetString() == "615");
        Assert.Equal(10, succeeded);
        Assert.Equal(4, refused);
    }

    [Fact]
    public async Task Exhausted_daily_quota_answers_607_and_usage_reports_the_count()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Marketo.DailyQuota = 5);
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        for (int i = 0; i < 4; i++)
        {
            Result(await GetJsonAsync(http, "rest/v1/leads/describe2.json"));
        }
        JsonElement usage = Result(await GetJsonAsync(http, "rest/v1/stats/usage.json"))[0];

        Assert.Equal(5, usage.GetProperty("total").GetInt32());
        Assert.Equal("607", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads/describe2.json")));
    }

    [Fact]
    public async Task Limits_switched_off_let_more_than_100_calls_through()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Marketo.LimitsEnabled = false);
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        for (int i = 0; i < 130; i++)
        {
            Result(await GetJsonAsync(http, "rest/v1/stats/usage.json"));
        }
    }
}
