using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Diagnostics;
using SalesInsightActions.Web.Sync.People;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Sync;

/// <summary>The sync page (/sync, admins) and the people pages (/people, every member) over a real database.</summary>
public sealed class SyncPagesTests : AppTest
{
    private Guid _account;
    private Guid _other;

    // The scheduler stays off so Run now only queues the job and the tests own the state.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["PeopleSync:SchedulerEnabled"] = "false" };

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App, "Acme");
        _other = await AccountSeeder.CreateAccountAsync(App, "Globex");
        var admin = await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example", MemberRole.Admin, isOriginalUser: true);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "rep@acme.example", MemberRole.StandardUser);
        await AccountSeeder.CreateActiveMemberAsync(App, _other, "admin@globex.example", MemberRole.Admin, isOriginalUser: true);

        await using (var scope = App.CreateScope(_account, out var db))
        {
            db.People.AddRange(
                Person(1, "Ada", "Lovelace", "ada@analytical.example", "Analytical Engines", contactId: "003000000000001AAA"),
                Person(2, "Grace", "Hopper", "grace@navy.example", "US Navy", leadId: "00Q000000000002AAA"),
                Person(3, "Alan", "Turing", "alan@bletchley.example", "Bletchley Park"));
            db.RejectedPeople.Add(new RejectedPerson { MarketoId = 99, Reason = "Email is longer than 255 characters.", RejectedAt = DateTime.UtcNow });
            db.SalesforceConnections.Add(new MemberSalesforceConnection
            {
                MemberId = admin.Id, IsAccountConnection = true, InstanceUrl = "https://acme.my.salesforce.com", OrganizationId = "00D000000000001",
                SalesforceUserId = "005000000000001", Username = "admin@acme.example", ProtectedAccessToken = "a", ConnectedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        await using (var scope = App.CreateScope(_other, out var db))
        {
            db.People.Add(Person(1, "Hedy", "Lamarr", "hedy@globex.example", "Globex"));
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Sync_page_shows_each_state_in_words()
    {
        var client = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        Assert.Contains("The sync hasn't been started yet.", await PageAsync(client, "/sync"));

        var pausedUntil = new DateTime(2026, 11, 29, 6, 0, 0, DateTimeKind.Utc);
        var cases = new (Action<SyncState> Set, string State, string Text)[]
        {
            (s => s.Status = SyncStatus.Queued, "Queued", "Queued: the sync starts shortly."),
            (s => { s.Status = SyncStatus.Running; s.ProgressDone = 250; s.ProgressTotal = 1000; s.ProgressStartedAt = DateTime.UtcNow.AddMinutes(-5); }, "Running", "Running."),
            (s => { s.Status = SyncStatus.Paused; s.PauseReason = SyncPauseReason.Quota; s.PausedUntil = pausedUntil; s.QuotaUsed = 45000; s.QuotaLimit = 45000; }, "Paused", "It resumes at 2026-11-29 06:00 UTC."),
            (s => { s.Status = SyncStatus.Paused; s.PauseReason = SyncPauseReason.Admin; s.PausedUntil = null; }, "Paused", "Paused by an admin. Click Resume to continue."),
            (s => { s.Status = SyncStatus.Failed; s.LastError = "Marketo rejected the credentials."; s.LastErrorAt = DateTime.UtcNow; }, "Failed", "Failed: Marketo rejected the credentials."),
            (s => { s.Status = SyncStatus.UpToDate; s.InitialSyncCompletedAt = DateTime.UtcNow; }, "UpToDate", "Up to date."),
        };
        foreach (var (set, state, text) in cases)
        {
            await SetStateAsync(set);
            var page = await PageAsync(client, "/sync");
            Assert.Contains($"data-sync-state=\"{state}\"", page);
            Assert.Contains(text, page);
            Assert.Contains("<progress", page);
            Assert.Contains("1 people were rejected", page);
            Assert.DoesNotContain("style=", page);
        }

        await SetStateAsync(s => { s.Status = SyncStatus.Running; s.InitialSyncCompletedAt = null; s.ProgressDone = 250; s.ProgressTotal = 1000; s.ProgressStartedAt = DateTime.UtcNow.AddMinutes(-5); s.QuotaUsed = 1200; s.QuotaLimit = 45000; });
        var running = await PageAsync(client, "/sync");
        Assert.Contains("value=\"250\"", running);
        Assert.Contains("max=\"1000\"", running);
        Assert.Contains("people per minute", running);
        Assert.Contains("min left", running);
        Assert.Contains("1,200 of 45,000 calls", running);
    }

    [Fact]
    public async Task Pause_resume_and_run_now_post_redirect_and_change_the_state()
    {
        await SetStateAsync(s => s.Status = SyncStatus.Running);
        var client = await AccountSeeder.SignInAsync(App, "admin@acme.example");

        var paused = await AccountSeeder.PostFormAsync(client, "/sync?handler=Pause", []);
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal("/sync", paused.Headers.Location!.OriginalString);
        Assert.Equal((SyncStatus.Paused, SyncPauseReason.Admin), await StatusAsync());
        Assert.Contains("The sync is paused.", await PageAsync(client, "/sync"));

        // An admin pause blocks Run now: the button is gone and a direct POST is refused.
        var page = await PageAsync(client, "/sync");
        Assert.DoesNotContain("handler=RunNow", page);

        var resumed = await AccountSeeder.PostFormAsync(client, "/sync?handler=Resume", []);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Equal((SyncStatus.Queued, SyncPauseReason.None), await StatusAsync());
        Assert.Contains("The sync resumed.", await PageAsync(client, "/sync"));

        var run = await AccountSeeder.PostFormAsync(client, "/sync?handler=RunNow", []);
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        Assert.Contains("The sync will run now.", await PageAsync(client, "/sync"));
        await using var scope = App.CreateScope(_account, out var db);
        Assert.Equal(
            [AuditActions.SyncPaused, AuditActions.SyncResumed, AuditActions.SyncRunRequested],
            (await db.AuditEntries.Where(e => e.Action.StartsWith("sync.")).OrderBy(e => e.At).Select(e => e.Action).ToListAsync()).Distinct().ToList());
    }

    [Fact]
    public async Task Status_endpoint_returns_json_and_304_for_a_matching_etag()
    {
        await SetStateAsync(s => { s.Status = SyncStatus.Running; s.ProgressDone = 10; s.ProgressTotal = 40; });
        var client = await AccountSeeder.SignInAsync(App, "admin@acme.example");

        var first = await client.GetAsync("/sync?handler=Status");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType!.MediaType);
        var etag = first.Headers.ETag!;
        using (var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Running", json.RootElement.GetProperty("state").GetString());
            Assert.Equal(10, json.RootElement.GetProperty("done").GetInt64());
            Assert.Equal(40, json.RootElement.GetProperty("total").GetInt64());
            Assert.Equal(25, json.RootElement.GetProperty("percent").GetInt32());
            Assert.Equal(3, json.RootElement.GetProperty("people").GetInt64());
            Assert.Equal(1, json.RootElement.GetProperty("rejected").GetInt64());
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, "/sync?handler=Status");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        await SetStateAsync(s => s.ProgressDone = 20);
        using var changed = new HttpRequestMessage(HttpMethod.Get, "/sync?handler=Status");
        changed.Headers.IfNoneMatch.Add(etag);
        var after = await client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
    }

    [Fact]
    public async Task People_search_finds_by_name_email_and_company_within_the_account_only()
    {
        var client = await AccountSeeder.SignInAsync(App, "rep@acme.example");

        var all = await PageAsync(client, "/people");
        Assert.Contains("Ada Lovelace", all);
        Assert.Contains("Grace Hopper", all);
        Assert.DoesNotContain("Hedy", all);

        var byName = await PageAsync(client, "/people?q=grace");
        Assert.Contains("Grace Hopper", byName);
        Assert.DoesNotContain("Ada Lovelace", byName);

        var byLastName = await PageAsync(client, "/people?q=Turing");
        Assert.Contains("Alan Turing", byLastName);
        Assert.DoesNotContain("Grace Hopper", byLastName);

        var byEmail = await PageAsync(client, "/people?q=ada%40analytical");
        Assert.Contains("Ada Lovelace", byEmail);
        Assert.DoesNotContain("Alan Turing", byEmail);

        var byCompany = await PageAsync(client, "/people?q=bletchley");
        Assert.Contains("Alan Turing", byCompany);
        Assert.DoesNotContain("Ada Lovelace", byCompany);

        var otherAccount = await PageAsync(client, "/people?q=hedy");
        Assert.DoesNotContain("Hedy", otherAccount);
        Assert.Contains("No people match your search.", otherAccount);

        // Globex's admin sees Globex's person 1, not Acme's.
        var globex = await AccountSeeder.SignInAsync(App, "admin@globex.example");
        var theirs = await PageAsync(globex, "/people/1");
        Assert.Contains("Hedy Lamarr", theirs);
        Assert.DoesNotContain("Lovelace", theirs);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/people/2")).StatusCode);
    }

    [Fact]
    public async Task Person_page_shows_the_fields_a_salesforce_link_and_no_activity_yet()
    {
        var client = await AccountSeeder.SignInAsync(App, "rep@acme.example");

        var ada = await PageAsync(client, "/people/1");
        foreach (var value in new[] { "Ada", "Lovelace", "ada@analytical.example", "Analytical Engines", "Engineer", "+1 555 0100", "https://linkedin.example/in/1", "Webinar", "003000000000001AAA", "001000000000001AAA", "006000000000001AAA", "005000000000009AAA" })
        {
            Assert.Contains(value, ada);
        }

        Assert.Contains("href=\"https://acme.my.salesforce.com/003000000000001AAA\"", ada);
        Assert.Contains("No sales activities yet.", ada);

        Assert.Contains("href=\"https://acme.my.salesforce.com/00Q000000000002AAA\"", await PageAsync(client, "/people/2"));
        Assert.DoesNotContain("data-salesforce-record", await PageAsync(client, "/people/3"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/people/12345")).StatusCode);
    }

    [Fact]
    public async Task A_standard_member_can_open_people_but_not_sync()
    {
        var client = await AccountSeeder.SignInAsync(App, "rep@acme.example");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/people")).StatusCode);

        foreach (var url in new[] { "/sync", "/sync?handler=Status" })
        {
            var denied = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/access-denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var anonymous = App.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/people")).StatusCode);
    }

    private static Person Person(long id, string first, string last, string email, string company, string? contactId = null, string? leadId = null) => new()
    {
        MarketoId = id, FirstName = first, LastName = last, Email = email, Company = company, Title = "Engineer", Phone = "+1 555 0100",
        LinkedInUrl = $"https://linkedin.example/in/{id}", Source = "Webinar", SalesforceContactId = contactId, SalesforceLeadId = leadId,
        SalesforceAccountId = $"00100000000000{id}AAA", SalesforceOpportunityId = $"00600000000000{id}AAA", SalesforceOwnerId = "005000000000009AAA",
        SalesforceOwnerType = contactId is null ? "Lead" : "Contact", FirstSyncedAt = DateTime.UtcNow, ChangedAt = DateTime.UtcNow,
        SearchName = $"{first} {last}".ToLowerInvariant(), SearchLastName = last.ToLowerInvariant(), SearchEmail = email.ToLowerInvariant(), SearchCompany = company.ToLowerInvariant(),
    };

    private async Task SetStateAsync(Action<SyncState> set)
    {
        await using var scope = App.CreateScope(_account, out var db);
        var state = await db.SyncStates.FirstOrDefaultAsync();
        if (state is null)
        {
            state = new SyncState { StartedAt = DateTime.UtcNow };
            db.SyncStates.Add(state);
        }

        set(state);
        state.Version++;
        await db.SaveChangesAsync();
    }

    private async Task<(SyncStatus, SyncPauseReason)> StatusAsync()
    {
        await using var scope = App.CreateScope(_account, out var db);
        var state = await db.SyncStates.AsNoTracking().FirstAsync();
        return (state.Status, state.PauseReason);
    }

    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
