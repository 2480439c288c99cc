using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

public sealed partial class SalesforceQueryTests
{
    [GeneratedRegex(@"^/services/data/v62\.0/query/01g[0-9A-Za-z]{15}-\d+$")]
    private static partial Regex NextRecordsUrlShape();

    [Fact]
    public async Task Query_pages_through_all_leads_with_batch_size_header_and_root_relative_next_records_url()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        var dataSet = server.Services.GetRequiredService<SeededDataSet>();
        var expectedLeadIds = dataSet.EnumeratePeople().Where(p => p.SalesforceKind == SalesforceRecordKind.Lead).Select(p => p.SalesforceLeadId!).ToList();
        Assert.True(expectedLeadIds.Count > 400, "the default data set should need several pages");

        JsonElement page = await SalesforceApi.JsonAsync(await api.QueryAsync("SELECT Id, Email, Owner.Email FROM Lead", batchSize: 200));
        var seen = new List<string>();
        int pages = 0;
        while (true)
        {
            pages++;
            Assert.Equal(expectedLeadIds.Count, page.GetProperty("totalSize").GetInt32());
            foreach (JsonElement record in page.GetProperty("records").EnumerateArray())
            {
                Assert.Equal("Lead", record.GetProperty("attributes").GetProperty("type").GetString());
                Assert.StartsWith("/services/data/v62.0/sobjects/Lead/00Q", record.GetProperty("attributes").GetProperty("url").GetString(), StringComparison.Ordinal);
                Assert.EndsWith("@sim-salesforce.example", record.GetProperty("Owner").GetProperty("Email").GetString(), StringComparison.Ordinal);
                seen.Add(record.GetProperty("Id").GetString()!);
            }
            if (page.GetProperty("done").GetBoolean())
            {
                Assert.False(page.TryGetProperty("nextRecordsUrl", out _));
                break;
            }
            Assert.Equal(200, page.GetProperty("records").GetArrayLength());
            string next = page.GetProperty("nextRecordsUrl").GetString()!;
            Assert.Matches(NextRecordsUrlShape(), next);
            page = await SalesforceApi.JsonAsync(await api.GetAsync(next));
        }

