using System.Text.Json;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Tests.Connections.Marketo;

public sealed class MarketoActivityContractTests
{
    [Fact]
    public async Task Paging_token_is_requested_with_an_encoded_iso_datetime()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(
            """{"requestId":"f47a#1","success":true,"nextPageToken":"GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ"}"""));
        await using var provider = MarketoTestHost.Build(stub);

        var token = await provider.Client().GetPagingTokenAsync(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-6)));

        Assert.Equal("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ", token);
        var call = Assert.Single(stub.CallsTo("/rest/v1/activities/pagingtoken.json"));
        Assert.Contains("sinceDatetime=2026-01-02T09%3A04%3A05Z", call.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activities_keep_paging_through_empty_pages_while_more_result_is_true_and_encode_tokens()
    {
        // Tokens with '+', '/' and '=' must survive the query string intact.
        var pages = new Queue<string>([
            """
            {"requestId":"1","success":true,"nextPageToken":"tok+2/==","moreResult":true,"result":[
              {"id":2,"marketoGUID":"2","leadId":6,"activityDate":"2013-09-26T06:56:35Z","activityTypeId":12,"primaryAttributeValueId":6,
               "attributes":[{"name":"Source Type","value":"Web page visit"}]}]}
            """,
            """{"requestId":"2","success":true,"nextPageToken":"tok+3/==","moreResult":true}""",
            """{"requestId":"3","success":true,"nextPageToken":"tok+4/==","moreResult":true,"result":[]}""",
            """
            {"requestId":"4","success":true,"nextPageToken":"tok+5/==","moreResult":false,"result":[
              {"id":3,"marketoGUID":"3","leadId":7,"activityDate":"2013-09-26T06:58:00Z","activityTypeId":1,"primaryAttributeValueId":4,"primaryAttributeValue":"Home",
               "campaignId":5,"attributes":[{"name":"Client IP Address","value":"10.0.0.1"},{"name":"Is Mobile Device","value":false}]}]}
            """,
        ]);
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(pages.Dequeue()));
        await using var provider = MarketoTestHost.Build(stub);

        var result = await provider.Client().GetActivitiesAsync("tok+1/==", [1, 12], [6, 7], batchSize: 100).ToListAsync();

        Assert.Equal(4, result.Count);
        Assert.Equal([2L, 3L], result.SelectMany(p => p.Activities).Select(a => a.Id));
        Assert.Equal("tok+5/==", result[^1].NextPageToken);
        var calls = stub.CallsTo("/rest/v1/activities.json");
        Assert.Equal(["tok+1/==", "tok+2/==", "tok+3/==", "tok+4/=="], calls.Select(c => c.Query("nextPageToken")));
        Assert.Contains("nextPageToken=tok%2B1%2F%3D%3D", calls[0].Uri.Query, StringComparison.Ordinal);
        Assert.Equal("1,12", calls[0].Query("activityTypeIds"));
        Assert.Equal("6,7", calls[0].Query("leadIds"));
        Assert.Equal("100", calls[0].Query("batchSize"));
        var last = result[^1].Activities[0];
        Assert.Equal(("Home", 5L, 1), (last.PrimaryAttributeValue, last.CampaignId!.Value, last.ActivityTypeId));
        Assert.Equal(JsonValueKind.False, last.Attributes![1].Value.ValueKind);
    }

    [Theory]
    [InlineData("2013-09-26T06:56:35+0000")]
    [InlineData("2013-09-26T06:56:35Z")]
    [InlineData("2013-09-26T08:56:35+02:00")]
    [InlineData("2013-09-26T01:56:35-0500")]
    public async Task Activity_dates_parse_in_every_offset_form_marketo_documents(string activityDate)
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json($$"""
            {"requestId":"1","success":true,"nextPageToken":"t","moreResult":false,"result":[
              {"id":2,"marketoGUID":"2","leadId":6,"activityDate":"{{activityDate}}","activityTypeId":12,"primaryAttributeValueId":6,"attributes":[]}]}
            """));
        await using var provider = MarketoTestHost.Build(stub);

        var page = Assert.Single(await provider.Client().GetActivitiesAsync("t", [12]).ToListAsync());

        Assert.Equal(new DateTimeOffset(2013, 9, 26, 6, 56, 35, TimeSpan.Zero), page.Activities[0].ActivityDate);
    }

    [Fact]
    public async Task Custom_activity_types_parse_api_name_status_and_attributes()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""
            {"requestId":"c4c#1","success":true,"result":[{"id":100001,"apiName":"sendSalesEmail","name":"Send Sales Email","description":"Sales email sent",
              "triggerName":"Sends Sales Email","filterName":"Sent Sales Email",
              "primaryAttribute":{"apiName":"subject","name":"Subject","dataType":"string","description":"Email subject"},
              "attributes":[{"apiName":"sentBy","name":"Sent By","dataType":"string"}],
              "createdAt":"2016-10-24T19:52:24Z","updatedAt":"2016-10-24T19:52:24Z","status":"approved"}]}
            """));
        await using var provider = MarketoTestHost.Build(stub);

        var type = Assert.Single(await provider.Client().GetCustomActivityTypesAsync());

        Assert.Equal("/rest/v1/activities/external/types.json", stub.CallsTo("/rest/").Single().Path);
        Assert.Equal(("sendSalesEmail", "approved", "subject"), (type.ApiName, type.Status, type.PrimaryAttribute!.ApiName));
        Assert.Equal("sentBy", Assert.Single(type.Attributes!).ApiName);
    }

    [Fact]
    public async Task Create_custom_activity_type_posts_the_definition()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""
            {"requestId":"1","success":true,"result":[{"id":100002,"apiName":"callReceived","name":"Sales Call Received","triggerName":"Receives Sales Call",
             "filterName":"Received Sales Call","primaryAttribute":{"apiName":"callStatus","name":"Call Status","dataType":"string"},"status":"draft"}]}
            """));
        await using var provider = MarketoTestHost.Build(stub);

        var created = await provider.Client().CreateCustomActivityTypeAsync(new CreateCustomActivityTypeRequest(
            "callReceived", "Sales Call Received", "Receives Sales Call", "Received Sales Call", new CustomActivityTypeAttribute("callStatus", "Call Status", "string")));

        var call = Assert.Single(stub.CallsTo("/rest/v1/activities/external/type.json"));
        using var body = JsonDocument.Parse(call.Body!);
        Assert.Equal("callReceived", body.RootElement.GetProperty("apiName").GetString());
        Assert.Equal("string", body.RootElement.GetProperty("primaryAttribute").GetProperty("dataType").GetString());
        Assert.Equal(("draft", 100002), (created.Status, created.Id));
    }

    [Fact]
    public async Task Custom_activities_are_sent_in_batches_of_300_and_skips_report_their_errors()
    {
        var stub = MarketoTestHost.Stub(call =>
        {
            using var body = JsonDocument.Parse(call.Body!);
            var count = body.RootElement.GetProperty("input").GetArrayLength();
            var items = Enumerable.Range(0, count).Select(i => i == 0
                ? """{"status":"skipped","errors":[{"code":"1004","message":"Lead not found"}]}"""
                : $$"""{"id":{{i}},"marketoGUID":"{{i}}","status":"added"}""");
            return StubHttpHandler.Json($$"""{"requestId":"1","success":true,"result":[{{string.Join(",", items)}}]}""");
        });
        await using var provider = MarketoTestHost.Build(stub);
        var activities = Enumerable.Range(0, 450).Select(i => new CustomActivity(i + 1, DateTimeOffset.UnixEpoch, 100001, "Subject " + i,
            [new CustomActivityAttributeValue("sentBy", "rep@example.com")])).ToList();

        var results = await provider.Client().AddCustomActivitiesAsync(activities);

        var calls = stub.CallsTo("/rest/v1/activities/external.json");
        Assert.Equal(2, calls.Count);
        using var first = JsonDocument.Parse(calls[0].Body!);
        var input = first.RootElement.GetProperty("input");
        Assert.Equal(300, input.GetArrayLength());
        Assert.Equal("sentBy", input[0].GetProperty("attributes")[0].GetProperty("apiName").GetString());
        Assert.Equal(450, results.Count);
        Assert.True(results[300].IsSkipped);
        Assert.Equal("1004", results[300].Problems.Single().Code);
        Assert.Equal("1", results[1].MarketoGuid);
    }
}
