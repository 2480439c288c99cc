using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

using Microsoft.Extensions.Time.Testing;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

public sealed class MarketoIdentityTests
{
    [Fact]
    public async Task Token_request_while_a_token_lives_returns_the_same_token_with_remaining_seconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = server.CreateClient();
        string url = $"identity/oauth/token?grant_type=client_credentials&client_id={ClientId}&client_secret={ClientSecret}";

        using JsonDocument first = await GetJsonAsync(http, url);
        clock.Advance(TimeSpan.FromSeconds(10));
        using HttpResponseMessage second = await http.PostAsync("identity/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
        }));
        using JsonDocument secondJson = JsonDocument.Parse(await second.Content.ReadAsStringAsync());

        Assert.Equal("bearer", first.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(3600, first.RootElement.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(first.RootElement.GetProperty("scope").GetString()));
        Assert.Equal(first.RootElement.GetProperty("access_token").GetString(), secondJson.RootElement.GetProperty("access_token").GetString());
        Assert.Equal(3590, secondJson.RootElement.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task Wrong_client_secret_is_refused_with_http_401_and_oauth_error_body()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = server.CreateClient();

        using HttpResponseMessage response = await http.GetAsync($"identity/oauth/token?grant_type=client_credentials&client_id={ClientId}&client_secret=wrong");
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", body.RootElement.GetProperty("error").GetString());
        Assert.True(body.RootElement.TryGetProperty("error_description", out _));
    }

    [Fact]
    public async Task Rest_calls_without_token_with_unknown_token_and_with_expired_token_answer_600_601_602_over_http_200()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = server.CreateClient();
        string token = await GetTokenAsync(http);

        using HttpResponseMessage missing = await http.GetAsync("rest/v1/leads/describe2.json");
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Equal("600", FirstErrorCode(JsonDocument.Parse(await missing.Content.ReadAsStringAsync())));

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal("601", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads/describe2.json")));

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.True(Result(await GetJsonAsync(http, "rest/v1/leads/describe2.json")).GetArrayLength() > 0);

        (await http.PostAsync("_sim/marketo/tokens/expire", null)).EnsureSuccessStatusCode();
        Assert.Equal("602", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads/describe2.json")));

        string fresh = await GetTokenAsync(http);
        Assert.NotEqual(token, fresh);
    }

    [Fact]
    public async Task Access_token_query_parameter_is_still_accepted_on_rest()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = server.CreateClient();
        string token = await GetTokenAsync(http);

        using JsonDocument describe = await GetJsonAsync(http, "rest/v1/leads/describe.json?access_token=" + Uri.EscapeDataString(token));

        Assert.Contains(Result(describe).EnumerateArray(), f => f.GetProperty("rest").GetProperty("name").GetString() == "sfdcContactId");
    }

    [Fact]
    public async Task Short_configured_token_lifetime_makes_the_token_expire_with_602()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Marketo.TokenLifetimeSeconds = 60, time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal("602", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads/describe2.json")));
    }
}
