using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Connections;
using SalesInsightActions.Tests.Connections.Salesforce;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Connections.Salesforce.Wire;
using SimulatorOAuthClient = SalesInsightActions.Tests.Simulators.Salesforce.SalesforceOAuthClient;

namespace SalesInsightActions.Tests.Contracts;

/// <summary>
/// Per Salesforce endpoint: the documented example parses in our client with the documented values, and the simulator
/// answers the same call with (at least) the same shape.
/// </summary>
public sealed class SalesforceContractTests(SalesforceSimulatorFixture simulator) : IClassFixture<SalesforceSimulatorFixture>
{
    [Fact]
    public async Task Token_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceToken));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        var oauth = provider.GetRequiredService<ISalesforceOAuthClient>();
        SalesforceAuthorizationRequest request = oauth.BuildAuthorizationRequest(new Uri("https://app.example.com/salesforce/callback"));

        SalesforceTokens tokens = await oauth.ExchangeCodeAsync(request, "aPrxsmIEeqM9PiQroGEWx1UiMQd95_5JUZVEhsOFhS8EVvbfYBBJli2W5fn3zbo.8hojaNW_1g%3D%3D");

        Assert.StartsWith("00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7T", tokens.AccessToken, StringComparison.Ordinal);
        Assert.Equal("5Aep8614iLM.Dq661ePDmPEgaAW9Oh_L3JKkDpB4xReb54_pZebnUG0h6Sb4KUVDpNtWEofWM39yg==", tokens.RefreshToken);
        Assert.Equal((new Uri("https://na1.salesforce.com"), "00Dx0000000BV7z", "005x00000012Q9P"), (tokens.InstanceUrl, tokens.OrganizationId, tokens.UserId));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1278448101416), tokens.IssuedAt);
        Assert.Equal("id api refresh_token", tokens.Scope);
        JsonShape.AssertConforms(DocumentedSamples.SalesforceToken, simulator.Api.TokenResponse.GetRawText());
    }

    [Fact]
    public async Task Token_invalid_grant_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceTokenInvalidGrant, HttpStatusCode.BadRequest));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);

        var error = await Assert.ThrowsAsync<SalesforceOAuthException>(() => provider.GetRequiredService<ISalesforceOAuthClient>().RefreshAsync(SalesforceTestHost.Tokens()));

        Assert.Equal(("invalid_grant", "expired access/refresh token", 400), (error.Error, error.ErrorDescription, error.HttpStatus));
        Assert.True(error.RequiresReconnect);
        using var oauth = new SimulatorOAuthClient(simulator.Server.BaseUrl);
        (HttpStatusCode status, JsonElement body) = await oauth.RefreshAsync("5Aep861-not-a-refresh-token-the-simulator-issued");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        JsonShape.AssertConforms(DocumentedSamples.SalesforceTokenInvalidGrant, body.GetRawText());
    }

    [Fact]
    public async Task Identity_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceIdentity));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);

        SalesforceIdentity identity = await provider.GetRequiredService<ISalesforceOAuthClient>().GetIdentityAsync(SalesforceTestHost.Tokens());

        Assert.Equal(("005x00000012Q9P", "00Dx0000000BV7z", "admin@example.com", "Alan Van", "admin@example.com"),
            (identity.UserId, identity.OrganizationId, identity.Username, identity.DisplayName, identity.Email));
        Assert.Equal(("Alan", "Van", (bool?)true, "STANDARD"), (identity.FirstName, identity.LastName, identity.Active, identity.UserType));
        Assert.Equal("https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P", Assert.Single(stub.Calls).Uri.AbsoluteUri);

        string idUrl = simulator.Api.TokenResponse.GetProperty("id").GetString()!;
        string actual = await simulator.BodyAsync(simulator.Api.GetAsync(new Uri(idUrl).PathAndQuery));
        JsonShape.AssertConforms(DocumentedSamples.SalesforceIdentity, actual);
    }

    [Fact]
    public async Task Query_documented_pages_parse_and_simulator_matches_their_shape()
    {
        var stub = new StubHttpHandler(call => StubHttpHandler.Json(call.Path.EndsWith("/query", StringComparison.Ordinal) ? DocumentedSamples.SalesforceQueryFirstPage : DocumentedSamples.SalesforceQueryLastPage));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        ISalesforceClient client = await provider.ClientAsync(store);

        List<JsonElement> records = await client.QueryAsync("SELECT Id, Name FROM Contact").ToListAsync();

        Assert.Equal(["John Smith", "Jane Doe", "Ann Jones"], records.Select(r => r.GetProperty("Name").GetString()));
        Assert.Equal("003RO0000035WQgYAM", records[0].GetProperty("Id").GetString());
        Assert.Equal("https://na1.salesforce.com/services/data/v62.0/query/01gRO0000016PIAYA2-2", stub.Calls.ToList()[1].Uri.AbsoluteUri);

        // 201 rows in pages of 200: a first page with nextRecordsUrl, then a last page, like the documented pair.
        string first = await simulator.BodyAsync(simulator.Api.QueryAsync("SELECT Id, Name FROM Contact LIMIT 201", batchSize: 200));
        JsonShape.AssertConforms(DocumentedSamples.SalesforceQueryFirstPage, first);
        using JsonDocument firstPage = JsonDocument.Parse(first);
        string last = await simulator.BodyAsync(simulator.Api.GetAsync(firstPage.RootElement.GetProperty("nextRecordsUrl").GetString()!));
        JsonShape.AssertConforms(DocumentedSamples.SalesforceQueryLastPage, last);
    }

    [Fact]
    public async Task Task_describe_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceTaskDescribe)), store);
        ISalesforceClient client = await provider.ClientAsync(store);

        SObjectDescribe describe = await client.DescribeAsync("Task");

        Assert.Equal(("Task", "Task"), (describe.Name, describe.Label));
        Assert.Equal(["Id", "WhoId", "Status"], describe.Fields.Select(f => f.Name));
        SObjectField who = describe.Fields[1];
        Assert.Equal(("reference", 18, true, true, true), (who.Type, who.Length, who.Nillable, who.Createable, who.Updateable));
        Assert.Equal(["Contact", "Lead"], who.ReferenceTo!);
        SObjectPicklistValue notStarted = describe.Fields[2].PicklistValues![0];
        Assert.Equal(("Not Started", "Not Started", true, true), (notStarted.Value, notStarted.Label, notStarted.Active, notStarted.DefaultValue));
        Assert.False(describe.Fields[2].Nillable);

        string actual = await simulator.BodyAsync(simulator.Api.GetAsync($"{simulator.DataPath}sobjects/Task/describe"));
        JsonShape.AssertConforms(DocumentedSamples.SalesforceTaskDescribe, actual);
        using JsonDocument documented = JsonDocument.Parse(DocumentedSamples.SalesforceTaskDescribe);
        using JsonDocument answered = JsonDocument.Parse(actual);
        JsonShape.AssertEachConformsByKey(documented.RootElement.GetProperty("fields"), answered.RootElement.GetProperty("fields"), "name", "$.fields");
    }

    [Fact]
    public async Task Task_create_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceCreated, HttpStatusCode.Created));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        ISalesforceClient client = await provider.ClientAsync(store);

        string id = await client.CreateTaskAsync(new SalesforceTask("003RO0000035WQgYAM", "Call back about the webinar", "2026-11-30", "Not Started"));

        Assert.Equal("00T1k00000AbCdEEAV", id);
        Assert.Equal("/services/data/v62.0/sobjects/Task/", Assert.Single(stub.Calls).Path);

        string whoId = await simulator.FirstContactIdAsync();
        string actual = await simulator.BodyAsync(
            simulator.Api.PostJsonAsync($"{simulator.DataPath}sobjects/Task/", $$"""{"WhoId":"{{whoId}}","Subject":"Call back about the webinar","ActivityDate":"2026-11-30","Status":"Not Started"}"""),
            HttpStatusCode.Created);
        JsonShape.AssertConforms(DocumentedSamples.SalesforceCreated, actual);
    }

    [Fact]
    public async Task Composite_create_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceCompositeCreateResult)), store);
        ISalesforceClient client = await provider.ClientAsync(store);
        IReadOnlyList<IReadOnlyDictionary<string, object?>> tasks = [.. Enumerable.Range(0, 2).Select(i => new Dictionary<string, object?> { ["Subject"] = $"Email {i}", ["Status"] = "Completed" })];

        IReadOnlyList<SalesforceSaveResult> results = await client.CreateCollectionAsync("Task", tasks);

        Assert.Equal(("00T1k00000AbCdFEAV", true), (results[0].Id, results[0].Success));
        Assert.Empty(results[0].Errors!);
        Assert.False(results[1].Success);
        Assert.Null(results[1].Id);
        SalesforceRecordError error = Assert.Single(results[1].Errors!);
        Assert.Equal(("DUPLICATES_DETECTED", "Use one of these records?"), (error.StatusCode, error.Message));
        Assert.Empty(error.Fields!);

        // One valid Task and one the org refuses (a value outside the restricted Status picklist): success, then failure.
        string whoId = await simulator.FirstContactIdAsync();
        string actual = await simulator.BodyAsync(simulator.Api.PostJsonAsync($"{simulator.DataPath}composite/sobjects", $$"""
            {"allOrNone":false,"records":[
              {"attributes":{"type":"Task"},"WhoId":"{{whoId}}","Subject":"Email 0","Status":"Completed"},
              {"attributes":{"type":"Task"},"WhoId":"{{whoId}}","Subject":"Email 1","Status":"No such status"}]}
            """));
        JsonShape.AssertConforms(DocumentedSamples.SalesforceCompositeCreateResult, actual);
        using JsonDocument documented = JsonDocument.Parse(DocumentedSamples.SalesforceCompositeCreateResult);
        using JsonDocument answered = JsonDocument.Parse(actual);
        JsonShape.AssertConforms(documented.RootElement[1], answered.RootElement[1], "$[1]");
    }

    [Fact]
    public async Task Rest_error_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceRestError, HttpStatusCode.NotFound));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        ISalesforceClient client = await provider.ClientAsync(store);

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() => client.DescribeAsync("NoSuchObject__c"));

        Assert.Equal(("NOT_FOUND", "The requested resource does not exist", 404), (error.ErrorCode, error.ErrorMessage, error.HttpStatus));
        Assert.Empty(error.Fields);
        Assert.Single(stub.Calls);
        string actual = await simulator.BodyAsync(simulator.Api.GetAsync($"{simulator.DataPath}sobjects/NoSuchObject__c/describe"), HttpStatusCode.NotFound);
        JsonShape.AssertConforms(DocumentedSamples.SalesforceRestError, actual);
    }

    [Fact]
    public async Task Bulk_query_job_created_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceBulkQueryJobCreated));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store);
        ISalesforceClient client = await provider.ClientAsync(store);

        BulkQueryJob job = await client.CreateBulkQueryJobAsync("SELECT Id, Name FROM Account");

        Assert.Equal(("750R0000000zlh9IAA", "query", "Account", "UploadComplete", "CSV", (double?)46.0),
            (job.Id, job.Operation, job.Object, job.State, job.ContentType, job.ApiVersion));
        Assert.False(job.IsTerminal);
        JsonShape.AssertConforms(DocumentedSamples.SalesforceBulkQueryJobCreated, await CreateSimulatorBulkJobAsync());
    }

    [Fact]
    public async Task Bulk_query_job_complete_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceBulkQueryJobComplete)), store);
        ISalesforceClient client = await provider.ClientAsync(store);

        BulkQueryJob job = await client.GetBulkQueryJobAsync("750R0000000zlh9IAA");

        Assert.True(job.IsTerminal);
        Assert.Equal(("JobComplete", (long?)500, (int?)0, (double?)334), (job.State, job.NumberRecordsProcessed, job.Retries, job.TotalProcessingTime));

        using JsonDocument created = JsonDocument.Parse(await CreateSimulatorBulkJobAsync());
        string jobId = created.RootElement.GetProperty("id").GetString()!;
        string complete = await Poll.UntilAsync(
            () => simulator.BodyAsync(simulator.Api.GetAsync($"{simulator.DataPath}jobs/query/{jobId}")),
            body => body.Contains("\"state\":\"JobComplete\"", StringComparison.Ordinal) || body.Contains("\"state\":\"Failed\"", StringComparison.Ordinal));
        JsonShape.AssertConforms(DocumentedSamples.SalesforceBulkQueryJobComplete, complete);
    }

    // The product client has no limits call (usage comes from Sforce-Limit-Info), so only the simulator side is checked.
    [Fact]
    public async Task Limits_documented_sample_matches_the_simulator_shape()
    {
        JsonShape.AssertConforms(DocumentedSamples.SalesforceLimits, await simulator.BodyAsync(simulator.Api.GetAsync($"{simulator.DataPath}limits")));
    }

    private Task<string> CreateSimulatorBulkJobAsync() =>
        simulator.BodyAsync(simulator.Api.PostJsonAsync($"{simulator.DataPath}jobs/query", """{"operation":"query","query":"SELECT Id, Name FROM Account"}"""));

    [Fact]
    public async Task Concurrent_requests_limit_documented_sample_is_retried_then_typed_and_simulator_matches_its_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(DocumentedSamples.SalesforceConcurrentRequestsExceeded, HttpStatusCode.Forbidden));
        var store = new InMemorySalesforceTokenStore();
        await using var provider = SalesforceTestHost.Build(stub, store, new() { ["Salesforce:MaxRetryAttempts"] = "1" });
        ISalesforceClient client = await provider.ClientAsync(store);

        var error = await Assert.ThrowsAsync<SalesforceConcurrentRequestLimitException>(() => client.DescribeAsync("Task"));

        Assert.Equal("ConcurrentRequests (Concurrent API Requests) Limit exceeded.", error.ErrorMessage);
        Assert.Equal(2, stub.CallsTo("/services/data/").Count);
        using HttpClient control = simulator.Server.CreateClient();
        using HttpResponseMessage scripted = await control.PostAsync("_sim/salesforce/request-limits",
            new StringContent("""{"nextConcurrentLimitErrors":1}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, scripted.StatusCode);
        string actual = await simulator.BodyAsync(simulator.Api.GetAsync($"{simulator.DataPath}sobjects/Task/describe"), HttpStatusCode.Forbidden);
        JsonShape.AssertConforms(DocumentedSamples.SalesforceConcurrentRequestsExceeded, actual);
    }
}
