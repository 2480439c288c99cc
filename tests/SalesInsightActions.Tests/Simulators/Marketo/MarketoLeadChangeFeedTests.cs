using System.Text.Json;

using Microsoft.Extensions.Time.Testing;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

/// <summary>leadchanges.json and deletedleads.json, and the empty-page knob every feed obeys.</summary>
public sealed class MarketoLeadChangeFeedTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Lead_changes_return_only_new_lead_and_change_data_value_with_the_requested_fields()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);

        using JsonDocument created = await SendJsonAsync(http, HttpMethod.Post, "_sim/marketo/leads", """{"firstName":"Ada","email":"ada@changes.example"}""");
        await SendJsonAsync(http, HttpMethod.Patch, "_sim/marketo/leads/8", """{"title":"Lead Engineer","phone":"+1 555 0100"}""");
        using HttpResponseMessage deleted = await http.DeleteAsync("_sim/marketo/leads/9");
        (List<JsonElement> items, _, _) = await ReadFeedAsync(http, "rest/v1/activities/leadchanges.json?fields=title,firstName&batchSize=300", token);

        Assert.Equal([12, 13], items.Select(i => i.GetProperty("activityTypeId").GetInt32()));
        JsonElement newLead = items[0];
        Assert.Equal(created.RootElement.GetProperty("id").GetInt64(), newLead.GetProperty("leadId").GetInt64());
        JsonElement firstName = Assert.Single(newLead.GetProperty("fields").EnumerateArray());
        Assert.Equal("Ada", firstName.GetProperty("newValue").GetString());
        Assert.Equal(JsonValueKind.Null, firstName.GetProperty("oldValue").ValueKind);
        JsonElement title = Assert.Single(items[1].GetProperty("fields").EnumerateArray());
        Assert.Equal("title", title.GetProperty("name").GetString());
        Assert.Equal("Lead Engineer", title.GetProperty("newValue").GetString());
        Assert.True(items[1].TryGetProperty("marketoGUID", out _));
        Assert.Equal("1006", FirstErrorCode(await GetJsonAsync(http, $"rest/v1/activities/leadchanges.json?fields=shoeSize&nextPageToken={Uri.EscapeDataString(token)}")));
        Assert.Equal("1003", FirstErrorCode(await GetJsonAsync(http, $"rest/v1/activities/leadchanges.json?nextPageToken={Uri.EscapeDataString(token)}")));
    }

    [Fact]
    public async Task Deleted_leads_are_listed_until_pruned_after_fourteen_days()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);
        using HttpResponseMessage deleted = await http.DeleteAsync("_sim/marketo/leads/15");

        (List<JsonElement> fresh, _, _) = await ReadFeedAsync(http, "rest/v1/activities/deletedleads.json?batchSize=300", token);
        clock.Advance(TimeSpan.FromDays(15));
        using HttpClient later = await CreateAuthorizedClientAsync(server);
        (List<JsonElement> pruned, _, _) = await ReadFeedAsync(later, "rest/v1/activities/deletedleads.json?batchSize=300", token);

        JsonElement deletion = Assert.Single(fresh);
        Assert.Equal(15, deletion.GetProperty("leadId").GetInt64());
        Assert.Equal(37, deletion.GetProperty("activityTypeId").GetInt32());
        Assert.Empty(pruned);
    }

    [Fact]
    public async Task Merged_away_leads_show_in_deleted_leads_only_when_the_knob_says_so()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);

        await SendJsonAsync(http, HttpMethod.Post, "_sim/marketo/leads/merge", """{"winnerId":20,"loserIds":[21]}""");
        await SendJsonAsync(http, HttpMethod.Post, "_sim/marketo/settings", """{"mergedLeadsInDeletedLeads":true}""");
        await SendJsonAsync(http, HttpMethod.Post, "_sim/marketo/leads/merge", """{"winnerId":30,"loserIds":[31]}""");
        (List<JsonElement> deletions, _, _) = await ReadFeedAsync(http, "rest/v1/activities/deletedleads.json?batchSize=300", token);
        (List<JsonElement> activities, _, _) = await ReadFeedAsync(http, "rest/v1/activities.json?activityTypeIds=32,37", token);

        Assert.Equal([31L], deletions.Select(d => d.GetProperty("leadId").GetInt64()));
        Assert.Equal([32, 32], activities.Select(a => a.GetProperty("activityTypeId").GetInt32()));
    }

    [Fact]
    public async Task Scripted_empty_pages_say_more_result_and_a_client_that_keeps_going_gets_everything()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);
        await SendJsonAsync(http, HttpMethod.Patch, "_sim/marketo/leads/40", """{"title":"After the gap"}""");
        await SendJsonAsync(http, HttpMethod.Post, "_sim/marketo/settings", """{"emptyActivityPages":3}""");

        using JsonDocument first = await GetJsonAsync(http, $"rest/v1/activities/leadchanges.json?fields=title&nextPageToken={Uri.EscapeDataString(token)}");
        (List<JsonElement> items, _, int pages) = await ReadFeedAsync(http, "rest/v1/activities/leadchanges.json?fields=title", token);

        Assert.Equal(0, Result(first).GetArrayLength());
        Assert.True(first.RootElement.GetProperty("moreResult").GetBoolean());
        Assert.Equal(3, pages);
        Assert.Equal(40, Assert.Single(items).GetProperty("leadId").GetInt64());
    }
}
