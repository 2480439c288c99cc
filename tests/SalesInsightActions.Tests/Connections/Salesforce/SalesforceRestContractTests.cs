using System.Net;
using System.Text;
using System.Text.Json;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Connections.Salesforce.Wire;

namespace SalesInsightActions.Tests.Connections.Salesforce;

public sealed class SalesforceRestContractTests
{
    private static HttpResponseMessage WithLimit(HttpResponseMessage response, string usage = "api-usage=18/15000")
    {
        response.Headers.TryAddWithoutValidation("Sforce-Limit-Info", usage);
        return response;
    }

    [Fact]
    public async Task Query_follows_next_records_url_appended_to_the_instance_url_and_sends_batch_size()
    {
        var stub = new StubHttpHandler(call => WithLimit(call.Path.EndsWith("/query", StringComparison.Ordinal)
            ? StubHttpHandler.Json("""
                {"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gD0000002HU6KIAW-2",
                 "records":[{"attributes":{"type":"Contact","url":"/services/data/v62.0/sobjects/Contact/003D000000QV9n2IAD"},"Id":"003D000000QV9n2IAD","Name":"Ann"},
                            {"attributes":{"type":"Contact","url":"/services/data/v62.0/sobjects/Contact/003D000000QV9n3IAD"},"Id":"003D000000QV9n3IAD","Name":"Bo"}]}
                """)
            : StubHttpHandler.Json("""
                {"totalSize":3,"done":true,"records":[{"attributes":{"type":"Contact","url":"/services/data/v62.0/sobjects/Contact/003D000000QV9n4IAD"},"Id":"003D000000QV9n4IAD","Name":"Cy"}]}
                """), "api-usage=20/15000"));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        var records = await client.QueryAsync("SELECT Id, Name FROM Contact", batchSize: 200).ToListAsync();

        Assert.Equal(["Ann", "Bo", "Cy"], records.Select(r => r.GetProperty("Name").GetString()));
        var calls = stub.Calls.ToList();
        Assert.Equal("https://na1.salesforce.com/services/data/v62.0/query?q=SELECT%20Id%2C%20Name%20FROM%20Contact", calls[0].Uri.AbsoluteUri);
        Assert.Equal("https://na1.salesforce.com/services/data/v62.0/query/01gD0000002HU6KIAW-2", calls[1].Uri.AbsoluteUri);
        Assert.All(calls, c => Assert.Equal("batchSize=200", c.Headers["Sforce-Query-Options"]));
        Assert.Equal((20L, 15000L), (client.LastApiUsage!.Used, client.LastApiUsage.Limit));
    }

