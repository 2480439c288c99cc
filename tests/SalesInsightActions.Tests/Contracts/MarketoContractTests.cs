using System.Net;
using System.Text.Json;
using SalesInsightActions.Tests.Connections;
using SalesInsightActions.Tests.Connections.Marketo;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Marketo.Wire;
using static SalesInsightActions.Tests.Contracts.DocumentedSamples;

namespace SalesInsightActions.Tests.Contracts;

/// <summary>
/// Per Marketo endpoint: Adobe's documented example parses in our client with the documented values, and the
/// simulator answers the same call with (at least) the same shape.
/// </summary>
public sealed class MarketoContractTests(MarketoSimulatorFixture simulator) : IClassFixture<MarketoSimulatorFixture>
{
    private const string SimulatorCredentials = "client_id=sim-marketo-client-id&client_secret=sim-marketo-client-secret";

    [Fact]
    public async Task Identity_token_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(MarketoIdentityToken));
        await using var provider = MarketoTestHost.Build(stub);
        DateTimeOffset before = DateTimeOffset.UtcNow;

        MarketoAccessToken token = await provider.Client().GetTokenAsync();

        Assert.Equal("cdf01657-110d-4155-99a7-f986b2ff13a0:int", token.Value);
        Assert.InRange(token.ExpiresAt, before.AddSeconds(3599), DateTimeOffset.UtcNow.AddSeconds(3599));
        using HttpClient anonymous = simulator.Server.CreateClient();
        using HttpResponseMessage response = await anonymous.GetAsync($"identity/oauth/token?grant_type=client_credentials&{SimulatorCredentials}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonShape.AssertConforms(MarketoIdentityToken, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Identity_refusal_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(MarketoIdentityUnauthorized, HttpStatusCode.Unauthorized));
        await using var provider = MarketoTestHost.Build(stub);

        var error = await Assert.ThrowsAsync<MarketoAuthenticationException>(() => provider.Client().GetTokenAsync());

        Assert.Equal(("invalid_client", "Bad client credentials", (int?)401), (error.OAuthError, error.ErrorMessage, error.HttpStatus));
        using HttpClient anonymous = simulator.Server.CreateClient();
        using HttpResponseMessage response = await anonymous.GetAsync("identity/oauth/token?grant_type=client_credentials&client_id=sim-marketo-client-id&client_secret=wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonShape.AssertConforms(MarketoIdentityUnauthorized, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Describe_leads2_documented_sample_parses_and_simulator_matches_its_shape()
    {
        await using var provider = MarketoTestHost.Build(MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoDescribeLeads2)));

        LeadDescription description = await provider.Client().DescribeLeadsAsync();

        Assert.Equal("API Lead", description.Name);
        Assert.Equal(["createdAt", "email", "id", "sfdcLeadId"], description.SearchableFields!.Select(f => Assert.Single(f)));
        Assert.Equal(["createdAt", "email", "sfdcLeadId"], description.Fields.Select(f => f.Name));
        LeadField email = description.Fields[1];
        Assert.Equal(("Email Address", "email", (int?)255, true, false), (email.DisplayName, email.DataType, email.Length, email.Updateable, email.CrmManaged));
        Assert.Null(description.Fields[0].Length);
        Assert.True(description.Fields[2].CrmManaged);

        string actual = await simulator.GetAsync("rest/v1/leads/describe2.json");
        JsonShape.AssertConforms(MarketoDescribeLeads2, actual);
        using JsonDocument documented = JsonDocument.Parse(MarketoDescribeLeads2);
        using JsonDocument answered = JsonDocument.Parse(actual);
        JsonShape.AssertEachConformsByKey(
            documented.RootElement.GetProperty("result")[0].GetProperty("fields"),
            answered.RootElement.GetProperty("result")[0].GetProperty("fields"),
            "name",
            "$.result[0].fields");
    }

    [Fact]
    public async Task Leads_by_filter_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoLeadsByFilter));
        await using var provider = MarketoTestHost.Build(stub);

        List<MarketoLead> leads = await provider.Client().GetLeadsByFilterAsync("id", ["318581", "318592"]).ToListAsync();

        Assert.Equal([318581L, 318592L], leads.Select(l => l.Id));
        Assert.Equal(("Abraham", "Lincoln", "abe@usa.gov", "2016-05-17T22:11:45Z"),
            (leads[0].GetString("firstName"), leads[0].GetString("lastName"), leads[0].GetString("email"), leads[0].GetString("updatedAt")));
        Assert.Equal("george@usa.gov", leads[1].GetString("email"));
        Assert.Equal("318581,318592", Assert.Single(stub.CallsTo("/rest/v1/leads.json")).Query("filterValues"));

        JsonShape.AssertConforms(MarketoLeadsByFilter, await simulator.GetAsync("rest/v1/leads.json?filterType=id&filterValues=1,2"));
    }

    [Fact]
    public async Task Upsert_leads_documented_sample_parses_and_simulator_matches_its_shape()
    {
        await using var provider = MarketoTestHost.Build(MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoUpsertLeadsResult)));
        IReadOnlyList<IReadOnlyDictionary<string, object?>> input = [.. Enumerable.Range(1, 3).Select(i => new Dictionary<string, object?> { ["email"] = $"kjashaedd-{i}@klooblept.com" })];

        IReadOnlyList<MarketoRecordResult> results = await provider.Client().UpsertLeadsAsync(LeadUpsertAction.CreateOnly, "email", input);

        Assert.Equal([(50L, "created"), (51L, "created")], results.Take(2).Select(r => (r.Id!.Value, r.Status!)));
        Assert.True(results[2].IsSkipped);
        Assert.Null(results[2].Id);
        Assert.Equal(("1005", "Lead already exists"), (results[2].Problems[0].Code, results[2].Problems[0].Message));

        // Two new addresses and one that lead 1 already has: created, created, skipped 1005 — the documented outcome.
        using JsonDocument existing = JsonDocument.Parse(await simulator.GetAsync("rest/v1/leads.json?filterType=id&filterValues=1&fields=email"));
        string takenEmail = existing.RootElement.GetProperty("result")[0].GetProperty("email").GetString()!;
        string unique = Guid.NewGuid().ToString("N")[..8];
        string actual = await simulator.PostAsync("rest/v1/leads.json", $$"""
            {"action":"createOnly","lookupField":"email","input":[{"email":"contract-a-{{unique}}@example.com"},{"email":"contract-b-{{unique}}@example.com"},{"email":"{{takenEmail}}"}]}
            """);
        JsonShape.AssertConforms(MarketoUpsertLeadsResult, actual);
        AssertElementConforms(MarketoUpsertLeadsResult, actual, "result", 2);
    }

    [Fact]
    public async Task Paging_token_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoPagingToken));
        await using var provider = MarketoTestHost.Build(stub);

        string token = await provider.Client().GetPagingTokenAsync(new DateTimeOffset(2016, 9, 15, 10, 53, 0, TimeSpan.Zero));

        Assert.Equal("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ", token);
        Assert.Equal("2016-09-15T10:53:00Z", Assert.Single(stub.CallsTo("pagingtoken")).Query("sinceDatetime"));
        JsonShape.AssertConforms(MarketoPagingToken, await simulator.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2026-03-01T00%3A00%3A00Z"));
    }

    [Fact]
    public async Task Activities_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoActivities));
        await using var provider = MarketoTestHost.Build(stub);

        List<MarketoActivityPage> pages = await provider.Client().GetActivitiesAsync("WQV2VQVPPCKHC6AQYVK7JDSA3I3LCWXH3Y6IIZ7YSGQLXHCPVE5Q====", [1]).ToListAsync();

        MarketoActivityPage page = Assert.Single(pages);
        Assert.Equal(("WQV2VQVPPCKHC6AQYVK7JDSA3J62DUSJ3EXJGDPTKPEBFW3SAVUA====", false), (page.NextPageToken, page.MoreResult));
        MarketoActivity activity = Assert.Single(page.Activities);
        Assert.Equal((102988L, "102988", 1L, 1, (long?)71, "localhost/munchkintest2.html"),
            (activity.Id, activity.MarketoGuid, activity.LeadId, activity.ActivityTypeId, activity.PrimaryAttributeValueId, activity.PrimaryAttributeValue));
        Assert.Equal(new DateTimeOffset(2023, 1, 16, 23, 32, 19, TimeSpan.Zero), activity.ActivityDate);
        Assert.Equal(["Client IP Address", "Query Parameters", "Referrer URL", "User Agent", "Webpage URL"], activity.Attributes!.Select(a => a.Name));
        Assert.Equal("10.0.19.252", activity.Attributes![0].Value.GetString());
        Assert.Equal("WQV2VQVPPCKHC6AQYVK7JDSA3I3LCWXH3Y6IIZ7YSGQLXHCPVE5Q====", Assert.Single(stub.CallsTo("/rest/v1/activities.json")).Query("nextPageToken"));

        // Same request as the docs (type 1, Visit Webpage) from the start of the simulator's timeline, where activities exist.
        using JsonDocument since = JsonDocument.Parse(await simulator.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2026-03-01T00%3A00%3A00Z"));
        string start = since.RootElement.GetProperty("nextPageToken").GetString()!;
        JsonShape.AssertConforms(MarketoActivities, await simulator.GetAsync($"rest/v1/activities.json?activityTypeIds=1&nextPageToken={Uri.EscapeDataString(start)}"));
    }

    [Fact]
    public async Task Lead_changes_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoLeadChanges));
        await using var provider = MarketoTestHost.Build(stub);

        var pages = await provider.Client().GetLeadChangesAsync("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ", ["firstName", "lastName"]).ToListAsync();

        var change = Assert.Single(Assert.Single(pages).Changes);
        Assert.Equal((1L, "1", 6L, 12), (change.Id, change.MarketoGuid, change.LeadId, change.ActivityTypeId));
        Assert.Equal(new MarketoLeadChangeField(306, "firstName", "Anil", null), Assert.Single(change.Fields!));
        Assert.Equal("Web page visit", Assert.Single(change.Attributes!).Value.GetString());
        Assert.Equal("firstName,lastName", Assert.Single(stub.CallsTo("/rest/v1/activities/leadchanges.json")).Query("fields"));

        string start = await SimulatorTokenSinceAMinuteAgoAsync();
        await simulator.PostAsync("_sim/marketo/leads", """{"firstName":"Anil","lastName":"Kumar","email":"anil.kumar@contract.example"}""");
        JsonShape.AssertConforms(MarketoLeadChanges, await simulator.GetAsync($"rest/v1/activities/leadchanges.json?fields=firstName,lastName&nextPageToken={Uri.EscapeDataString(start)}"));
    }

    [Fact]
    public async Task Deleted_leads_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoDeletedLeads));
        await using var provider = MarketoTestHost.Build(stub);

        var pages = await provider.Client().GetDeletedLeadsAsync("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ").ToListAsync();

        var deleted = Assert.Single(Assert.Single(pages).Activities);
        Assert.Equal((2L, "2", 1L, 37, (long?)1, "Joe Smith"),
            (deleted.Id, deleted.MarketoGuid, deleted.LeadId, deleted.ActivityTypeId, deleted.PrimaryAttributeValueId, deleted.PrimaryAttributeValue));

        string start = await SimulatorTokenSinceAMinuteAgoAsync();
        using HttpResponseMessage removed = await simulator.Http.DeleteAsync("_sim/marketo/leads/77");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        JsonShape.AssertConforms(MarketoDeletedLeads, await simulator.GetAsync($"rest/v1/activities/deletedleads.json?nextPageToken={Uri.EscapeDataString(start)}"));
    }

    [Fact]
    public async Task Bulk_export_already_queued_documented_answer_is_success_for_the_client_and_the_simulator_says_the_same()
    {
        var stub = MarketoTestHost.Stub(call => call.Path.EndsWith("/enqueue.json", StringComparison.Ordinal)
            ? StubHttpHandler.Json(MarketoBulkExportAlreadyQueued)
            : StubHttpHandler.Json(MarketoBulkExportCreated.Replace("\"Created\"", "\"Queued\"", StringComparison.Ordinal)));
        await using var provider = MarketoTestHost.Build(stub);

        BulkExportJob job = await provider.Client().EnqueueLeadExportAsync("ce45a7a1-f19d-4ce2-882c-a3c795940a7d");

        Assert.Equal("Queued", job.Status);
        using JsonDocument created = JsonDocument.Parse(await simulator.PostAsync("bulk/v1/leads/export/create.json",
            """{"fields":["id"],"format":"CSV","filter":{"createdAt":{"startAt":"2024-01-01T00:00:00Z","endAt":"2024-01-01T01:00:00Z"}}}"""));
        string exportId = created.RootElement.GetProperty("result")[0].GetProperty("exportId").GetString()!;
        string again;
        // Keep the job queued long enough to enqueue it twice (the fixture runs jobs at once).
        await simulator.PostAsync("_sim/marketo/settings", """{"bulkQueuedSeconds":3600}""");
        try
        {
            await simulator.PostAsync($"bulk/v1/leads/export/{exportId}/enqueue.json", "");
            again = await simulator.PostAsync($"bulk/v1/leads/export/{exportId}/enqueue.json", "");
            await simulator.PostAsync($"bulk/v1/leads/export/{exportId}/cancel.json", "");
        }
        finally
        {
            await simulator.PostAsync("_sim/marketo/settings", """{"bulkQueuedSeconds":0}""");
        }

        JsonShape.AssertConforms(MarketoBulkExportAlreadyQueued, again);
        using JsonDocument againJson = JsonDocument.Parse(again);
        Assert.True(MarketoErrorCodes.IsJobAlreadyQueued("1029", againJson.RootElement.GetProperty("errors")[0].GetProperty("message").GetString()));
    }

    private async Task<string> SimulatorTokenSinceAMinuteAgoAsync()
    {
        string since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        using JsonDocument paging = JsonDocument.Parse(await simulator.GetAsync($"rest/v1/activities/pagingtoken.json?sinceDatetime={since}"));
        return paging.RootElement.GetProperty("nextPageToken").GetString()!;
    }

    [Fact]
    public async Task Activity_types_documented_sample_parses_and_simulator_matches_its_shape()
    {
        await using var provider = MarketoTestHost.Build(MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoActivityTypes)));

        ActivityType type = Assert.Single(await provider.Client().GetActivityTypesAsync());

        Assert.Equal((2, "Fill Out Form", "User fills out and submits form on web page"), (type.Id, type.Name, type.Description));
        Assert.Equal(("Webform ID", "integer"), (type.PrimaryAttribute!.Name, type.PrimaryAttribute.DataType));
        Assert.Equal(6, type.Attributes!.Count);
        Assert.Equal(("Form Fields", "text"), (type.Attributes[1].Name, type.Attributes[1].DataType));
        JsonShape.AssertConforms(MarketoActivityTypes, await simulator.GetAsync("rest/v1/activities/types.json"));
    }

    [Fact]
    public async Task Custom_activity_types_documented_sample_parses_and_simulator_matches_its_shape()
    {
        await using var provider = MarketoTestHost.Build(MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoCustomActivityTypes)));

        CustomActivityType type = Assert.Single(await provider.Client().GetCustomActivityTypesAsync());

        Assert.Equal((100001, "attendConference", "Attend Conference", "approved"), (type.Id, type.ApiName, type.Name, type.Status));
        Assert.Equal(("Attends Conference", "Attended Conference", "Attend the conference"), (type.TriggerName, type.FilterName, type.Description));
        Assert.Equal(new DateTimeOffset(2016, 2, 3, 22, 36, 23, TimeSpan.Zero), type.CreatedAt);
        JsonShape.AssertConforms(MarketoCustomActivityTypes, await simulator.GetAsync("rest/v1/activities/external/types.json"));
    }

    [Fact]
    public async Task Add_custom_activities_documented_sample_parses_and_simulator_matches_its_shape()
    {
        await using var provider = MarketoTestHost.Build(MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoAddCustomActivitiesResult)));
        var when = new DateTimeOffset(2016, 9, 26, 6, 56, 35, TimeSpan.FromHours(7));
        CustomActivity[] input = [new(1001, when, 1001, "Game Giveaway"), new(1200, when, 1001, "Game Giveaway"), new(3000, when, 1001, "Contest Form")];

        IReadOnlyList<MarketoRecordResult> results = await provider.Client().AddCustomActivitiesAsync(input);

        Assert.Equal([(50L, "50", "added"), (51L, "51", "added")], results.Take(2).Select(r => (r.Id!.Value, r.MarketoGuid!, r.Status!)));
        Assert.True(results[2].IsSkipped);
        Assert.Equal(("1004", "Lead not found"), (results[2].Problems[0].Code, results[2].Problems[0].Message));

        // Two known leads and one that does not exist: added, added, skipped 1004 — the documented outcome.
        string actual = await simulator.PostAsync("rest/v1/activities/external.json", $$"""
            {"input":[
              {"leadId":1,"activityDate":"2026-09-26T06:56:35+07:00","activityTypeId":{{simulator.CustomActivityTypeId}},"primaryAttributeValue":"Game Giveaway","attributes":[]},
              {"leadId":2,"activityDate":"2026-09-26T06:56:35+07:00","activityTypeId":{{simulator.CustomActivityTypeId}},"primaryAttributeValue":"Game Giveaway","attributes":[]},
              {"leadId":999999999,"activityDate":"2026-09-26T06:56:35+07:00","activityTypeId":{{simulator.CustomActivityTypeId}},"primaryAttributeValue":"Contest Form","attributes":[]}]}
            """);
        JsonShape.AssertConforms(MarketoAddCustomActivitiesResult, actual);
        AssertElementConforms(MarketoAddCustomActivitiesResult, actual, "result", 2);
    }

    [Fact]
    public async Task Bulk_export_create_documented_sample_parses_and_simulator_matches_its_shape()
    {
        await using var provider = MarketoTestHost.Build(MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoBulkExportCreated)));
        var range = new BulkExportDateRange(new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2017, 1, 31, 0, 0, 0, TimeSpan.Zero));

        BulkExportJob job = await provider.Client().CreateLeadExportAsync(["id", "email"], new BulkExportFilter(CreatedAt: range));

        Assert.Equal(("ce45a7a1-f19d-4ce2-882c-a3c795940a7d", "Created", "CSV"), (job.ExportId, job.Status, job.Format));
        Assert.Equal(new DateTimeOffset(2017, 1, 21, 11, 47, 30, TimeSpan.FromHours(-8)), job.CreatedAt);
        Assert.False(job.IsTerminal);
        JsonShape.AssertConforms(MarketoBulkExportCreated, await CreateSimulatorExportAsync());
    }

    [Fact]
    public async Task Bulk_export_completed_status_documented_sample_parses_and_simulator_matches_its_shape()
    {
        await using var provider = MarketoTestHost.Build(MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoBulkExportCompleted)));

        BulkExportJob job = await provider.Client().GetLeadExportStatusAsync("ce45a7a1-f19d-4ce2-882c-a3c795940a7d");

        Assert.True(job.IsCompleted);
        Assert.Equal((122323L, 123424L, "sha256:c16514c7e80fcac5ea055dacae9617fc3c29aff5365e3743071313ce0ed2a815"), (job.NumberOfRecords!.Value, job.FileSize!.Value, job.FileChecksum!));
        Assert.Equal(new DateTimeOffset(2017, 1, 21, 12, 59, 30, TimeSpan.FromHours(-8)), job.FinishedAt);

        using JsonDocument created = JsonDocument.Parse(await CreateSimulatorExportAsync());
        string exportId = created.RootElement.GetProperty("result")[0].GetProperty("exportId").GetString()!;
        await simulator.PostAsync($"bulk/v1/leads/export/{exportId}/enqueue.json", "");
        string completed = await Poll.UntilAsync(
            () => simulator.GetAsync($"bulk/v1/leads/export/{exportId}/status.json"),
            body => body.Contains("\"status\":\"Completed\"", StringComparison.Ordinal) || body.Contains("\"status\":\"Failed\"", StringComparison.Ordinal));
        JsonShape.AssertConforms(MarketoBulkExportCompleted, completed);
    }

    [Fact]
    public async Task Daily_usage_documented_sample_parses_and_simulator_matches_its_shape()
    {
        await using var provider = MarketoTestHost.Build(MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoDailyUsage)));

        MarketoUsage usage = (await provider.Client().GetUsageAsync())!;

        Assert.Equal(("2015-10-17", 1120L), (usage.Date, usage.Total));
        Assert.Equal([200L, 200L, 720L], usage.Users!.Select(u => u.Count));
        Assert.Equal("some.body@gmail.com", usage.Users![2].UserId);
        JsonShape.AssertConforms(MarketoDailyUsage, await simulator.GetAsync("rest/v1/stats/usage.json"));
    }

    [Fact]
    public async Task All_users_documented_sample_parses_and_simulator_matches_its_shape()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoAllUsers));
        await using var provider = MarketoTestHost.Build(stub);

        IReadOnlyList<MarketoUser> users = await provider.Client().GetUsersAsync();

        Assert.Equal([6785L, 7718L, 8612L], users.Select(u => u.Id));
        Assert.Equal(("jamie@lannister.com", "Jamie", "Lannister", "jamie@houselannister.com", false),
            (users[0].Userid, users[0].FirstName, users[0].LastName, users[0].EmailAddress, users[0].ApiOnly));
        Assert.Single(stub.CallsTo("/userservice/management/v1/users/allusers.json"));
        JsonShape.AssertConforms(MarketoAllUsers, await simulator.GetAsync("userservice/management/v1/users/allusers.json?pageOffset=0&pageSize=200"));
    }

    [Fact]
    public async Task Error_envelope_documented_sample_parses_and_simulator_matches_its_shape()
    {
        await using var provider = MarketoTestHost.Build(MarketoTestHost.Stub(_ => StubHttpHandler.Json(MarketoErrorEnvelope)));

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => provider.Client().GetLeadExportStatusAsync("no-such-export"));

        Assert.Equal(("610", "Requested resource not found", (int?)200, "e42b#14272d07d78"), (error.ErrorCode, error.ErrorMessage, error.HttpStatus, error.RequestId));
        Assert.Equal(MarketoErrorClassification.Fix, error.Classification);
        using HttpResponseMessage response = await simulator.Http.GetAsync("bulk/v1/leads/export/no-such-export/status.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonShape.AssertConforms(MarketoErrorEnvelope, await response.Content.ReadAsStringAsync());
    }

    private Task<string> CreateSimulatorExportAsync() => simulator.PostAsync("bulk/v1/leads/export/create.json", """
        {"fields":["id","email"],"format":"CSV","filter":{"createdAt":{"startAt":"2026-03-01T00:00:00Z","endAt":"2026-03-31T00:00:00Z"}}}
        """);

    /// <summary>The shape check only looks at first array elements; this one compares a later documented element too.</summary>
    private static void AssertElementConforms(string documented, string actual, string arrayMember, int index)
    {
        using JsonDocument expected = JsonDocument.Parse(documented);
        using JsonDocument got = JsonDocument.Parse(actual);
        JsonElement actualArray = got.RootElement.GetProperty(arrayMember);
        Assert.True(actualArray.GetArrayLength() > index, $"Expected at least {index + 1} items in {arrayMember}: {actual}");
        JsonShape.AssertConforms(expected.RootElement.GetProperty(arrayMember)[index], actualArray[index], $"$.{arrayMember}[{index}]");
    }
}
