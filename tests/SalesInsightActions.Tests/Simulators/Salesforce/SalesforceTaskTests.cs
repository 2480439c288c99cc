using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Simulators.DataSet;
using SalesInsightActions.Simulators.Salesforce;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

public sealed class SalesforceTaskTests
{
    private static string LeadId(SimulatorServer server) =>
        server.Services.GetRequiredService<SeededDataSet>().EnumeratePeople().First(p => p.SalesforceKind == SalesforceRecordKind.Lead).SalesforceLeadId!;

    [Fact]
    public async Task Creating_a_task_returns_201_and_the_task_is_readable_and_listed_for_tests()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        string whoId = LeadId(server);
        string body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["WhoId"] = whoId,
            ["Subject"] = "Email: Intro",
            ["ActivityDate"] = "2026-11-24",
            ["Status"] = "Completed",
            ["Priority"] = "Normal",
            ["Type"] = "Email",
            ["Description"] = "Sent from Sales App",
            ["mkto_si__Viewed__c"] = true,
        });

        JsonElement created = await SalesforceApi.JsonAsync(await api.PostJsonAsync("services/data/v62.0/sobjects/Task/", body), HttpStatusCode.Created);
        string id = created.GetProperty("id").GetString()!;
        JsonElement read = await SalesforceApi.JsonAsync(await api.GetAsync($"services/data/v62.0/sobjects/Task/{id}"));
        using HttpClient control = server.CreateClient();
        JsonElement listed = await SalesforceApi.JsonAsync(await control.GetAsync("_sim/salesforce/tasks"));

        Assert.StartsWith("00T", id, StringComparison.Ordinal);
        Assert.Equal(18, id.Length);
        Assert.True(created.GetProperty("success").GetBoolean());
        Assert.Empty(created.GetProperty("errors").EnumerateArray());
        Assert.Equal(whoId, read.GetProperty("WhoId").GetString());
        Assert.Equal("2026-11-24", read.GetProperty("ActivityDate").GetString());
        Assert.True(read.GetProperty("IsClosed").GetBoolean());
        Assert.Equal(api.TokenResponse.GetProperty("id").GetString()!.Split('/')[^1], read.GetProperty("OwnerId").GetString());
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("Id").GetString());
        Assert.Single(server.GetRequiredService<SalesforceSimulatorState>().WrittenTasks());
    }

    [Fact]
    public async Task Omitted_status_and_priority_take_their_picklist_defaults()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        JsonElement created = await SalesforceApi.JsonAsync(await api.PostJsonAsync("services/data/v62.0/sobjects/Task", $"{{\"WhoId\":\"{LeadId(server)}\",\"Subject\":\"Call\"}}"), HttpStatusCode.Created);
        JsonElement read = await SalesforceApi.JsonAsync(await api.GetAsync($"services/data/v62.0/sobjects/Task/{created.GetProperty("id").GetString()}"));

        Assert.Equal("Not Started", read.GetProperty("Status").GetString());
        Assert.Equal("Normal", read.GetProperty("Priority").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("Type").ValueKind);
    }

    [Theory]
    [InlineData("{\"WhoId\":\"@LEAD\",\"Subject\":\"@LONG\"}", "STRING_TOO_LONG", "Subject")]
    [InlineData("{\"WhoId\":\"00Q5g0000000zzzzzz\",\"Subject\":\"x\"}", "INVALID_CROSS_REFERENCE_KEY", "WhoId")]
    [InlineData("{\"WhoId\":\"@ACCOUNT\",\"Subject\":\"x\"}", "INVALID_CROSS_REFERENCE_KEY", "WhoId")]
    [InlineData("{\"WhoId\":\"@LEAD\",\"Type\":\"Fax\"}", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "Type")]
    [InlineData("{\"WhoId\":\"@LEAD\",\"Status\":null}", "REQUIRED_FIELD_MISSING", "Status")]
    [InlineData("{\"WhoId\":\"@LEAD\",\"Nope__c\":\"x\"}", "INVALID_FIELD", "Nope__c")]
    [InlineData("{\"WhoId\":\"@LEAD\",\"IsClosed\":true}", "INVALID_FIELD_FOR_INSERT_UPDATE", "IsClosed")]
    public async Task Invalid_task_is_refused_with_salesforce_error_code_and_field(string template, string errorCode, string field)
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        string accountId = server.Services.GetRequiredService<SeededDataSet>().GetAccount(0).Id;
        string body = template.Replace("@LEAD", LeadId(server), StringComparison.Ordinal)
            .Replace("@ACCOUNT", accountId, StringComparison.Ordinal)
            .Replace("@LONG", new string('s', 256), StringComparison.Ordinal);

        JsonElement errors = await SalesforceApi.JsonAsync(await api.PostJsonAsync("services/data/v62.0/sobjects/Task/", body), HttpStatusCode.BadRequest);

        JsonElement error = Assert.Single(errors.EnumerateArray());
        Assert.Equal(errorCode, error.GetProperty("errorCode").GetString());
        Assert.Equal([field], error.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToArray());
        Assert.Empty(server.GetRequiredService<SalesforceSimulatorState>().WrittenTasks());
    }

    [Fact]
    public async Task Wrong_json_type_is_a_json_parser_error()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        HttpResponseMessage response = await api.PostJsonAsync("services/data/v62.0/sobjects/Task/", $"{{\"WhoId\":\"{LeadId(server)}\",\"ActivityDate\":\"24/11/2026\"}}");

        Assert.Equal("JSON_PARSER_ERROR", await SalesforceApi.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Patching_a_task_completes_it_and_refuses_bad_values()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        using var http = new HttpClient { BaseAddress = new Uri(api.TokenResponse.GetProperty("instance_url").GetString()! + "/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.AccessToken);
        string id = (await SalesforceApi.JsonAsync(await api.PostJsonAsync("services/data/v62.0/sobjects/Task", $"{{\"WhoId\":\"{LeadId(server)}\",\"Subject\":\"Reminder\",\"Priority\":\"High\"}}"), HttpStatusCode.Created)).GetProperty("id").GetString()!;

        HttpResponseMessage complete = await http.PatchAsync($"services/data/v62.0/sobjects/Task/{id}", new StringContent("{\"Status\":\"Completed\"}", System.Text.Encoding.UTF8, "application/json"));
        HttpResponseMessage bad = await http.PatchAsync($"services/data/v62.0/sobjects/Task/{id}", new StringContent("{\"Priority\":\"Urgent\"}", System.Text.Encoding.UTF8, "application/json"));
        JsonElement read = await SalesforceApi.JsonAsync(await api.GetAsync($"services/data/v62.0/sobjects/Task/{id}"));

        Assert.Equal(HttpStatusCode.NoContent, complete.StatusCode);
        Assert.Equal("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", await SalesforceApi.ErrorCodeAsync(bad, HttpStatusCode.BadRequest));
        Assert.Equal("Completed", read.GetProperty("Status").GetString());
        Assert.True(read.GetProperty("IsClosed").GetBoolean());
        Assert.Equal("High", read.GetProperty("Priority").GetString());
    }

    [Fact]
    public async Task Composite_all_or_none_rolls_back_every_record_when_one_fails()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        string lead = LeadId(server);
        string body = $$"""
            {"allOrNone": true, "records": [
              {"attributes": {"type": "Task"}, "WhoId": "{{lead}}", "Subject": "ok"},
              {"attributes": {"type": "Task"}, "WhoId": "{{lead}}", "Type": "Fax"}
            ]}
            """;

        JsonElement results = await SalesforceApi.JsonAsync(await api.PostJsonAsync("services/data/v62.0/composite/sobjects", body));

        Assert.Equal(2, results.GetArrayLength());
        Assert.False(results[0].GetProperty("success").GetBoolean());
        Assert.Equal("ALL_OR_NONE_OPERATION_ROLLED_BACK", results[0].GetProperty("errors")[0].GetProperty("statusCode").GetString());
        Assert.False(results[1].GetProperty("success").GetBoolean());
        Assert.Equal("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", results[1].GetProperty("errors")[0].GetProperty("statusCode").GetString());
        Assert.Equal("Type", results[1].GetProperty("errors")[0].GetProperty("fields")[0].GetString());
        Assert.Empty(server.GetRequiredService<SalesforceSimulatorState>().WrittenTasks());
    }

    [Fact]
    public async Task Composite_without_all_or_none_saves_the_valid_records_in_order()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        string lead = LeadId(server);
        string body = $$"""
            {"allOrNone": false, "records": [
              {"attributes": {"type": "Task"}, "WhoId": "{{lead}}", "Subject": "first"},
              {"attributes": {"type": "Task"}, "WhoId": "00Q5g0000000zzzzzz", "Subject": "bad who"},
              {"attributes": {"type": "Task"}, "WhoId": "{{lead}}", "Subject": "third", "Type": "Reply"}
            ]}
            """;

        JsonElement results = await SalesforceApi.JsonAsync(await api.PostJsonAsync("services/data/v62.0/composite/sobjects", body));

        Assert.Equal([true, false, true], results.EnumerateArray().Select(r => r.GetProperty("success").GetBoolean()).ToArray());
        Assert.StartsWith("00T", results[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("INVALID_CROSS_REFERENCE_KEY", results[1].GetProperty("errors")[0].GetProperty("statusCode").GetString());
        var tasks = server.GetRequiredService<SalesforceSimulatorState>().WrittenTasks();
        Assert.Equal(["first", "third"], tasks.Select(t => (string)t["Subject"]!).ToArray());
    }

    [Fact]
    public async Task Composite_refuses_more_than_200_records()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        string record = $"{{\"attributes\":{{\"type\":\"Task\"}},\"WhoId\":\"{LeadId(server)}\"}}";
        string body = "{\"allOrNone\":false,\"records\":[" + string.Join(',', Enumerable.Repeat(record, 201)) + "]}";

        HttpResponseMessage response = await api.PostJsonAsync("services/data/v62.0/composite/sobjects", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(server.GetRequiredService<SalesforceSimulatorState>().WrittenTasks());
    }
}