    [Fact]
    public async Task Query_all_uses_the_query_all_resource()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json("""{"totalSize":0,"done":true,"records":[]}"""));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        var records = await client.QueryAllAsync<JsonElement>("SELECT Id FROM Task WHERE IsDeleted = true").ToListAsync();

        Assert.Empty(records);
        Assert.Equal("/services/data/v62.0/queryAll", stub.Calls.Single().Path);
    }

    [Fact]
    public async Task Expired_session_is_refreshed_once_saved_and_the_call_repeated_on_the_new_instance()
    {
        var stub = new StubHttpHandler(call => call.Path switch
        {
            "/services/oauth2/token" => StubHttpHandler.Json("""
                {"id":"https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P","issued_at":"1278448384422","instance_url":"https://na2.salesforce.com",
                 "signature":"x","access_token":"fresh-access","token_type":"Bearer","scope":"id api refresh_token"}
                """),
            _ when call.Authorization == "Bearer fresh-access" => StubHttpHandler.Json("""{"totalSize":0,"done":true,"records":[]}"""),
            _ => StubHttpHandler.Json("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", HttpStatusCode.Unauthorized),
        });
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        await client.QueryAsync("SELECT Id FROM Lead").ToListAsync();

        var calls = stub.Calls.ToList();
        Assert.Equal(["na1.salesforce.com", "login.salesforce.com", "na2.salesforce.com"], calls.Select(c => c.Uri.Host));
        var saved = await store.GetAsync("conn-1");
        Assert.Equal(("fresh-access", new Uri("https://na2.salesforce.com")), (saved!.AccessToken, saved.InstanceUrl));
        Assert.Equal(SalesforceTestHost.Tokens().RefreshToken, saved.RefreshToken);
    }

    [Fact]
    public async Task Session_still_invalid_after_refresh_fails_without_a_second_refresh()
    {
        var stub = new StubHttpHandler(call => call.Path == "/services/oauth2/token"
            ? StubHttpHandler.Json(SalesforceTestHost.TokenResponse)
            : StubHttpHandler.Json("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", HttpStatusCode.Unauthorized));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() => client.DescribeAsync("Task"));

        Assert.Equal(("INVALID_SESSION_ID", 401), (error.ErrorCode, error.HttpStatus));
        Assert.Single(stub.CallsTo("/services/oauth2/token"));
        Assert.Equal(2, stub.CallsTo("/services/data/").Count);
    }

    [Fact]
    public async Task Concurrent_requests_limit_is_retried_with_backoff_and_then_surfaces_as_its_own_type()
    {
        var stub = new StubHttpHandler(_ => WithLimit(StubHttpHandler.Json(
            """[{"message":"ConcurrentRequests (Concurrent API Requests) Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]""", HttpStatusCode.Forbidden), "api-usage=10/15000"));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store, new() { ["Salesforce:MaxRetryAttempts"] = "2" });
        var client = await provider.ClientAsync(store);

        var error = await Assert.ThrowsAsync<SalesforceConcurrentRequestLimitException>(() => client.QueryAsync("SELECT Id FROM Lead").ToListAsync().AsTask());

        Assert.IsNotType<SalesforceDailyLimitExceededException>(error);
        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.ErrorCode);
        Assert.Equal(3, stub.CallsTo("/services/data/").Count);
    }

    [Fact]
    public async Task Request_limit_exceeded_stops_without_retry()
    {
        var stub = new StubHttpHandler(_ => WithLimit(StubHttpHandler.Json(
            """[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]""", HttpStatusCode.Forbidden), "api-usage=15001/15000"));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        var error = await Assert.ThrowsAsync<SalesforceDailyLimitExceededException>(() => client.QueryAsync("SELECT Id FROM Lead").ToListAsync().AsTask());

        Assert.Equal("TotalRequests Limit exceeded.", error.ErrorMessage);
        Assert.Equal(15001, error.LastUsage!.Used);
        Assert.Single(stub.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "MALFORMED_QUERY", "unexpected token: FROMM")]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_FIELD", "No such column 'Foo' on entity 'Lead'")]
    [InlineData(HttpStatusCode.NotFound, "NOT_FOUND", "The requested resource does not exist")]
    public async Task Client_errors_are_typed_with_their_error_code_and_not_retried(HttpStatusCode status, string code, string message)
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json($$"""[{"message":"{{message}}","errorCode":"{{code}}","fields":["Foo"]}]""", status));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() => client.QueryAsync("SELECT Foo FROMM Lead").ToListAsync().AsTask());

        Assert.Equal((code, message, (int)status), (error.ErrorCode, error.ErrorMessage, error.HttpStatus));
        Assert.Equal(["Foo"], error.Fields);
        Assert.Single(stub.Calls);
    }

    [Fact]
    public async Task Server_errors_on_reads_are_retried()
    {
        var calls = 0;
        var stub = new StubHttpHandler(_ => Interlocked.Increment(ref calls) == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : StubHttpHandler.Json("""{"name":"Task","label":"Task","fields":[]}"""));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        await client.DescribeAsync("Task");

        Assert.Equal(2, stub.Calls.Count);
    }

    [Fact]
    public async Task Server_error_on_task_creation_is_not_retried_to_avoid_duplicates()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json("""[{"message":"An unexpected error occurred.","errorCode":"UNKNOWN_EXCEPTION"}]""", HttpStatusCode.InternalServerError));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() => client.CreateTaskAsync(new SalesforceTask("00Q1", "Call", "2026-01-05", "Completed")));

        Assert.Equal("UNKNOWN_EXCEPTION", error.ErrorCode);
        Assert.Single(stub.Calls);
    }

    [Fact]
    public async Task Describe_parses_fields_picklists_and_references()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json("""
            {"name":"Task","label":"Task","createable":true,"fields":[
              {"name":"Type","label":"Type","type":"picklist","length":40,"nillable":true,"createable":true,"updateable":true,
               "picklistValues":[{"active":true,"defaultValue":false,"label":"Email","validFor":null,"value":"Email"},{"active":true,"defaultValue":false,"label":"Call","validFor":null,"value":"Call"}],"referenceTo":[]},
              {"name":"WhoId","label":"Name ID","type":"reference","length":18,"nillable":true,"createable":true,"updateable":true,"picklistValues":[],"referenceTo":["Contact","Lead"]}]}
            """));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        var describe = await client.DescribeAsync("Task");

        Assert.Equal("/services/data/v62.0/sobjects/Task/describe", stub.Calls.Single().Path);
        Assert.Equal(["Email", "Call"], describe.Fields.Single(f => f.Name == "Type").PicklistValues!.Select(p => p.Value));
        Assert.Equal(["Contact", "Lead"], describe.Fields.Single(f => f.Name == "WhoId").ReferenceTo);
    }

    [Fact]
    public async Task Task_creation_posts_api_field_names_and_reads_the_201_id()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json("""{"id":"00T5e00000AbCdEAAZ","success":true,"errors":[]}""", HttpStatusCode.Created));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        var id = await client.CreateTaskAsync(new SalesforceTask("003D000000QV9n2IAD", "Email: Hello", SalesforceTask.FormatDate(new DateOnly(2026, 1, 5)), "Completed", "Normal", "Email"));

        Assert.Equal("00T5e00000AbCdEAAZ", id);
        var call = stub.Calls.Single();
        Assert.Equal((HttpMethod.Post, "/services/data/v62.0/sobjects/Task/"), (call.Method, call.Path));
        using var body = JsonDocument.Parse(call.Body!);
        Assert.Equal("003D000000QV9n2IAD", body.RootElement.GetProperty("WhoId").GetString());
        Assert.Equal("2026-01-05", body.RootElement.GetProperty("ActivityDate").GetString());
        Assert.False(body.RootElement.TryGetProperty("WhatId", out _));
    }

    [Fact]
    public async Task Collections_are_sent_200_at_a_time_with_type_attributes_and_per_record_results()
    {
        var stub = new StubHttpHandler(call =>
        {
            using var body = JsonDocument.Parse(call.Body!);
            var count = body.RootElement.GetProperty("records").GetArrayLength();
            var items = Enumerable.Range(0, count).Select(i => i == 0
                ? """{"success":false,"errors":[{"statusCode":"INVALID_CROSS_REFERENCE_KEY","message":"invalid cross reference id","fields":["WhoId"]}]}"""
                : $$"""{"id":"00T{{i:D15}}","success":true,"errors":[]}""");
            return StubHttpHandler.Json("[" + string.Join(",", items) + "]");
        });
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);
        var records = Enumerable.Range(0, 250).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["Subject"] = "S" + i, ["WhoId"] = "003" }).ToList();

        var results = await client.CreateCollectionAsync("Task", records, allOrNone: false);

        Assert.Equal(2, stub.Calls.Count);
        using var first = JsonDocument.Parse(stub.Calls.First().Body!);
        Assert.False(first.RootElement.GetProperty("allOrNone").GetBoolean());
        Assert.Equal(200, first.RootElement.GetProperty("records").GetArrayLength());
        Assert.Equal("Task", first.RootElement.GetProperty("records")[0].GetProperty("attributes").GetProperty("type").GetString());
        Assert.Equal(250, results.Count);
        Assert.Equal("INVALID_CROSS_REFERENCE_KEY", results[200].Errors!.Single().StatusCode);
        Assert.True(results[1].Success);
    }

    [Fact]
    public async Task Bulk_query_job_is_created_polled_and_results_streamed_across_locator_pages()
    {
        var states = new Queue<string>(["UploadComplete", "InProgress", "JobComplete"]);
        var stub = new StubHttpHandler(call =>
        {
            if (call.Method == HttpMethod.Post)
            {
                return StubHttpHandler.Json("""
                    {"id":"750R0000000zlh9IAA","operation":"query","object":"Lead","createdById":"005R0000000GiwjIAC","createdDate":"2018-12-10T17:50:19.000+0000",
                     "systemModstamp":"2018-12-10T17:50:19.000+0000","state":"UploadComplete","concurrencyMode":"Parallel","contentType":"CSV","apiVersion":62.0,"lineEnding":"LF","columnDelimiter":"COMMA"}
                    """);
            }

            if (!call.Path.EndsWith("/results", StringComparison.Ordinal))
            {
                return StubHttpHandler.Json($$"""{"id":"750R0000000zlh9IAA","operation":"query","object":"Lead","state":"{{states.Dequeue()}}","concurrencyMode":"Parallel","contentType":"CSV","apiVersion":62.0,"numberRecordsProcessed":3,"retries":0,"totalProcessingTime":334}""");
            }

            var firstPage = call.Query("locator") is null;
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(firstPage ? "\"Id\",\"Name\"\n\"00Q1\",\"Ann\"\n\"00Q2\",\"Bo, Jr\"\n" : "\"Id\",\"Name\"\n\"00Q3\",\"\"\n", Encoding.UTF8, "text/csv"),
            };
            response.Headers.TryAddWithoutValidation("Sforce-Locator", firstPage ? "MTAwMDA" : "null");
            response.Headers.TryAddWithoutValidation("Sforce-NumberOfRecords", firstPage ? "2" : "1");
            return response;
        });
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var client = await provider.ClientAsync(store);

        var job = await client.CreateBulkQueryJobAsync("SELECT Id, Name FROM Lead");
        var done = await client.WaitForBulkQueryJobAsync(job.Id);
        var rows = await client.ReadBulkQueryResultsAsync(job.Id, maxRecordsPerPage: 2).ToListAsync();

        using var body = JsonDocument.Parse(stub.Calls.First().Body!);
        Assert.Equal(("query", "SELECT Id, Name FROM Lead"), (body.RootElement.GetProperty("operation").GetString(), body.RootElement.GetProperty("query").GetString()));
        Assert.Equal("/services/data/v62.0/jobs/query", stub.Calls.First().Path);
        Assert.Equal(("UploadComplete", "JobComplete", 3L), (job.State, done.State, done.NumberRecordsProcessed!.Value));
        Assert.Equal(["00Q1", "00Q2", "00Q3"], rows.Select(r => r["Id"]));
        Assert.Equal("Bo, Jr", rows[1]["Name"]);
        var results = stub.CallsTo("/results");
        Assert.Equal((null, "2"), (results[0].Query("locator"), results[0].Query("maxRecords")));
        Assert.Equal("MTAwMDA", results[1].Query("locator"));
    }
}
