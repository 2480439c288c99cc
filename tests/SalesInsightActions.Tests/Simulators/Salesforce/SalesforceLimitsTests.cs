using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SalesInsightActions.Simulators.Salesforce;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

public sealed class SalesforceLimitsTests
{
    [Fact]
    public async Task Every_rest_response_carries_sforce_limit_info_with_the_running_count()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Salesforce.DailyApiRequestLimit = 15_000);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        HttpResponseMessage first = await api.QueryAsync("SELECT Id FROM User");
        HttpResponseMessage second = await api.QueryAsync("SELEC nonsense");

        Assert.Equal("api-usage=1/15000", first.Headers.GetValues("Sforce-Limit-Info").Single());
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("api-usage=2/15000", second.Headers.GetValues("Sforce-Limit-Info").Single());
    }

    [Fact]
    public async Task Requests_beyond_the_daily_limit_get_403_request_limit_exceeded_until_switched_off()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Salesforce.DailyApiRequestLimit = 3);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.QueryAsync("SELECT Id FROM User LIMIT 1")).StatusCode);
        }

        HttpResponseMessage refused = await api.QueryAsync("SELECT Id FROM User LIMIT 1");
        JsonElement body = await SalesforceApi.JsonAsync(refused, HttpStatusCode.Forbidden);
        server.GetRequiredService<SalesforceSimulatorState>().Options.EnforceDailyApiLimit = false;
        HttpResponseMessage unlimited = await api.QueryAsync("SELECT Id FROM User LIMIT 1");

        Assert.Equal("REQUEST_LIMIT_EXCEEDED", body[0].GetProperty("errorCode").GetString());
        Assert.Equal("TotalRequests Limit exceeded.", body[0].GetProperty("message").GetString());
        Assert.Equal("api-usage=3/3", refused.Headers.GetValues("Sforce-Limit-Info").Single());
        Assert.Equal(HttpStatusCode.OK, unlimited.StatusCode);
    }

    [Fact]
    public async Task Limits_resource_reports_daily_api_requests()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Salesforce.DailyApiRequestLimit = 500);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        using HttpClient control = server.CreateClient();
        await control.PostAsync("_sim/salesforce/api-usage", new StringContent("{\"used\":100}", System.Text.Encoding.UTF8, "application/json"));

        JsonElement limits = await SalesforceApi.JsonAsync(await api.GetAsync("services/data/v62.0/limits"));

        Assert.Equal(500, limits.GetProperty("DailyApiRequests").GetProperty("Max").GetInt32());
        Assert.Equal(399, limits.GetProperty("DailyApiRequests").GetProperty("Remaining").GetInt32());
    }

    [Fact]
    public async Task Missing_bearer_is_401_invalid_session_id_and_unsupported_version_is_404()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        using HttpClient anonymous = server.CreateClient();

        HttpResponseMessage noToken = await anonymous.GetAsync("services/data/v62.0/limits");
        HttpResponseMessage tooOld = await api.GetAsync("services/data/v49.0/limits");
        HttpResponseMessage newest = await api.GetAsync("services/data/v66.0/limits");
        JsonElement versions = await SalesforceApi.JsonAsync(await anonymous.GetAsync("services/data/"));

        Assert.Equal("INVALID_SESSION_ID", await SalesforceApi.ErrorCodeAsync(noToken, HttpStatusCode.Unauthorized));
        Assert.True(noToken.Headers.Contains("Sforce-Limit-Info"));
        Assert.Equal("NOT_FOUND", await SalesforceApi.ErrorCodeAsync(tooOld, HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.OK, newest.StatusCode);
        Assert.Equal(17, versions.GetArrayLength());
        Assert.Equal("/services/data/v62.0", versions.EnumerateArray().Single(v => v.GetProperty("version").GetString() == "62.0").GetProperty("url").GetString());
        Assert.Matches(new Regex("^Winter '25$"), versions.EnumerateArray().Single(v => v.GetProperty("version").GetString() == "62.0").GetProperty("label").GetString()!);
    }

    [Fact]
    public async Task Injected_server_errors_use_the_salesforce_error_shape()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Faults.ServerErrorRate = 1.0);
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        JsonElement token = await oauth.SignInAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());

        HttpResponseMessage response = await http.GetAsync("services/data/v62.0/limits");

        Assert.Equal("SERVER_UNAVAILABLE", await SalesforceApi.ErrorCodeAsync(response, HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task Total_requests_limit_is_a_rolling_24_hours_freed_as_old_requests_age_out()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using SimulatorServer server = await SimulatorServer.StartAsync(o =>
        {
            o.Salesforce.DailyApiRequestLimit = 2;
            o.Salesforce.SessionTimeoutSeconds = 7 * 24 * 3600;
        }, time: clock);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        Assert.Equal(HttpStatusCode.OK, (await api.QueryAsync("SELECT Id FROM User LIMIT 1")).StatusCode);
        clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(HttpStatusCode.OK, (await api.QueryAsync("SELECT Id FROM User LIMIT 1")).StatusCode);

        HttpResponseMessage full = await api.QueryAsync("SELECT Id FROM User LIMIT 1");
        clock.Advance(TimeSpan.FromHours(12).Add(TimeSpan.FromMinutes(1)));
        HttpResponseMessage freed = await api.QueryAsync("SELECT Id FROM User LIMIT 1");
        HttpResponseMessage fullAgain = await api.QueryAsync("SELECT Id FROM User LIMIT 1");

        Assert.Equal("TotalRequests Limit exceeded.", (await SalesforceApi.JsonAsync(full, HttpStatusCode.Forbidden))[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, freed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fullAgain.StatusCode);
    }

    [Fact]
    public async Task More_long_running_requests_than_allowed_get_the_concurrent_requests_403()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using SimulatorServer server = await SimulatorServer.StartAsync(o =>
        {
            o.Salesforce.MaxLongRunningRequests = 3;
            o.Salesforce.SessionTimeoutSeconds = 7 * 24 * 3600;
        }, time: clock);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        SalesforceApiUsage usage = server.GetRequiredService<SalesforceSimulatorState>().ApiUsage;
        SalesInsightActions.Simulators.Faults.FaultInjector faults = server.GetRequiredService<SalesInsightActions.Simulators.Faults.FaultInjector>();
        SalesInsightActions.Simulators.Faults.FaultOptions slow = faults.Current;
        slow.ResponseDelayMilliseconds = 60_000;
        faults.Apply(slow);
        List<Task<HttpResponseMessage>> slowCalls = [.. Enumerable.Range(0, 3).Select(_ => api.QueryAsync("SELECT Id FROM User LIMIT 1"))];
        await Poll.UntilAsync(() => Task.FromResult(usage.InFlight), n => n == 3);
        SalesInsightActions.Simulators.Faults.FaultOptions fast = faults.Current;
        fast.ResponseDelayMilliseconds = 0;
        faults.Apply(fast);

        HttpResponseMessage whileYoung = await api.QueryAsync("SELECT Id FROM User LIMIT 1");
        clock.Advance(TimeSpan.FromSeconds(20));
        HttpResponseMessage refused = await api.QueryAsync("SELECT Id FROM User LIMIT 1");
        clock.Advance(TimeSpan.FromSeconds(40));
        await Task.WhenAll(slowCalls);
        HttpResponseMessage after = await api.QueryAsync("SELECT Id FROM User LIMIT 1");

        Assert.Equal(HttpStatusCode.OK, whileYoung.StatusCode);
        JsonElement body = await SalesforceApi.JsonAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("REQUEST_LIMIT_EXCEEDED", body[0].GetProperty("errorCode").GetString());
        Assert.Equal("ConcurrentRequests (Concurrent API Requests) Limit exceeded.", body[0].GetProperty("message").GetString());
        Assert.All(slowCalls, c => Assert.Equal(HttpStatusCode.OK, c.Result.StatusCode));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
