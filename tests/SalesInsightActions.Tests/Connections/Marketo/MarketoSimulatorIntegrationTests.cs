using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Tests.Connections.Marketo;

/// <summary>The product's Marketo client against the Marketo simulator over real HTTP (Kestrel on 127.0.0.1).</summary>
public sealed class MarketoSimulatorIntegrationTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await SimulatorServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private (ServiceProvider Provider, IMarketoClient Client, RequestCounter Sent) Connect(Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Marketo:RetryBaseDelay"] = "00:00:00.050", ["Marketo:BulkExportPollInterval"] = "00:00:00.200" };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMarketoClient(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var sent = new RequestCounter();
        services.AddHttpClient("Marketo").AddHttpMessageHandler(() => sent);
        var provider = services.BuildServiceProvider();
        var connection = new MarketoConnection(_server.BaseUrl, "sim-marketo-client-id", "sim-marketo-client-secret");
        return (provider, provider.GetRequiredService<IMarketoClientFactory>().Create(connection), sent);
    }

    [Fact]
    public async Task Token_expiring_in_the_middle_of_paging_is_refreshed_and_paging_completes()
    {
        var (provider, client, _) = Connect();
        await using var _ = provider;
        var ids = Enumerable.Range(1, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var leads = new List<MarketoLead>();

        await foreach (var lead in client.GetLeadsByFilterAsync("id", ids, ["email", "firstName"], batchSize: 100))
        {
            leads.Add(lead);
            if (leads.Count == 100)
            {
                await _server.PostAsync("_sim/marketo/tokens/expire", new { });
            }
        }

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), leads.Select(l => l.Id).Order());
        Assert.Equal(2, provider.GetRequiredService<MarketoTokenCache>().TokensFetched);
    }

    [Fact]
    public async Task Short_lived_tokens_are_replaced_before_they_expire_during_paging()
    {
        await _server.PostAsync("_sim/marketo/settings", new { tokenLifetimeSeconds = 2 });
        var (provider, client, _) = Connect(new() { ["Marketo:TokenRefreshMargin"] = "00:00:01" });
        await using var _ = provider;
        var ids = Enumerable.Range(1, 90).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var count = 0;

        await foreach (var lead in client.GetLeadsByFilterAsync("id", ids, batchSize: 30))
        {
            if (++count % 30 == 0)
            {
                await Task.Delay(1200);
            }
        }

        Assert.Equal(90, count);
        Assert.True(provider.GetRequiredService<MarketoTokenCache>().TokensFetched >= 2);
    }

    [Fact]
    public async Task Burst_of_400_concurrent_calls_never_provokes_606_or_615()
    {
        // A 2 s window keeps the test short; the proportions are Marketo's (100 per window, 10 in flight).
        await _server.PostAsync("_sim/marketo/limits", new { enabled = true, callsPerWindow = 100, windowSeconds = 2, maxConcurrentCalls = 10, dailyQuota = 50_000, dailyUsed = 0 });
        // Retries off: any 606/615 from the simulator would surface as a failed call.
        var (provider, client, sent) = Connect(new()
        {
            ["Marketo:VendorCallsPerWindow"] = "100",
            ["Marketo:RateWindow"] = "00:00:02",
            ["Marketo:MaxRetryAttempts"] = "0",
        });
        await using var _ = provider;
        var second = provider.GetRequiredService<IMarketoClientFactory>().Create(client.Connection);
        var before = await _server.MarketoDailyCountAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => (i % 2 == 0 ? client : second).GetActivityTypesAsync()));

        Assert.All(results, types => Assert.NotEmpty(types));
        Assert.Equal(400, sent.Count);
        Assert.Equal(400, await _server.MarketoDailyCountAsync() - before);
    }

    [Fact]
    public async Task Daily_quota_607_stops_cleanly_and_later_calls_never_reach_marketo()
    {
        await _server.PostAsync("_sim/marketo/limits", new { dailyQuota = 3, dailyUsed = 0 });
        var (provider, client, sent) = Connect();
        await using var _ = provider;

        for (var i = 0; i < 3; i++)
        {
            await client.GetActivityTypesAsync();
        }

        var stop = await Assert.ThrowsAsync<MarketoDailyQuotaExceededException>(() => client.GetActivityTypesAsync());
        var sentAtStop = sent.Count;
        var again = await Assert.ThrowsAsync<MarketoDailyQuotaExceededException>(() => client.DescribeLeadsAsync());

        Assert.True(stop.ReportedByMarketo);
        Assert.Equal(4, sentAtStop);
        Assert.Equal(sentAtStop, sent.Count);
        Assert.Equal(stop.ResetsAt, again.ResetsAt);
        var central = TimeZoneInfo.ConvertTime(stop.ResetsAt, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));
        Assert.Equal(TimeSpan.Zero, central.TimeOfDay);
        Assert.InRange(stop.ResetsAt - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromHours(25));
    }

    [Fact]
    public async Task Injected_5xx_and_transient_marketo_errors_are_retried_and_the_call_succeeds()
    {
        var (provider, client, sent) = Connect();
        await using var _ = provider;
        // Token first, so the scripted faults all land on the REST call.
        await client.GetTokenAsync();
        await _server.PostAsync("_sim/faults", new { nextHttpStatuses = new[] { 502, 503 }, nextMarketoErrors = new[] { "604", "615" } });

        var description = await client.DescribeLeadsAsync();

        Assert.Contains(description.Fields, f => f.Name == "email");
        Assert.Equal(5, sent.Count);
    }

    [Theory]
    [InlineData("1003")]
    [InlineData("1006")]
    [InlineData("610")]
    public async Task Non_retryable_marketo_errors_are_sent_once_and_surface_typed(string code)
    {
        var (provider, client, sent) = Connect();
        await using var _ = provider;
        await client.GetTokenAsync();
        await _server.PostAsync("_sim/faults", new { nextMarketoErrors = new[] { code } });

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => client.GetActivityTypesAsync());

        Assert.Equal((code, MarketoErrorClassification.Fix), (error.ErrorCode, error.Classification));
        Assert.Equal(1, sent.Count);
    }

    [Fact]
    public async Task Unknown_field_is_reported_as_1006_by_the_real_lookup_without_retry()
    {
        var (provider, client, sent) = Connect();
        await using var _ = provider;

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => client.GetLeadsByFilterAsync("id", ["1"], ["noSuchField"]).ToListAsync().AsTask());

        Assert.Equal("1006", error.ErrorCode);
        Assert.Equal(1, sent.Count);
    }

    [Fact]
    public async Task Activities_page_to_the_end_through_short_and_empty_pages()
    {
        var (provider, client, _) = Connect();
        await using var _ = provider;
        var types = await client.GetActivityTypesAsync();
        var token = await client.GetPagingTokenAsync(DateTimeOffset.UtcNow.AddDays(-1));

        var pages = await client.GetActivitiesAsync(token, types.Take(10).Select(t => t.Id).ToList(), batchSize: 100).ToListAsync();

        Assert.False(pages[^1].MoreResult);
        Assert.All(pages[..^1], p => Assert.True(p.MoreResult));
        Assert.Equal(pages.Sum(p => p.Activities.Count), pages.SelectMany(p => p.Activities).Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public async Task Bulk_export_completes_and_its_file_streams_every_record()
    {
        await _server.PostAsync("_sim/marketo/settings", new { bulkQueuedSeconds = 0.2, bulkProcessingSeconds = 0.3 });
        var (provider, client, _) = Connect();
        await using var _ = provider;

        var job = await client.CreateLeadExportAsync(["id", "email", "sfdcLeadId"], new BulkExportFilter(CreatedAt: new BulkExportDateRange(
            new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 1, 1, 0, 0, TimeSpan.Zero))));
        await client.EnqueueLeadExportAsync(job.ExportId);
        var done = await client.WaitForLeadExportAsync(job.ExportId);
        var rows = await client.ReadLeadExportRowsAsync(job.ExportId).ToListAsync();

        Assert.True(done.IsCompleted, done.Status);
        Assert.Equal(done.NumberOfRecords, rows.Count);
        Assert.True(rows.Count > 100);
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r["email"])));
        Assert.Contains(rows, r => r["sfdcLeadId"] is null);
    }

    [Fact]
    public async Task Custom_activity_type_is_created_approved_and_receives_activities_in_order()
    {
        var (provider, client, _) = Connect();
        await using var _ = provider;

        var draft = await client.CreateCustomActivityTypeAsync(new CreateCustomActivityTypeRequest(
            "sendSalesEmail", "Send Sales Email", "Sends Sales Email", "Sent Sales Email", new CustomActivityTypeAttribute("subject", "Subject", "string")));
        await client.AddCustomActivityTypeAttributesAsync("sendSalesEmail", [new CustomActivityTypeAttribute("sentBy", "Sent By", "string")]);
        var approved = await client.ApproveCustomActivityTypeAsync("sendSalesEmail");
        var results = await client.AddCustomActivitiesAsync([
            new CustomActivity(1, DateTimeOffset.UtcNow, approved.Id, "Hello", [new CustomActivityAttributeValue("sentBy", "rep@example.com")]),
            new CustomActivity(999_999_999, DateTimeOffset.UtcNow, approved.Id, "Nobody"),
            new CustomActivity(2, DateTimeOffset.UtcNow, approved.Id, "Hi again"),
        ]);

        Assert.Equal("draft", draft.Status);
        Assert.Contains(await client.GetCustomActivityTypesAsync(), t => t.ApiName == "sendSalesEmail" && t.Attributes!.Any(a => a.ApiName == "sentBy"));
        Assert.Equal(["added", "skipped", "added"], results.Select(r => r.Status));
        Assert.NotEmpty(results[1].Problems);
        Assert.False(string.IsNullOrEmpty(results[0].MarketoGuid));
        var recorded = await _server.GetJsonAsync("_sim/marketo/activities");
        Assert.Equal(2, recorded.GetArrayLength());
    }

    [Fact]
    public async Task Added_custom_activities_are_read_back_through_get_lead_activities_under_their_type()
    {
        var (provider, client, _) = Connect();
        await using var _ = provider;
        await client.CreateCustomActivityTypeAsync(new CreateCustomActivityTypeRequest(
            "logSalesCall", "Sales Call Received", "Logs a call", "Received Sales Call", new CustomActivityTypeAttribute("outcome", "Outcome", "string")));
        await client.AddCustomActivityTypeAttributesAsync("logSalesCall", [new CustomActivityTypeAttribute("duration", "Call Duration", "integer")]);
        var approved = await client.ApproveCustomActivityTypeAsync("logSalesCall");
        var token = await client.GetPagingTokenAsync(DateTimeOffset.UtcNow.AddMinutes(-5));
        var added = await client.AddCustomActivitiesAsync([
            new CustomActivity(3, DateTimeOffset.UtcNow.AddMinutes(-1), approved.Id, "Connected", [new CustomActivityAttributeValue("duration", "120")]),
            new CustomActivity(4, DateTimeOffset.UtcNow.AddMinutes(-1), approved.Id, "Voicemail"),
        ]);

        var read = (await client.GetActivitiesAsync(token, [approved.Id], leadIds: [3, 4]).ToListAsync()).SelectMany(p => p.Activities).ToList();

        Assert.Equal(added.Select(r => r.Id), read.Select(a => (long?)a.Id));
        Assert.Equal(added.Select(r => r.MarketoGuid), read.Select(a => a.MarketoGuid));
        Assert.All(read, a => Assert.Equal(approved.Id, a.ActivityTypeId));
        Assert.Equal(["Connected", "Voicemail"], read.Select(a => a.PrimaryAttributeValue));
        Assert.Equal("120", read[0].Attributes!.Single(a => a.Name == "Call Duration").Value.GetString());
    }

    [Fact]
    public async Task Admin_users_are_listed_from_user_management()
    {
        var (provider, client, _) = Connect();
        await using var _ = provider;

        var admins = await client.GetAdminUsersAsync();

        Assert.Contains(admins, a => a.User.EmailAddress!.StartsWith("marta.admin@", StringComparison.Ordinal));
        Assert.DoesNotContain(admins, a => a.User.ApiOnly);
        Assert.DoesNotContain(admins, a => a.User.EmailAddress!.StartsWith("ivy.viewer@", StringComparison.Ordinal));
    }
}
