using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

public sealed class SalesforceBulkQueryTests
{
    [Fact]
    public async Task Bulk_query_job_moves_to_job_complete_and_results_page_with_locator_until_null()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Salesforce.BulkJobStepMilliseconds = 300, time: clock);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        var expected = server.Services.GetRequiredService<SeededDataSet>().EnumeratePeople()
            .Where(p => p.SalesforceKind == SalesforceRecordKind.Contact).Select(p => p.SalesforceContactId!).ToList();

        JsonElement job = await SalesforceApi.JsonAsync(await api.PostJsonAsync("services/data/v62.0/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id, Email, Owner.Email FROM Contact\"}"));
        string jobId = job.GetProperty("id").GetString()!;
        Assert.StartsWith("750", jobId, StringComparison.Ordinal);
        Assert.Equal("UploadComplete", job.GetProperty("state").GetString());
        Assert.Equal("Contact", job.GetProperty("object").GetString());

        HttpResponseMessage early = await api.GetAsync($"services/data/v62.0/jobs/query/{jobId}/results");
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);

        // The job's state is a function of the simulator clock: step it instead of sleeping.
        var states = new List<string>();
        JsonElement status = default;
        for (int step = 0; step < 3; step++)
        {
            status = await SalesforceApi.JsonAsync(await api.GetAsync($"services/data/v62.0/jobs/query/{jobId}"));
            states.Add(status.GetProperty("state").GetString()!);
            clock.Advance(TimeSpan.FromMilliseconds(300));
        }
        Assert.Equal(["UploadComplete", "InProgress", "JobComplete"], states);
        Assert.Equal(expected.Count, status.GetProperty("numberRecordsProcessed").GetInt32());

        var ids = new List<string>();
        string? locator = null;
        int pages = 0;
        while (true)
        {
            string url = $"services/data/v62.0/jobs/query/{jobId}/results?maxRecords=300" + (locator is null ? "" : $"&locator={locator}");
            HttpResponseMessage page = await api.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/csv", page.Content.Headers.ContentType!.MediaType);
            string[] lines = (await page.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("\"Id\",\"Email\",\"Owner.Email\"", lines[0]);
            Assert.Equal((lines.Length - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), page.Headers.GetValues("Sforce-NumberOfRecords").Single());
            ids.AddRange(lines.Skip(1).Select(l => l.Split(',')[0].Trim('"')));
            pages++;
            locator = page.Headers.GetValues("Sforce-Locator").Single();
            if (locator == "null")
            {
                break;
            }
        }

        Assert.Equal(expected, ids);
        Assert.Equal((expected.Count + 299) / 300, pages);
    }

    [Fact]
    public async Task Bulk_query_all_includes_deleted_rows_and_bad_soql_is_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        using HttpClient control = server.CreateClient();
        string accountId = server.Services.GetRequiredService<SeededDataSet>().GetAccount(0).Id;
        await control.DeleteAsync($"_sim/salesforce/records/{accountId}");

        JsonElement job = await SalesforceApi.JsonAsync(await api.PostJsonAsync("services/data/v62.0/jobs/query", $"{{\"operation\":\"queryAll\",\"query\":\"SELECT Id, IsDeleted FROM Account WHERE Id = '{accountId}'\"}}"));
        HttpResponseMessage bad = await api.PostJsonAsync("services/data/v62.0/jobs/query", "{\"operation\":\"query\",\"query\":\"SELEC Id FROM Account\"}");
        string jobId = job.GetProperty("id").GetString()!;
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("JobComplete", (await SalesforceApi.JsonAsync(await api.GetAsync($"services/data/v62.0/jobs/query/{jobId}"))).GetProperty("state").GetString());
        string csv = await (await api.GetAsync($"services/data/v62.0/jobs/query/{jobId}/results")).Content.ReadAsStringAsync();

        Assert.Equal($"\"Id\",\"IsDeleted\"\n\"{accountId}\",\"true\"\n", csv);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