        Assert.Equal(expectedLeadIds, seen);
        Assert.Equal((expectedLeadIds.Count + 199) / 200, pages);
    }

    [Fact]
    public async Task Default_page_size_is_2000()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.DataSet.PersonCount = 6_000);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        JsonElement page = await SalesforceApi.JsonAsync(await api.QueryAsync("SELECT Id FROM Contact"));

        Assert.Equal(2000, page.GetProperty("records").GetArrayLength());
        Assert.False(page.GetProperty("done").GetBoolean());
        Assert.True(page.GetProperty("totalSize").GetInt32() > 2000);
    }

    [Theory]
    [InlineData("SELECT FROM Lead", "MALFORMED_QUERY")]
    [InlineData("SELECT Id FROM Lead WHERE", "MALFORMED_QUERY")]
    [InlineData("SELECT Id FROM Lead WHERE Email = 'unterminated", "MALFORMED_QUERY")]
    [InlineData("SELECT Id, NoSuchField FROM Lead", "INVALID_FIELD")]
    [InlineData("SELECT Id FROM NoSuchObject", "INVALID_TYPE")]
    [InlineData("SELECT Id FROM Lead WHERE CreatedDate > '2024-01-01'", "INVALID_QUERY_FILTER_OPERATOR")]
    public async Task Bad_soql_is_refused_with_a_400_error_array(string soql, string errorCode)
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        Assert.Equal(errorCode, await SalesforceApi.ErrorCodeAsync(await api.QueryAsync(soql), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Query_all_returns_deleted_rows_that_query_hides()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        using HttpClient control = server.CreateClient();
        string leadId = (await SalesforceApi.JsonAsync(await api.QueryAsync("SELECT Id FROM Lead ORDER BY Id LIMIT 1"))).GetProperty("records")[0].GetProperty("Id").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await control.DeleteAsync($"_sim/salesforce/records/{leadId}")).StatusCode);
        string soql = $"SELECT Id, IsDeleted FROM Lead WHERE Id = '{leadId}'";
        JsonElement live = await SalesforceApi.JsonAsync(await api.QueryAsync(soql));
        JsonElement all = await SalesforceApi.JsonAsync(await api.QueryAsync(soql, resource: "queryAll"));
        JsonElement deletedOnly = await SalesforceApi.JsonAsync(await api.QueryAsync("SELECT Id FROM Lead WHERE IsDeleted = true", resource: "queryAll"));

        Assert.Equal(0, live.GetProperty("totalSize").GetInt32());
        Assert.Equal(1, all.GetProperty("totalSize").GetInt32());
        Assert.True(all.GetProperty("records")[0].GetProperty("IsDeleted").GetBoolean());
        Assert.Equal(leadId, Assert.Single(deletedOnly.GetProperty("records").EnumerateArray()).GetProperty("Id").GetString());
    }

    [Fact]
    public async Task Where_supports_comparisons_in_like_and_or_datetimes_and_count()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        var dataSet = server.Services.GetRequiredService<SeededDataSet>();
        var leads = dataSet.EnumeratePeople().Where(p => p.SalesforceKind == SalesforceRecordKind.Lead).ToList();
        DateTimeOffset cutoff = leads[100].UpdatedAt;
        int expectedAfter = leads.Count(p => p.UpdatedAt > cutoff);
        string cutoffLiteral = cutoff.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        JsonElement count = await SalesforceApi.JsonAsync(await api.QueryAsync($"SELECT COUNT() FROM Lead WHERE LastModifiedDate > {cutoffLiteral}"));
        JsonElement inList = await SalesforceApi.JsonAsync(await api.QueryAsync($"SELECT Id FROM Lead WHERE Id IN ('{leads[0].SalesforceLeadId}', '{leads[5].SalesforceLeadId![..15]}')"));
        JsonElement like = await SalesforceApi.JsonAsync(await api.QueryAsync($"SELECT Id, Email FROM Lead WHERE Email LIKE '{leads[3].Email![..^3].ToUpperInvariant()}%' OR (Email = '{leads[7].Email}' AND IsConverted = false)"));

        Assert.Equal(expectedAfter, count.GetProperty("totalSize").GetInt32());
        Assert.Empty(count.GetProperty("records").EnumerateArray());
        Assert.Equal(2, inList.GetProperty("totalSize").GetInt32());
        var likeIds = like.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("Id").GetString()).ToHashSet();
        Assert.Contains(leads[3].SalesforceLeadId, likeIds);
        Assert.Contains(leads[7].SalesforceLeadId, likeIds);
    }

    [Fact]
    public async Task Order_by_and_limit_are_applied()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        JsonElement result = await SalesforceApi.JsonAsync(await api.QueryAsync("SELECT Id, Amount FROM Opportunity ORDER BY Amount DESC, Id LIMIT 5"));

        var amounts = result.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("Amount").GetDecimal()).ToList();
        Assert.Equal(5, result.GetProperty("totalSize").GetInt32());
        Assert.Equal(amounts.OrderByDescending(a => a).ToList(), amounts);
    }

    [Fact]
    public async Task Salesforce_ids_agree_with_the_marketo_side_of_the_data_set()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        var dataSet = server.Services.GetRequiredService<SeededDataSet>();
        Person contact = dataSet.EnumeratePeople().First(p => p.SalesforceKind == SalesforceRecordKind.Contact);
        Person lead = dataSet.EnumeratePeople().First(p => p.SalesforceKind == SalesforceRecordKind.Lead);

        JsonElement contactRow = (await SalesforceApi.JsonAsync(await api.QueryAsync($"SELECT Id, AccountId, OwnerId, Email, Account.Name FROM Contact WHERE Email = '{contact.Email}'"))).GetProperty("records")[0];
        JsonElement leadRow = (await SalesforceApi.JsonAsync(await api.QueryAsync($"SELECT Id, OwnerId, FirstName, LastName, Company FROM Lead WHERE Email = '{lead.Email}'"))).GetProperty("records")[0];
        JsonElement account = (await SalesforceApi.JsonAsync(await api.QueryAsync($"SELECT Id, Name FROM Account WHERE Id = '{contact.SalesforceAccountId}'"))).GetProperty("records")[0];

        Assert.Equal(contact.SalesforceContactId, contactRow.GetProperty("Id").GetString());
        Assert.Equal(contact.SalesforceAccountId, contactRow.GetProperty("AccountId").GetString());
        Assert.Equal(contact.SalesforceOwnerId, contactRow.GetProperty("OwnerId").GetString());
        Assert.Equal(account.GetProperty("Name").GetString(), contactRow.GetProperty("Account").GetProperty("Name").GetString());
        Assert.Equal(lead.SalesforceLeadId, leadRow.GetProperty("Id").GetString());
        Assert.Equal(lead.SalesforceOwnerId, leadRow.GetProperty("OwnerId").GetString());
        Assert.Equal(lead.FirstName, leadRow.GetProperty("FirstName").GetString());
        Assert.Equal(lead.Company, leadRow.GetProperty("Company").GetString());
    }

    [Fact]
    public async Task Changes_made_through_test_control_show_up_in_queries()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        using HttpClient control = server.CreateClient();
        JsonElement first = (await SalesforceApi.JsonAsync(await api.QueryAsync("SELECT Id, LastModifiedDate FROM Contact ORDER BY Id LIMIT 1"))).GetProperty("records")[0];
        string id = first.GetProperty("Id").GetString()!;

        HttpResponseMessage patch = await control.PatchAsync($"_sim/salesforce/records/{id}", new StringContent("{\"Title\":\"Chief Tester\"}", System.Text.Encoding.UTF8, "application/json"));
        JsonElement changed = (await SalesforceApi.JsonAsync(await api.QueryAsync($"SELECT Title, LastModifiedDate FROM Contact WHERE Id = '{id}'"))).GetProperty("records")[0];

        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal("Chief Tester", changed.GetProperty("Title").GetString());
        Assert.NotEqual(first.GetProperty("LastModifiedDate").GetString(), changed.GetProperty("LastModifiedDate").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$", changed.GetProperty("LastModifiedDate").GetString());
    }

    [Fact]
    public async Task Invalid_query_locator_is_refused()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        HttpResponseMessage response = await api.GetAsync("/services/data/v62.0/query/01g5g0000000000AAA-2000");

        Assert.Equal("INVALID_QUERY_LOCATOR", await SalesforceApi.ErrorCodeAsync(response, HttpStatusCode.BadRequest));
    }
}
