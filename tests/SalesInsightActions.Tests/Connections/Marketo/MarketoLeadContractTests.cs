using System.Text.Json;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Tests.Connections.Marketo;

public sealed class MarketoLeadContractTests
{
    [Fact]
    public async Task Describe2_parses_searchable_fields_and_field_metadata()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""
            {"requestId":"37ca#1475b74e276","success":true,"result":[{"name":"API Lead",
              "searchableFields":[["createdAt"],["email"],["id"],["sfdcLeadId"]],
              "fields":[
                {"name":"createdAt","displayName":"Created At","dataType":"datetime","updateable":false,"crmManaged":false},
                {"name":"email","displayName":"Email Address","dataType":"email","length":255,"updateable":true,"crmManaged":false},
                {"name":"sfdcLeadId","displayName":"SFDC Lead ID","dataType":"string","length":18,"updateable":false,"crmManaged":true}]}]}
            """));
        await using var provider = MarketoTestHost.Build(stub);

        var description = await provider.Client().DescribeLeadsAsync();

        Assert.Equal("/rest/v1/leads/describe2.json", Assert.Single(stub.CallsTo("/rest/")).Path);
        Assert.Equal("API Lead", description.Name);
        Assert.Contains(description.SearchableFields!, f => f.SequenceEqual(["email"]));
        var email = Assert.Single(description.Fields, f => f.Name == "email");
        Assert.Equal(("email", 255, true, false), (email.DataType, email.Length, email.Updateable, email.CrmManaged));
        Assert.True(description.Fields.Single(f => f.Name == "sfdcLeadId").CrmManaged);
        Assert.Null(description.Fields.Single(f => f.Name == "createdAt").Length);
    }

    [Fact]
    public async Task Leads_by_filter_follow_next_page_token_and_split_values_into_batches_of_300()
    {
        var stub = MarketoTestHost.Stub(call => call.Query("nextPageToken") is null
            ? StubHttpHandler.Json("""
                {"requestId":"a","result":[{"id":50,"updatedAt":"2014-12-17T21:16:04Z","lastName":"Doe","email":"jane@example.com","createdAt":"2014-12-17T21:16:04Z","firstName":"Jane","sfdcLeadId":null}],
                 "success":true,"nextPageToken":"GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ"}
                """)
            : StubHttpHandler.Json("""{"requestId":"b","result":[{"id":51,"email":"john@example.com"}],"success":true}"""));
        await using var provider = MarketoTestHost.Build(stub);
        var values = Enumerable.Range(0, 301).Select(i => $"p{i}@example.com").ToList();

        var leads = await provider.Client().GetLeadsByFilterAsync("email", values, ["email", "firstName", "sfdcLeadId"]).ToListAsync();

        var calls = stub.CallsTo("/rest/v1/leads.json");
        Assert.Equal(4, calls.Count);
        Assert.Equal(300, calls[0].Query("filterValues")!.Split(',').Length);
        Assert.Equal("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ", calls[1].Query("nextPageToken"));
        Assert.Equal("p300@example.com", calls[2].Query("filterValues"));
        Assert.Equal("email,firstName,sfdcLeadId", calls[0].Query("fields"));
        Assert.Equal("email", calls[0].Query("filterType"));
        Assert.Equal([50, 51, 50, 51], leads.Select(l => l.Id));
        Assert.Equal("jane@example.com", leads[0].GetString("email"));
        Assert.Null(leads[0].GetString("sfdcLeadId"));
    }

    [Fact]
    public async Task Filter_uri_over_8KB_is_sent_as_post_with_method_get_and_a_form_body()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""{"requestId":"a","result":[],"success":true}"""));
        await using var provider = MarketoTestHost.Build(stub);
        var values = Enumerable.Range(0, 300).Select(i => $"a-rather-long-address-number-{i}@subdomain.example.com").ToList();

        await provider.Client().GetLeadsByFilterAsync("email", values).ToListAsync();

        var call = Assert.Single(stub.CallsTo("/rest/v1/leads.json"));
        Assert.Equal(HttpMethod.Post, call.Method);
        Assert.Equal("GET", call.Query("_method"));
        Assert.Equal("email", call.Form("filterType"));
        Assert.Equal(values, call.Form("filterValues")!.Split(','));
    }

    [Fact]
    public async Task Upsert_sends_action_lookup_field_and_input_and_keeps_result_order_across_batches()
    {
        var batch = 0;
        var stub = MarketoTestHost.Stub(call =>
        {
            using var body = JsonDocument.Parse(call.Body!);
            var count = body.RootElement.GetProperty("input").GetArrayLength();
            var first = Interlocked.Increment(ref batch) == 1;
            var results = Enumerable.Range(0, count).Select(i => first && i == 1
                ? """{"status":"skipped","reasons":[{"code":"1005","message":"Lead already exists"}]}"""
                : $$"""{"id":{{(first ? 1000 : 2000) + i}},"status":"{{(i % 2 == 0 ? "created" : "updated")}}"}""");
            return StubHttpHandler.Json($$"""{"requestId":"e42b#1","result":[{{string.Join(",", results)}}],"success":true}""");
        });
        await using var provider = MarketoTestHost.Build(stub);
        var leads = Enumerable.Range(0, 301).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["email"] = $"p{i}@example.com" }).ToList();

        var results = await provider.Client().UpsertLeadsAsync(LeadUpsertAction.CreateOnly, "email", leads);

        var calls = stub.CallsTo("/rest/v1/leads.json");
        Assert.Equal(2, calls.Count);
        using var firstBody = JsonDocument.Parse(calls[0].Body!);
        Assert.Equal("createOnly", firstBody.RootElement.GetProperty("action").GetString());
        Assert.Equal("email", firstBody.RootElement.GetProperty("lookupField").GetString());
        Assert.Equal("p0@example.com", firstBody.RootElement.GetProperty("input")[0].GetProperty("email").GetString());
        Assert.Equal(301, results.Count);
        Assert.True(results[1].IsSkipped);
        Assert.Equal("1005", Assert.Single(results[1].Problems).Code);
        Assert.Equal(2000, results[300].Id);
    }
}
