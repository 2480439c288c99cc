using System.Text.Json;

using SalesInsightActions.Simulators.Marketo;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

public sealed class MarketoActivityTests
{
    [Fact]
    public async Task Activity_stream_has_empty_pages_that_still_say_more_result_before_it_ends()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Marketo.LimitsEnabled = false);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-14).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        using JsonDocument paging = await GetJsonAsync(http, "rest/v1/activities/pagingtoken.json?sinceDatetime=" + since);
        string token = paging.RootElement.GetProperty("nextPageToken").GetString()!;
        int emptyPagesWithMore = 0;
        int shortPagesWithMore = 0;
        int activities = 0;
        bool more;

        do
        {
            using JsonDocument page = await GetJsonAsync(http, $"rest/v1/activities.json?activityTypeIds=1,2,6,7,10,11,12,13&batchSize=100&nextPageToken={Uri.EscapeDataString(token)}");
            Assert.True(page.RootElement.GetProperty("success").GetBoolean());
            int count = page.RootElement.TryGetProperty("result", out JsonElement result) ? result.GetArrayLength() : 0;
            more = page.RootElement.GetProperty("moreResult").GetBoolean();
            token = page.RootElement.GetProperty("nextPageToken").GetString()!;
            emptyPagesWithMore += count == 0 && more ? 1 : 0;
            shortPagesWithMore += count is > 0 and < 100 && more ? 1 : 0;
            activities += count;
            if (count > 0)
            {
                JsonElement first = result[0];
                Assert.True(first.TryGetProperty("marketoGUID", out _));
                Assert.True(first.TryGetProperty("primaryAttributeValue", out _));
                Assert.Equal(JsonValueKind.Array, first.GetProperty("attributes").ValueKind);
            }
        }
        while (more);

        Assert.True(emptyPagesWithMore > 0);
        Assert.True(shortPagesWithMore > 0);
        Assert.True(activities > 1000);
    }

    [Fact]
    public async Task Activities_refuse_more_than_ten_type_ids_and_more_than_thirty_lead_ids()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        using JsonDocument paging = await GetJsonAsync(http, "rest/v1/activities/pagingtoken.json?sinceDatetime=2026-06-01T00:00:00Z");
        string token = Uri.EscapeDataString(paging.RootElement.GetProperty("nextPageToken").GetString()!);

        Assert.Equal("1003", FirstErrorCode(await GetJsonAsync(http, $"rest/v1/activities.json?nextPageToken={token}&activityTypeIds=" + string.Join(',', Enumerable.Range(1, 11)))));
        Assert.Equal("1003", FirstErrorCode(await GetJsonAsync(http, $"rest/v1/activities.json?nextPageToken={token}&activityTypeIds=1&leadIds=" + string.Join(',', Enumerable.Range(1, 31)))));
    }

    [Fact]
    public async Task Custom_activity_type_must_be_approved_before_activities_are_added_and_recorded()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        JsonElement type = Result(await PostJsonAsync(http, "rest/v1/activities/external/type.json", """
            {"apiName":"sendSalesEmail","name":"Send Sales Email","triggerName":"Sent Sales Email","filterName":"Was Sent Sales Email","primaryAttribute":{"apiName":"subject","name":"Subject","description":"Email subject"}}
            """))[0];
        int typeId = type.GetProperty("id").GetInt32();
        Assert.Equal("draft", type.GetProperty("status").GetString());
        Assert.Equal("subject", type.GetProperty("primaryAttribute").GetProperty("apiName").GetString());
        Assert.Equal("string", type.GetProperty("primaryAttribute").GetProperty("dataType").GetString());
        Result(await PostJsonAsync(http, "rest/v1/activities/external/type/sendSalesEmail/attributes/create.json", """{"attributes":[{"apiName":"source","name":"Source","dataType":"string"}]}"""));
        string input = $$"""{"input":[{"leadId":5,"activityDate":"2026-11-20T10:00:00Z","activityTypeId":{{typeId}},"primaryAttributeValue":"Hello","attributes":[{"apiName":"source","value":"Sales App"}]}]}""";

        JsonElement beforeApproval = Result(await PostJsonAsync(http, "rest/v1/activities/external.json", input))[0];
        Result(await PostJsonAsync(http, "rest/v1/activities/external/type/sendSalesEmail/approve.json", "{}"));
        JsonElement afterApproval = Result(await PostJsonAsync(http, "rest/v1/activities/external.json", input))[0];

        Assert.Equal("skipped", beforeApproval.GetProperty("status").GetString());
        Assert.Equal("added", afterApproval.GetProperty("status").GetString());
        Assert.True(afterApproval.TryGetProperty("marketoGUID", out _));
        RecordedActivity recorded = Assert.Single(server.GetRequiredService<MarketoState>().Activities.RecordedActivities);
        Assert.Equal(5, recorded.LeadId);
        Assert.Equal("Sales App", recorded.Attributes["source"]);
        using JsonDocument listed = await GetJsonAsync(http, "_sim/marketo/activities");
        Assert.Equal(1, listed.RootElement.GetArrayLength());
        string token = await PagingTokenAsync(http, new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        (List<JsonElement> readBack, _, _) = await ReadFeedAsync(http, $"rest/v1/activities.json?activityTypeIds={typeId}&leadIds=5", token);
        JsonElement activity = Assert.Single(readBack);
        Assert.Equal(afterApproval.GetProperty("id").GetInt64(), activity.GetProperty("id").GetInt64());
        Assert.Equal(afterApproval.GetProperty("marketoGUID").GetString(), activity.GetProperty("marketoGUID").GetString());
        Assert.Equal("2026-11-20T10:00:00Z", activity.GetProperty("activityDate").GetString());
        Assert.Equal("Hello", activity.GetProperty("primaryAttributeValue").GetString());
        Assert.Equal("Sales App", Attribute(activity, "Source"));
    }
}
