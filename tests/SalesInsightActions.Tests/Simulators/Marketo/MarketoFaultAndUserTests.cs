using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

public sealed class MarketoFaultAndUserTests
{
    [Fact]
    public async Task Scripted_faults_fire_on_the_next_calls_in_order_then_calls_succeed_again()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        using HttpResponseMessage script = await http.PostAsync("_sim/faults", new StringContent(
            """{"nextHttpStatuses":[502],"nextMarketoErrors":["615","601"]}""", Encoding.UTF8, "application/json"));
        script.EnsureSuccessStatusCode();

        using HttpResponseMessage gateway = await http.GetAsync("rest/v1/leads/describe2.json");
        Assert.Equal(HttpStatusCode.BadGateway, gateway.StatusCode);
        Assert.Equal("615", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads/describe2.json")));
        Assert.Equal("601", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads/describe2.json")));
        Result(await GetJsonAsync(http, "rest/v1/leads/describe2.json"));
    }

    [Fact]
    public async Task Configured_error_rate_one_answers_every_call_with_the_configured_code()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o =>
        {
            o.Faults.MarketoErrorRate = 1;
            o.Faults.MarketoErrorCode = "611";
        });
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("611", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads/describe2.json")));
        }
        (await http.PostAsync("_sim/reset", null)).EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(http));
        Assert.Equal("611", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads/describe2.json")));
    }

    [Fact]
    public async Task All_users_lists_seeded_users_with_roles_and_several_admins_without_envelope()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        using JsonDocument users = await GetJsonAsync(http, "userservice/management/v1/users/allusers.json?pageOffset=0&pageSize=50");

        Assert.Equal(JsonValueKind.Array, users.RootElement.ValueKind);
        Assert.Equal(6, users.RootElement.GetArrayLength());
        int admins = users.RootElement.EnumerateArray().Count(u => u.GetProperty("userRoleWorkspaces").EnumerateArray()
            .Any(r => r.GetProperty("accessRoleName").GetString() == "Admin"));
        Assert.True(admins >= 2);
        string firstId = users.RootElement[0].GetProperty("userid").GetString()!;
        using JsonDocument one = await GetJsonAsync(http, $"userservice/management/v1/users/{firstId}/user.json");
        Assert.Equal(firstId, one.RootElement.GetProperty("userid").GetString());
    }

    [Fact]
    public async Task User_management_refuses_query_string_tokens_with_a_non_200_status()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = server.CreateClient();
        string token = await GetTokenAsync(http);

        using HttpResponseMessage response = await http.GetAsync("userservice/management/v1/users/allusers.json?access_token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
