using System.Net;
using System.Text.Json;

using Microsoft.Extensions.Time.Testing;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

/// <summary>The /_sim/marketo lead knobs: every change shows in the activity feed as Marketo records it.</summary>
public sealed class MarketoChangeKnobTests
{
    private const string LifecycleTypes = "rest/v1/activities.json?activityTypeIds=12,13,32,37&batchSize=300";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Created_lead_appears_as_a_new_lead_activity_dated_by_the_simulator_clock()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);
        clock.Advance(TimeSpan.FromSeconds(30));

        using JsonDocument created = await SendJsonAsync(http, HttpMethod.Post, "_sim/marketo/leads?sourceType=Web%20form%20fillout",
            """{"firstName":"Nia","lastName":"Okafor","email":"nia.okafor@created.example","company":"Created Co"}""");
        long id = created.RootElement.GetProperty("id").GetInt64();
        (List<JsonElement> items, _, _) = await ReadFeedAsync(http, LifecycleTypes, token);

        JsonElement activity = Assert.Single(items);
        Assert.Equal(12, activity.GetProperty("activityTypeId").GetInt32());
        Assert.Equal(id, activity.GetProperty("leadId").GetInt64());
        Assert.Equal("2026-06-01T12:00:30Z", activity.GetProperty("activityDate").GetString());
        Assert.Equal(activity.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), activity.GetProperty("marketoGUID").GetString());
        Assert.Equal("Web form fillout", Attribute(activity, "Source Type"));
        JsonElement lead = Result(await GetJsonAsync(http, $"rest/v1/leads.json?filterType=id&filterValues={id}&fields=email,company"))[0];
        Assert.Equal("Created Co", lead.GetProperty("company").GetString());
    }

    [Fact]
    public async Task Changed_fields_each_log_a_change_data_value_with_old_and_new_value()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);
        JsonElement before = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=42&fields=title,phone"))[0];

        await SendJsonAsync(http, HttpMethod.Patch, "_sim/marketo/leads/42", $$"""{"title":"Chief Tester","phone":{{JsonSerializer.Serialize(before.GetProperty("phone").GetString())}}}""");
        (List<JsonElement> items, _, _) = await ReadFeedAsync(http, LifecycleTypes, token);

        JsonElement change = Assert.Single(items);
        Assert.Equal(13, change.GetProperty("activityTypeId").GetInt32());
        Assert.Equal(42, change.GetProperty("leadId").GetInt64());
        Assert.Equal("Job Title", change.GetProperty("primaryAttributeValue").GetString());
        Assert.Equal(6, change.GetProperty("primaryAttributeValueId").GetInt64());
        Assert.Equal("Chief Tester", Attribute(change, "New Value"));
        Assert.Equal(before.GetProperty("title").GetString(), Attribute(change, "Old Value"));
    }

    [Fact]
    public async Task Company_and_owner_changes_do_not_move_updated_at_but_a_title_change_does()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);
        JsonElement before = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=5&fields=updatedAt,sfdcLeadOwnerId"))[0];
        string newOwner = before.GetProperty("sfdcLeadOwnerId").GetString() == "005000000000001AAA" ? "005000000000002AAA" : "005000000000001AAA";
        clock.Advance(TimeSpan.FromMinutes(5));

        await SendJsonAsync(http, HttpMethod.Patch, "_sim/marketo/leads/5", $$"""{"company":"Renamed Inc","sfdcLeadOwnerId":"{{newOwner}}"}""");
        JsonElement afterQuiet = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=5&fields=updatedAt,company,sfdcLeadOwnerId"))[0];
        using JsonDocument view = await GetJsonAsync(http, "_sim/marketo/leads/5");
        clock.Advance(TimeSpan.FromMinutes(5));
        await SendJsonAsync(http, HttpMethod.Patch, "_sim/marketo/leads/5", """{"title":"Moved"}""");
        JsonElement afterTitle = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=5&fields=updatedAt"))[0];
        (List<JsonElement> items, _, _) = await ReadFeedAsync(http, LifecycleTypes, token);

        Assert.Equal(before.GetProperty("updatedAt").GetString(), afterQuiet.GetProperty("updatedAt").GetString());
        Assert.Equal("Renamed Inc", afterQuiet.GetProperty("company").GetString());
        Assert.Equal(newOwner, afterQuiet.GetProperty("sfdcLeadOwnerId").GetString());
        Assert.Equal("2026-06-01T12:05:00Z", view.RootElement.GetProperty("fieldsUpdatedAt").GetString());
        Assert.Equal("2026-06-01T12:10:00Z", afterTitle.GetProperty("updatedAt").GetString());
        Assert.Equal(["Company Name", "SFDC Lead Owner ID", "Job Title"], items.Select(i => i.GetProperty("primaryAttributeValue").GetString()));
    }

    [Fact]
    public async Task Deleted_and_merged_leads_log_delete_lead_and_merge_leads_naming_the_losers()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);

        using HttpResponseMessage deleted = await http.DeleteAsync("_sim/marketo/leads/7");
        using JsonDocument merge = await SendJsonAsync(http, HttpMethod.Post, "_sim/marketo/leads/merge", """{"winnerId":10,"loserIds":[11,12]}""");
        (List<JsonElement> items, _, _) = await ReadFeedAsync(http, LifecycleTypes, token);
        JsonElement remaining = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=7,10,11,12"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([37, 32], items.Select(i => i.GetProperty("activityTypeId").GetInt32()));
        Assert.Equal(7, items[0].GetProperty("leadId").GetInt64());
        Assert.Equal(10, items[1].GetProperty("leadId").GetInt64());
        Assert.Equal("[11,12]", Attribute(items[1], "Merge IDs"));
        Assert.Equal([10L], remaining.EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
        using JsonDocument loser = await GetJsonAsync(http, "_sim/marketo/leads/11");
        Assert.Equal(10, loser.RootElement.GetProperty("mergedIntoId").GetInt64());
    }

    [Fact]
    public async Task Paging_tokens_return_every_change_once_across_pages_and_later_changes_at_the_same_second()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);
        for (int lead = 20; lead < 27; lead++)
        {
            await SendJsonAsync(http, HttpMethod.Patch, $"_sim/marketo/leads/{lead}", $$"""{"title":"Round one {{lead}}"}""");
        }

        (List<JsonElement> first, string next, int pages) = await ReadFeedAsync(http, LifecycleTypes.Replace("batchSize=300", "batchSize=2", StringComparison.Ordinal), token);
        // Same clock second: the cursor must still see what comes after it.
        await SendJsonAsync(http, HttpMethod.Patch, "_sim/marketo/leads/30", """{"title":"Round two"}""");
        (List<JsonElement> second, _, _) = await ReadFeedAsync(http, LifecycleTypes, next);

        Assert.Equal(Enumerable.Range(20, 7).Select(i => (long)i), first.Select(i => i.GetProperty("leadId").GetInt64()));
        Assert.True(pages >= 4);
        Assert.Equal(7, first.Select(i => i.GetProperty("marketoGUID").GetString()).Distinct().Count());
        Assert.Equal(30, Assert.Single(second).GetProperty("leadId").GetInt64());
    }

    [Fact]
    public async Task Api_upserts_log_new_lead_and_change_data_value_too()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);

        Result(await PostJsonAsync(http, "rest/v1/leads.json", """{"action":"createOrUpdate","lookupField":"email","input":[{"email":"upserted@new.example","firstName":"Up"}]}"""));
        Result(await PostJsonAsync(http, "rest/v1/leads.json", """{"action":"updateOnly","lookupField":"id","input":[{"id":3,"title":"Updated by API"}]}"""));
        (List<JsonElement> items, _, _) = await ReadFeedAsync(http, LifecycleTypes, token);

        Assert.Equal([12, 13], items.Select(i => i.GetProperty("activityTypeId").GetInt32()));
        Assert.Equal("Web service API", Attribute(items[1], "Source"));
    }

    [Fact]
    public async Task Random_changes_change_distinct_leads_each_with_one_activity()
    {
        FakeTimeProvider clock = new(Start);
        await using SimulatorServer server = await SimulatorServer.StartAsync(time: clock);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        string token = await PagingTokenAsync(http, Start);

        using JsonDocument outcome = await SendJsonAsync(http, HttpMethod.Post, "_sim/marketo/leads/random-changes",
            """{"change":50,"create":3,"delete":2,"merge":1,"fields":["title"],"seed":7}""");
        (List<JsonElement> items, _, _) = await ReadFeedAsync(http, LifecycleTypes, token);

        List<long> changed = [.. outcome.RootElement.GetProperty("changed").EnumerateArray().Select(e => e.GetInt64())];
        Assert.Equal(50, changed.Distinct().Count());
        Assert.Equal(changed, items.Where(i => i.GetProperty("activityTypeId").GetInt32() == 13).Select(i => i.GetProperty("leadId").GetInt64()));
        Assert.Equal(3, items.Count(i => i.GetProperty("activityTypeId").GetInt32() == 12));
        Assert.Equal(2, items.Count(i => i.GetProperty("activityTypeId").GetInt32() == 37));
        Assert.Equal(1, items.Count(i => i.GetProperty("activityTypeId").GetInt32() == 32));
    }
}
