using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.Localization;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Onboarding;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Onboarding;

public sealed class SetupTrackerTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private Guid _account;
    private Guid _otherAccount;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using var db = Contexts.Postgres(_database.ConnectionString);
        await db.Database.MigrateAsync();
        var account = new SalesAccount { Name = "Acme", MunchkinId = "111-AAA-111", CreatedAt = DateTime.UtcNow };
        var other = new SalesAccount { Name = "Globex", MunchkinId = "222-BBB-222", CreatedAt = DateTime.UtcNow };
        db.SalesAccounts.AddRange(account, other);
        await db.SaveChangesAsync();
        (_account, _otherAccount) = (account.Id, other.Id);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<Dictionary<int, SetupStepStatus>> StatusesAsync(Guid accountId)
    {
        await using var db = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(accountId));
        var steps = await new SetupTracker(db).GetStepsAsync();
        return steps.ToDictionary(s => s.Number, s => s.Status);
    }

    private async Task WriteAsync(Guid accountId, Action<Web.Data.AppDbContext> change)
    {
        await using var db = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(accountId));
        change(db);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task New_account_shows_step_one_not_started_and_the_others_waiting_for_it()
    {
        var statuses = await StatusesAsync(_account);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], statuses.Keys.Order());
        Assert.Equal(SetupStepStatus.NotStarted, statuses[1]);
        Assert.All(statuses.Where(s => s.Key > 1).Select(s => s.Value), s => Assert.Equal(SetupStepStatus.Waiting, s));
    }

    [Fact]
    public async Task Each_step_status_follows_the_stored_state()
    {
        var original = new Member { Email = "owner@acme.example", NormalizedEmail = "OWNER@ACME.EXAMPLE", IsOriginalUser = true, Role = MemberRole.Admin, InvitedAt = DateTime.UtcNow };
        await WriteAsync(_account, db => db.Members.Add(original));
        Assert.Equal(SetupStepStatus.InProgress, (await StatusesAsync(_account))[1]);

        await WriteAsync(_account, db =>
        {
            db.Attach(original);
            original.Status = MemberStatus.Active;
            db.SalesforceConnections.Add(new MemberSalesforceConnection
            {
                MemberId = original.Id, IsAccountConnection = true, InstanceUrl = "https://acme.my.salesforce.com", OrganizationId = "00D000000000001",
                SalesforceUserId = "005000000000001", Username = "owner@acme.example", ProtectedAccessToken = "a", ProtectedRefreshToken = "r", ConnectedAt = DateTime.UtcNow,
            });
            db.MarketoConnections.Add(new AccountMarketoConnection { MunchkinId = "111-AAA-111", Endpoint = "https://111-AAA-111.mktorest.com", ClientId = "c", ProtectedClientSecret = "s", ConnectedAt = DateTime.UtcNow });
            db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow });
            db.Members.Add(new Member { Email = "rep@acme.example", NormalizedEmail = "REP@ACME.EXAMPLE", InvitedAt = DateTime.UtcNow });
            db.SalesforcePackageChecks.Add(new SalesforcePackageCheck { CheckedAt = DateTime.UtcNow, PackageInstalled = true, Configured = false });
        });

        var statuses = await StatusesAsync(_account);

        Assert.Equal(SetupStepStatus.Done, statuses[1]);
        Assert.Equal(SetupStepStatus.Done, statuses[2]);
        Assert.Equal(SetupStepStatus.Done, statuses[3]);
        Assert.Equal(SetupStepStatus.InProgress, statuses[4]);
        // Invitations and the package check are stored, but the steps before them are not done: they wait, in order.
        Assert.Equal(SetupStepStatus.Waiting, statuses[5]);
        Assert.Equal(SetupStepStatus.Waiting, statuses[6]);
        Assert.Equal(SetupStepStatus.Waiting, statuses[7]);
        // Another account's progress is its own.
        Assert.Equal(SetupStepStatus.NotStarted, (await StatusesAsync(_otherAccount))[1]);
        Assert.All((await StatusesAsync(_otherAccount)).Where(s => s.Key > 1), s => Assert.Equal(SetupStepStatus.Waiting, s.Value));
    }

    [Fact]
    public async Task Each_step_links_to_its_page_and_says_who_did_it_and_when()
    {
        var activated = new DateTime(2026, 2, 1, 9, 30, 0, DateTimeKind.Utc);
        var connected = new DateTime(2026, 2, 2, 10, 0, 0, DateTimeKind.Utc);
        var original = new Member { Email = "owner@acme.example", NormalizedEmail = "OWNER@ACME.EXAMPLE", IsOriginalUser = true, Role = MemberRole.Admin, Status = MemberStatus.Active, InvitedAt = activated.AddDays(-1), ActivatedAt = activated };
        await WriteAsync(_account, db =>
        {
            db.Members.Add(original);
            db.MarketoConnections.Add(new AccountMarketoConnection { MunchkinId = "111-AAA-111", Endpoint = "https://111-AAA-111.mktorest.com", ClientId = "c", ProtectedClientSecret = "s", ConnectedAt = connected, ConnectedByMemberId = original.Id });
        });

        await using var db = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(_account));
        var steps = (await new SetupTracker(db).GetStepsAsync()).ToDictionary(s => s.Number);

        Assert.Equal("/admin/sales-insight/actions-config", steps[1].Href);
        Assert.Equal("/settings/salesforce", steps[2].Href);
        Assert.Equal("/settings/marketo", steps[3].Href);
        Assert.Equal("/admin/sales-insight/actions-config/field-sync", steps[4].Href);
        Assert.Equal("/users", steps[5].Href);
        Assert.Equal("/settings/salesforce/package", steps[6].Href);
        Assert.Equal("/settings/salesforce/package", steps[7].Href);
        Assert.Equal(("owner@acme.example", activated), (steps[1].By, steps[1].At));
        Assert.Equal(("owner@acme.example", connected), (steps[3].By, steps[3].At));
        Assert.Equal(SetupStepStatus.Done, steps[3].Status);
        Assert.Equal(SetupStepStatus.NotStarted, steps[2].Status);
        // Step 4 needs both connections; Salesforce (step 2) is missing.
        Assert.Equal((SetupStepStatus.Waiting, 2), (steps[4].Status, steps[4].WaitingForStep));
        Assert.Equal((SetupStepStatus.Waiting, 2), (steps[7].Status, steps[7].WaitingForStep));
    }

    [Fact]
    public async Task A_personal_salesforce_connection_does_not_complete_the_account_connection_step()
    {
        var rep = new Member { Email = "rep@acme.example", NormalizedEmail = "REP@ACME.EXAMPLE", InvitedAt = DateTime.UtcNow };
        await WriteAsync(_account, db =>
        {
            db.Members.Add(new Member { Email = "owner@acme.example", NormalizedEmail = "OWNER@ACME.EXAMPLE", IsOriginalUser = true, Role = MemberRole.Admin, Status = MemberStatus.Active, InvitedAt = DateTime.UtcNow });
            db.Members.Add(rep);
            db.SalesforceConnections.Add(new MemberSalesforceConnection
            {
                MemberId = rep.Id, IsAccountConnection = false, InstanceUrl = "https://acme.my.salesforce.com", OrganizationId = "00D000000000001",
                SalesforceUserId = "005000000000002", Username = "rep@acme.example", ProtectedAccessToken = "a", ProtectedRefreshToken = "r", ConnectedAt = DateTime.UtcNow,
            });
        });

        Assert.Equal(SetupStepStatus.NotStarted, (await StatusesAsync(_account))[2]);
    }

    [Fact]
    public async Task Every_step_title_and_detail_is_translated()
    {
        await using var db = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(_account));
        var keys = XDocument.Load(Path.Combine(LocalizationTests.RepositoryRoot(), "src", "SalesInsightActions.Web", "Resources", "SharedResource.zh-Hans.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        string[] details =
        [
            "The original user has been invited but has not accepted yet.", "The first sync of people is running.",
            "Invitations are out; nobody has accepted yet.", "The last check did not find the package in Salesforce.",
            "The package is installed but not configured yet.",
        ];

        var steps = await new SetupTracker(db).GetStepsAsync();

        Assert.All(steps, s => Assert.Contains(s.TitleKey, keys));
        Assert.All(details, d => Assert.Contains(d, keys));
    }

    [Fact]
    public async Task Setup_page_in_sandbox_mode_lists_the_seven_steps_with_step_one_first()
    {
        await using var app = new AppFactory(_database.ConnectionString, new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        using var client = app.CreateClient();

        var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "data-status=\"NotStarted\""));
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Matches(html, "data-status=\"Waiting\"").Count);
        Assert.Contains("Connect to Marketo", html, StringComparison.Ordinal);
        Assert.Contains("Salesforce admin", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_page_outside_sandbox_without_an_account_explains_how_to_get_one()
    {
        await using var app = new AppFactory(_database.ConnectionString);
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("No Sales account yet", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-status=", html, StringComparison.Ordinal);
    }
}
