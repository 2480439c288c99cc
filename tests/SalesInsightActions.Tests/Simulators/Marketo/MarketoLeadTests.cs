using System.Net;
using System.Text;
using System.Text.Json;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

public sealed class MarketoLeadTests
{
    [Fact]
    public async Task Describe2_lists_the_thirteen_synced_fields()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        JsonElement describe = Result(await GetJsonAsync(http, "rest/v1/leads/describe2.json"))[0];
        HashSet<string> names = [.. describe.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)];

        string[] synced = ["firstName", "lastName", "sfdcContactId", "sfdcLeadId", "sfdcAccountId", "sfdcOpptyId", "id", "company", "title", "email", "phone", "linkedInProfileURL", "leadSource"];
        Assert.All(synced, name => Assert.Contains(name, names));
        Assert.Equal(JsonValueKind.Array, describe.GetProperty("searchableFields")[0].ValueKind);
    }

    [Fact]
    public async Task Query_without_match_succeeds_with_empty_result_and_unknown_field_answers_1006()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        JsonElement none = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=email&filterValues=nobody@nowhere.example"));
        Assert.Equal(0, none.GetArrayLength());
        Assert.Equal("1006", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=1&fields=email,shoeSize")));
        string tooMany = string.Join(',', Enumerable.Range(1, 301));
        Assert.Equal("1003", FirstErrorCode(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=" + tooMany)));
    }

    [Fact]
    public async Task Filter_matching_more_than_1000_leads_answers_1003()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.DataSet.PersonCount = 50_000);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        JsonElement lead = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=5&fields=sfdcLeadOwnerId"))[0];

        using JsonDocument many = await GetJsonAsync(http, "rest/v1/leads.json?filterType=sfdcLeadOwnerId&filterValues=" + lead.GetProperty("sfdcLeadOwnerId").GetString());

        Assert.Equal("1003", FirstErrorCode(many));
    }

    [Fact]
    public async Task Results_page_with_next_page_token_until_all_requested_leads_are_returned()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string ids = string.Join(',', Enumerable.Range(1, 10));
        List<long> seen = [];
        string? token = null;
        int pages = 0;

        do
        {
            string url = $"rest/v1/leads.json?filterType=id&filterValues={ids}&batchSize=4" + (token is null ? "" : "&nextPageToken=" + Uri.EscapeDataString(token));
            using JsonDocument page = await GetJsonAsync(http, url);
            seen.AddRange(Result(page).EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
            token = page.RootElement.TryGetProperty("nextPageToken", out JsonElement next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Post_with_method_get_form_body_runs_the_query()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        using HttpResponseMessage response = await http.PostAsync("rest/v1/leads.json?_method=GET", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["filterType"] = "id",
            ["filterValues"] = "7,8",
            ["fields"] = "email,company",
        }));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal([7L, 8L], Result(body).EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Upsert_answers_per_record_results_in_input_order()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string existingEmail = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=3"))[0].GetProperty("email").GetString()!;

        using JsonDocument upsert = await PostJsonAsync(http, "rest/v1/leads.json", $$"""
            {"action":"createOrUpdate","lookupField":"email","input":[
              {"email":"new.person@upsert.example","firstName":"New"},
              {"email":"{{existingEmail}}","title":"Chief Tester"},
              {"email":"x@upsert.example","shoeSize":"44"}
            ]}
            """);
        JsonElement[] results = [.. Result(upsert).EnumerateArray()];

        Assert.Equal("created", results[0].GetProperty("status").GetString());
        Assert.True(results[0].GetProperty("id").GetInt64() > 2500);
        Assert.Equal("updated", results[1].GetProperty("status").GetString());
        Assert.Equal(3, results[1].GetProperty("id").GetInt64());
        Assert.Equal("skipped", results[2].GetProperty("status").GetString());
        Assert.Equal("1006", results[2].GetProperty("reasons")[0].GetProperty("code").GetString());
        JsonElement changed = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=3&fields=title"))[0];
        Assert.Equal("Chief Tester", changed.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Test_control_change_and_delete_are_visible_through_the_api()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        using HttpResponseMessage change = await http.PatchAsync("_sim/marketo/leads/12", new StringContent("{\"company\":\"Renamed Corp\"}", Encoding.UTF8, "application/json"));
        using HttpResponseMessage delete = await http.DeleteAsync("_sim/marketo/leads/13");

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        JsonElement[] leads = [.. Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=12,13&fields=company")).EnumerateArray()];
        Assert.Single(leads);
        Assert.Equal("Renamed Corp", leads[0].GetProperty("company").GetString());
    }

    [Fact]
    public async Task Body_over_one_megabyte_is_refused_with_http_413()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        using HttpResponseMessage response = await http.PostAsync("rest/v1/leads.json", new StringContent(new string(' ', (1024 * 1024) + 1), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
