using System.Net;
using System.Text.Json;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

public sealed class MarketoRequestShapeTests
{
    [Fact]
    public async Task Uri_longer_than_8_kb_is_refused_with_414_and_the_same_query_succeeds_as_post_with_method_get()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string emails = string.Join(',', Enumerable.Range(1, 300).Select(i => $"someone.with.a.long.address.{i}@example-company-domain.example"));

        using HttpResponseMessage tooLong = await http.GetAsync("rest/v1/leads.json?filterType=email&filterValues=" + Uri.EscapeDataString(emails));
        using HttpResponseMessage tunnelled = await http.PostAsync("rest/v1/leads.json?_method=GET", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["filterType"] = "email",
            ["filterValues"] = emails,
        }));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, tooLong.StatusCode);
        Assert.Equal(0, Result(JsonDocument.Parse(await tunnelled.Content.ReadAsStringAsync())).GetArrayLength());
    }

    [Fact]
    public async Task Create_only_skips_existing_leads_with_1005_and_update_only_skips_unknown_leads_with_1004()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        JsonElement createOnly = Result(await PostJsonAsync(http, "rest/v1/leads.json", """{"action":"createOnly","lookupField":"id","input":[{"id":4,"firstName":"X"}]}"""))[0];
        JsonElement updateOnly = Result(await PostJsonAsync(http, "rest/v1/leads.json", """{"action":"updateOnly","lookupField":"email","input":[{"email":"ghost@none.example"}]}"""))[0];

        Assert.Equal("1005", createOnly.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal("1004", updateOnly.GetProperty("reasons")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Envelope_has_request_id_success_and_string_error_codes_on_http_200()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        using HttpResponseMessage response = await http.GetAsync("rest/v1/leads.json?filterType=shoeSize&filterValues=44");
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[0-9a-f]+#[0-9a-f]+$", body.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("1003", FirstErrorCode(body));
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Activities_filtered_by_lead_ids_only_contain_those_leads()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.DataSet.PersonCount = 20);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        using JsonDocument paging = await GetJsonAsync(http, "rest/v1/activities/pagingtoken.json?sinceDatetime=" + Uri.EscapeDataString("2026-06-01T00:00:00Z"));
        string token = Uri.EscapeDataString(paging.RootElement.GetProperty("nextPageToken").GetString()!);

        using JsonDocument page = await GetJsonAsync(http, $"rest/v1/activities.json?nextPageToken={token}&activityTypeIds=1,2,6,7,10,11,12,13&leadIds=3,4");
        long[] leadIds = [.. Result(page).EnumerateArray().Select(a => a.GetProperty("leadId").GetInt64())];

        Assert.NotEmpty(leadIds);
        Assert.All(leadIds, id => Assert.Contains(id, new long[] { 3, 4 }));
        Assert.True(page.RootElement.GetProperty("moreResult").GetBoolean());
    }

    [Fact]
    public async Task At_most_two_exports_process_at_once_while_others_stay_queued()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o =>
        {
            o.Marketo.BulkQueuedSeconds = 0;
            o.Marketo.BulkProcessingSeconds = 3600;
        });
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        List<string> ids = [];
        for (int i = 0; i < 3; i++)
        {
            string id = Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json",
                """{"fields":["id"],"format":"CSV","filter":{"createdAt":{"startAt":"2024-01-01T00:00:00Z","endAt":"2024-01-02T00:00:00Z"}}}"""))[0].GetProperty("exportId").GetString()!;
            Result(await PostJsonAsync(http, $"bulk/v1/leads/export/{id}/enqueue.json", ""));
            ids.Add(id);
        }

        List<string> statuses = [];
        foreach (string id in ids)
        {
            statuses.Add(Result(await GetJsonAsync(http, $"bulk/v1/leads/export/{id}/status.json"))[0].GetProperty("status").GetString()!);
        }

        Assert.Equal(["Processing", "Processing", "Queued"], statuses);
    }
}
