using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using Microsoft.Extensions.Time.Testing;

using SalesInsightActions.Simulators.Marketo;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

public sealed class MarketoBulkExportTests
{
    private const string CreateBody = """
        {"fields":["id","email","phone","sfdcContactId"],"format":"CSV","filter":{"updatedAt":{"startAt":"2026-03-01T00:00:00Z","endAt":"2026-03-02T00:00:00Z"}}}
        """;

    [Fact]
    public async Task Export_moves_through_queued_and_processing_to_completed_and_serves_the_file_with_ranges()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatorServer server = await SimulatorServer.StartAsync(o =>
        {
            o.Marketo.LimitsEnabled = false;
            o.Marketo.BulkQueuedSeconds = 2;
            o.Marketo.BulkProcessingSeconds = 3;
        }, time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string exportId = Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json", CreateBody))[0].GetProperty("exportId").GetString()!;

        using HttpResponseMessage early = await http.GetAsync($"bulk/v1/leads/export/{exportId}/file.json");
        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        Assert.Equal("Queued", Result(await PostJsonAsync(http, $"bulk/v1/leads/export/{exportId}/enqueue.json", ""))[0].GetProperty("status").GetString());

        // Queue and processing times follow the simulator clock; only the file writing itself runs in real time.
        string StatusOf(JsonDocument envelope) => Result(envelope)[0].GetProperty("status").GetString()!;
        using JsonDocument stillQueued = await GetJsonAsync(http, $"bulk/v1/leads/export/{exportId}/status.json");
        clock.Advance(TimeSpan.FromSeconds(2));
        using JsonDocument processing = await GetJsonAsync(http, $"bulk/v1/leads/export/{exportId}/status.json");
        clock.Advance(TimeSpan.FromSeconds(3));
        JsonElement status = await Poll.UntilAsync(
            async () =>
            {
                using JsonDocument envelope = await GetJsonAsync(http, $"bulk/v1/leads/export/{exportId}/status.json");
                return Result(envelope)[0].Clone();
            },
            s => s.GetProperty("status").GetString() is "Completed" or "Failed");

        Assert.Equal("Queued", StatusOf(stillQueued));
        Assert.Equal("Processing", StatusOf(processing));
        Assert.Equal("Completed", status.GetProperty("status").GetString());
        byte[] file = await http.GetByteArrayAsync($"bulk/v1/leads/export/{exportId}/file.json");
        string[] lines = Encoding.UTF8.GetString(file).TrimEnd('\n').Split('\n');
        Assert.Equal("id,email,phone,sfdcContactId", lines[0]);
        Assert.Equal(2500, status.GetProperty("numberOfRecords").GetInt64());
        Assert.Equal(2501, lines.Length);
        Assert.Contains(lines, l => l.Contains(",null", StringComparison.Ordinal));
        Assert.Equal(file.Length, status.GetProperty("fileSize").GetInt64());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(file)), status.GetProperty("fileChecksum").GetString());

        using HttpRequestMessage ranged = new(HttpMethod.Get, $"bulk/v1/leads/export/{exportId}/file.json");
        ranged.Headers.Range = new RangeHeaderValue(0, 99);
        using HttpResponseMessage partial = await http.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 0-99/{file.Length}", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(file.AsSpan(0, 100).ToArray(), await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Filter_over_31_days_is_refused_and_eleventh_queued_job_answers_1029()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Marketo.BulkQueuedSeconds = 3600);
        using HttpClient http = await CreateAuthorizedClientAsync(server);

        Assert.Equal("1003", FirstErrorCode(await PostJsonAsync(http, "bulk/v1/leads/export/create.json",
            """{"fields":["id"],"format":"CSV","filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-02-15T00:00:00Z"}}}""")));
        for (int i = 0; i < 10; i++)
        {
            string id = Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json", CreateBody))[0].GetProperty("exportId").GetString()!;
            Result(await PostJsonAsync(http, $"bulk/v1/leads/export/{id}/enqueue.json", ""));
        }
        string eleventh = Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json", CreateBody))[0].GetProperty("exportId").GetString()!;

        Assert.Equal("1029", FirstErrorCode(await PostJsonAsync(http, $"bulk/v1/leads/export/{eleventh}/enqueue.json", "")));
        JsonElement cancelled = Result(await PostJsonAsync(http, $"bulk/v1/leads/export/{eleventh}/cancel.json", ""))[0];
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Queued_jobs_run_on_the_clock_without_being_polled_and_carry_the_times_they_ran()
    {
        var start = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(o =>
        {
            o.Marketo.BulkQueuedSeconds = 60;
            o.Marketo.BulkProcessingSeconds = 120;
        }, time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string exportId = Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json", CreateBody))[0].GetProperty("exportId").GetString()!;
        Result(await PostJsonAsync(http, $"bulk/v1/leads/export/{exportId}/enqueue.json", ""));

        // Nobody asks for 10 minutes: the clock alone moves the job.
        for (int minute = 0; minute < 10; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        MarketoBulkExportStore store = server.GetRequiredService<MarketoBulkExportStore>();
        await Poll.UntilAsync(() => Task.FromResult(store.All().Single().Status), status => status == "Completed");
        JsonElement status = Result(await GetJsonAsync(http, $"bulk/v1/leads/export/{exportId}/status.json"))[0];

        Assert.Equal("Completed", status.GetProperty("status").GetString());
        Assert.Equal("2026-06-01T12:01:00Z", status.GetProperty("startedAt").GetString());
        Assert.Equal("2026-06-01T12:03:00Z", status.GetProperty("finishedAt").GetString());
    }

    [Fact]
    public async Task Status_is_refreshed_at_most_once_a_minute_when_configured_like_marketo()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using SimulatorServer server = await SimulatorServer.StartAsync(o =>
        {
            o.Marketo.BulkQueuedSeconds = 1;
            o.Marketo.BulkProcessingSeconds = 1;
            o.Marketo.BulkStatusRefreshSeconds = 60;
        }, time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string exportId = Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json", CreateBody))[0].GetProperty("exportId").GetString()!;
        Result(await PostJsonAsync(http, $"bulk/v1/leads/export/{exportId}/enqueue.json", ""));
        MarketoBulkExportStore store = server.GetRequiredService<MarketoBulkExportStore>();

        clock.Advance(TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => Task.FromResult(store.Find(exportId)!.Status), status => status == "Completed");
        string stale = Result(await GetJsonAsync(http, $"bulk/v1/leads/export/{exportId}/status.json"))[0].GetProperty("status").GetString()!;
        clock.Advance(TimeSpan.FromSeconds(55));
        string fresh = Result(await GetJsonAsync(http, $"bulk/v1/leads/export/{exportId}/status.json"))[0].GetProperty("status").GetString()!;

        Assert.Equal("Queued", stale);
        Assert.Equal("Completed", fresh);
    }

    [Fact]
    public async Task Enqueue_of_a_queued_job_answers_1029_already_queued_and_processing_jobs_count_toward_the_ten()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using SimulatorServer server = await SimulatorServer.StartAsync(o =>
        {
            o.Marketo.BulkQueuedSeconds = 0;
            o.Marketo.BulkProcessingSeconds = 3600;
        }, time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        List<string> ids = [];
        for (int i = 0; i < 10; i++)
        {
            ids.Add(Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json", CreateBody))[0].GetProperty("exportId").GetString()!);
            Result(await PostJsonAsync(http, $"bulk/v1/leads/export/{ids[^1]}/enqueue.json", ""));
        }
        string eleventh = Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json", CreateBody))[0].GetProperty("exportId").GetString()!;

        using JsonDocument again = await PostJsonAsync(http, $"bulk/v1/leads/export/{ids[0]}/enqueue.json", "");
        using JsonDocument full = await PostJsonAsync(http, $"bulk/v1/leads/export/{eleventh}/enqueue.json", "");
        JsonElement all = Result(await GetJsonAsync(http, "bulk/v1/leads/export.json"));

        Assert.Equal("1029", FirstErrorCode(again));
        Assert.Contains("already queued", again.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1029", FirstErrorCode(full));
        Assert.Equal(2, all.EnumerateArray().Count(j => j.GetProperty("status").GetString() == "Processing"));
    }

    [Fact]
    public async Task Daily_export_bytes_used_up_answers_1029_quota_until_central_midnight()
    {
        // 2026-06-01 12:00 UTC is 07:00 CDT; the next reset is 2026-06-02 05:00 UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using SimulatorServer server = await SimulatorServer.StartAsync(o =>
        {
            o.Marketo.BulkQueuedSeconds = 0;
            o.Marketo.BulkProcessingSeconds = 0;
            o.Marketo.BulkDailyExportBytes = 100;
        }, time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string first = Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json", CreateBody))[0].GetProperty("exportId").GetString()!;
        Result(await PostJsonAsync(http, $"bulk/v1/leads/export/{first}/enqueue.json", ""));
        await Poll.UntilAsync(async () => Result(await GetJsonAsync(http, $"bulk/v1/leads/export/{first}/status.json"))[0].GetProperty("status").GetString(), s => s == "Completed");
        string second = Result(await PostJsonAsync(http, "bulk/v1/leads/export/create.json", CreateBody))[0].GetProperty("exportId").GetString()!;

        using JsonDocument refused = await PostJsonAsync(http, $"bulk/v1/leads/export/{second}/enqueue.json", "");
        clock.Advance(TimeSpan.FromHours(17));
        using HttpClient nextDay = await CreateAuthorizedClientAsync(server);
        JsonElement accepted = Result(await PostJsonAsync(nextDay, $"bulk/v1/leads/export/{second}/enqueue.json", ""))[0];

        Assert.Equal("1029", FirstErrorCode(refused));
        Assert.Contains("quota", refused.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(accepted.GetProperty("status").GetString(), new[] { "Queued", "Processing" });
    }
}
