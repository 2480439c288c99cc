using System.Net;
using System.Text.RegularExpressions;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Sync.Diagnostics;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Sync.Diagnostics;

/// <summary>
/// The Diagnostics list pages by keyset from the newest failure to the oldest, on PostgreSQL and on SQLite (the
/// zero-setup default): every failed write once, newest first, the activity id breaking ties between writes that failed
/// in the same instant, whether the list shows every failure or one group; and a row's Retry (one form for the table,
/// each button naming its write) sends that write, and only it, again.
/// </summary>
public partial class DiagnosticsPagingTests : AppTest
{
    private const string AdminEmail = "admin@paging.example";
    private const string Refused = "Salesforce refused the Task: FIELD_CUSTOM_VALIDATION_EXCEPTION.";
    private const string Locked = "Salesforce refused the Task: UNABLE_TO_LOCK_ROW.";

    /// <summary>130 failures: two and a half pages of 50, several sharing one instant.</summary>
    private const int Failures = 130;

    private readonly List<(Guid Id, DateTime At, string Reason)> _failed = [];
    private Guid _account;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["PeopleSync:SchedulerEnabled"] = "false",
    };

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App, "paging");
        var admin = await AccountSeeder.CreateActiveMemberAsync(App, _account, AdminEmail, MemberRole.Admin, isOriginalUser: true);
        await using var scope = App.CreateScope(_account, out var db);
        var now = DateTime.UtcNow;
        for (var i = 0; i < Failures; i++)
        {
            // Groups of four fail in the same instant: the page boundaries fall inside such groups.
            var at = now.AddSeconds(-(i / 4));
            var activity = new SalesActivity
            {
                Kind = SalesActivityKind.SalesCallReceived, PersonMarketoId = 1, MemberId = admin.Id, OccurredAt = at, IdempotencyKey = $"call-{i}", CreatedAt = at,
            };
            activity.Write(new SalesActivityPayload { CallOutcome = "Connected", SentBy = AdminEmail });
            var reason = i % 5 == 0 ? Locked : Refused;
            activity.Writes.Add(new ActivityWrite
            {
                Destination = ActivityDestination.Salesforce, State = ActivityWriteState.Failed, CreatedAt = at, Attempts = 1, Reason = reason, ReasonDetail = "detail",
            });
            db.SalesActivities.Add(activity);
            _failed.Add((activity.Id, at, reason));
        }

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Every_failure_is_listed_once_newest_first_across_pages_of_all_and_of_one_group()
    {
        var admin = await AccountSeeder.SignInAsync(App, AdminEmail);
        var newestFirst = _failed.OrderByDescending(f => f.At).ThenByDescending(f => f.Id).ToList();

        Assert.Equal(newestFirst.Select(f => f.Id), await WalkAsync(admin, "/sync/diagnostics/salesforce"));
        Assert.Equal(
            newestFirst.Where(f => f.Reason == Locked).Select(f => f.Id),
            await WalkAsync(admin, "/sync/diagnostics/salesforce?group=" + ActivityDiagnostics.GroupId(Locked)));
    }

    [Fact]
    public async Task A_row_Retry_sends_that_write_again_and_leaves_the_others_failed()
    {
        var admin = await AccountSeeder.SignInAsync(App, AdminEmail);
        var page = await admin.GetStringAsync("/sync/diagnostics/salesforce");
        var form = RowsForm().Match(page);
        Assert.True(form.Success, "no Retry form around the rows");
        var buttons = RetryButton().Matches(form.Value);
        Assert.Equal(ActivityDiagnostics.PageSize, buttons.Count);
        Assert.Single(Regex.Matches(form.Value, "__RequestVerificationToken"));
        var chosen = Guid.Parse(buttons[7].Groups["id"].Value);

        var retry = await admin.PostAsync(WebUtility.HtmlDecode(form.Groups["action"].Value), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["activityId"] = chosen.ToString(),
            ["__RequestVerificationToken"] = AccountSeeder.AntiforgeryTokenIn(form.Value),
        }));

        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        await using var scope = App.CreateScope(_account, out var db);
        var states = db.ActivityWrites.Select(w => new { w.ActivityId, w.State }).ToList();
        Assert.Equal(ActivityWriteState.Pending, states.Single(s => s.ActivityId == chosen).State);
        Assert.Equal(Failures - 1, states.Count(s => s.State == ActivityWriteState.Failed));
    }

    private static async Task<List<Guid>> WalkAsync(HttpClient admin, string url)
    {
        var seen = new List<Guid>();
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 10, "too many pages");
            var page = await admin.GetStringAsync(url);
            seen.AddRange(ActivityRow().Matches(page).Select(m => Guid.Parse(m.Groups["id"].Value)));
            var older = OlderLink().Match(page);
            if (!older.Success)
            {
                return seen;
            }

            url = WebUtility.HtmlDecode(older.Groups["href"].Value);
        }
    }

    [GeneratedRegex("""<tr data-activity="(?<id>[0-9a-f-]{36})">""")]
    private static partial Regex ActivityRow();

    [GeneratedRegex("""<a id="diagnostics-older" href="(?<href>[^"]+)">""")]
    private static partial Regex OlderLink();

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]*handler=Retry[^"]*)">\s*<table class="diagnostics-rows">.*?</form>""", RegexOptions.Singleline)]
    private static partial Regex RowsForm();

    [GeneratedRegex("""<button type="submit" name="activityId" value="(?<id>[0-9a-f-]{36})"[^>]*>""")]
    private static partial Regex RetryButton();
}

public sealed class DiagnosticsPagingSqliteTests : DiagnosticsPagingTests
{
    protected override bool UseSqlite => true;
}
