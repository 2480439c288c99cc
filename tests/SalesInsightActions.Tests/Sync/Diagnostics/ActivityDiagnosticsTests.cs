using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.Sync.Activities;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Sync.Diagnostics;

namespace SalesInsightActions.Tests.Sync.Diagnostics;

/// <summary>
/// The Salesforce and Marketo Diagnostics pages against the simulators: a write the vendor refuses for a reason
/// retrying cannot fix is listed with what to do, and after the admin fixes the cause, Retry writes it exactly once.
/// </summary>
public sealed partial class ActivityDiagnosticsTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await ActivityWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Calls_refused_because_the_Task_Type_lacks_Call_are_grouped_with_the_fix_and_written_once_after_Retry_all()
    {
        // The org's Type picklist lacks Call (an admin removed it): Salesforce refuses every call Task.
        _world.Salesforce.Setup.SetMissingTaskTypeValues(["Call"]);
        var first = await _world.PersonAsync();
        var second = await _world.PersonAsync(skip: 1);
        Assert.Equal(HttpStatusCode.Redirect, (await _world.LogCallAsync(first.MarketoId, "Connected")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await _world.LogCallAsync(second.MarketoId, "Left voicemail")).StatusCode);
        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal(2, marketo.Written);
        Assert.Equal(2, salesforce.Failed);

        using var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
        var sync = await admin.GetStringAsync("/sync");
        Assert.Matches(@"data-failed-writes=""salesforce"">.*2 failed writes</li>", sync);
        Assert.Matches(@"data-failed-writes=""marketo"">.*no failed writes</li>", sync);

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/sync/diagnostics/salesforce"));
        Assert.Contains("2 failed writes in 1 groups", page);
        Assert.Contains("Salesforce refused the Task: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Type: bad value for restricted picklist field: Call. Add the value to the Task Type picklist in Setup → Object Manager → Task → Fields & Relationships → Type.", page);
        Assert.Equal(2, ActivityRow().Matches(page).Count);
        Assert.Contains(first.Email!, page);
        Assert.Empty(ActivityRow().Matches(WebUtility.HtmlDecode(await admin.GetStringAsync("/sync/diagnostics/marketo"))));

        // Standard members never see diagnostics; the CSV export lists both, reasons in words.
        var forRep = await _world.Rep.GetAsync("/sync/diagnostics/salesforce");
        Assert.NotEqual(HttpStatusCode.OK, forRep.StatusCode);
        var csv = await admin.GetStringAsync("/sync/diagnostics/salesforce?handler=Export");
        Assert.Equal(3, csv.Trim().Split('\n').Length);
        Assert.Contains("Add the value to the Task Type picklist", csv);

        // Fixed in Salesforce; Retry all puts the group back in the queue and the next run writes each Task once.
        _world.Salesforce.Setup.SetMissingTaskTypeValues([]);
        var group = GroupId().Match(page).Groups["id"].Value;
        var retry = await AccountSeeder.PostFormAsync(admin, "/sync/diagnostics/salesforce?handler=RetryGroup", new() { ["retryGroup"] = group });
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Equal(2, await _world.WithDbAsync(db => db.ActivityWrites.CountAsync(w => w.Destination == ActivityDestination.Salesforce && w.State == ActivityWriteState.Pending)));
        (_, salesforce) = await _world.RunWritersAsync();
        Assert.Equal(2, salesforce.Written);
        Assert.Equal(2, (await _world.QueryTasksAsync("Type = 'Call'")).Count);
        Assert.Contains("data-diagnostics-empty", await admin.GetStringAsync("/sync/diagnostics/salesforce"));
        var audit = await _world.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.Action == AuditActions.ActivityWritesRetried).ToListAsync());
        Assert.Equal("2 writes", Assert.Single(audit).Details![..8]);

        // A second Retry all of the same group (a stale page, a double click) finds nothing to do and changes nothing.
        var again = await admin.PostAsync("/sync/diagnostics/salesforce?handler=RetryGroup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["retryGroup"] = group,
            ["__RequestVerificationToken"] = AccountSeeder.AntiforgeryTokenIn(await admin.GetStringAsync("/sync")),
        }));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(2, await _world.WithDbAsync(db => db.ActivityWrites.CountAsync(w => w.Destination == ActivityDestination.Salesforce && w.State == ActivityWriteState.Written)));
    }

    [Fact]
    public async Task A_Marketo_write_for_a_deleted_person_comes_back_to_the_list_after_a_Retry_that_fails_again()
    {
        var person = await _world.PersonAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await _world.LogCallAsync(person.MarketoId, "Connected")).StatusCode);
        using (var sim = _world.Simulators.CreateClient())
        {
            Assert.True((await sim.DeleteAsync($"_sim/marketo/leads/{person.MarketoId}")).IsSuccessStatusCode);
        }

        var (marketo, _) = await _world.RunWritersAsync();
        Assert.Equal(1, marketo.Failed);

        using var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/sync/diagnostics/marketo"));
        Assert.Contains("Marketo no longer has this person (deleted or merged)", page);
        var activityId = ActivityRow().Match(page).Groups["id"].Value;

        var retry = await AccountSeeder.PostFormAsync(admin, "/sync/diagnostics/marketo?handler=Retry", new() { ["activityId"] = activityId });
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        var notice = WebUtility.HtmlDecode(await admin.GetStringAsync(retry.Headers.Location!.OriginalString));
        Assert.Contains("The write will be tried again within a minute.", notice);

        (marketo, _) = await _world.RunWritersAsync();
        Assert.Equal(1, marketo.Failed);
        var write = await _world.WithDbAsync(db => db.ActivityWrites.SingleAsync(w => w.Destination == ActivityDestination.Marketo));
        Assert.Equal(ActivityWriteState.Failed, write.State);
        Assert.Equal(2, write.Attempts);
        Assert.Single(ActivityRow().Matches(WebUtility.HtmlDecode(await admin.GetStringAsync("/sync/diagnostics/marketo"))));
    }

    [Fact]
    public async Task Above_the_exact_range_the_groups_are_refreshed_periodically_and_a_retry_here_regroups_at_once()
    {
        _world.Salesforce.Setup.SetMissingTaskTypeValues(["Call"]);
        var person = await _world.PersonAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await _world.LogCallAsync(person.MarketoId, "Connected")).StatusCode);
        var (_, salesforce) = await _world.RunWritersAsync();
        Assert.Equal(1, salesforce.Failed);
        // A backlog past the exact range: copies of the refused call, failed for the same reason.
        await CopyFailedCallAsync(ActivityDiagnostics.ExactGroupsUpTo + 10, reason: null);

        using var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/sync/diagnostics/salesforce"));
        Assert.Contains($"{ActivityDiagnostics.ExactGroupsUpTo + 11} failed writes in 1 groups", page);
        Assert.Contains("the counts are refreshed every 30 seconds", page);

        // New failures of another kind: above the range, the groups counted a moment ago are still shown...
        await CopyFailedCallAsync(5, reason: "Salesforce refused the Task: {0}");
        page = WebUtility.HtmlDecode(await admin.GetStringAsync("/sync/diagnostics/salesforce"));
        Assert.Contains($"{ActivityDiagnostics.ExactGroupsUpTo + 11} failed writes in 1 groups", page);

        // ...until the admin retries one here: the page they come back to is regrouped.
        var activityId = ActivityRow().Match(page).Groups["id"].Value;
        var retry = await AccountSeeder.PostFormAsync(admin, "/sync/diagnostics/salesforce?handler=Retry", new() { ["activityId"] = activityId });
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        page = WebUtility.HtmlDecode(await admin.GetStringAsync(retry.Headers.Location!.OriginalString));
        Assert.Contains($"{ActivityDiagnostics.ExactGroupsUpTo + 15} failed writes in 2 groups", page);
    }

    /// <summary>Adds <paramref name="count"/> copies of the account's refused call, each failed (with its reason, or <paramref name="reason"/>).</summary>
    private Task CopyFailedCallAsync(int count, string? reason) => _world.WithDbAsync(async db =>
    {
        var original = await db.ActivityWrites.AsNoTracking()
            .FirstAsync(w => w.Destination == ActivityDestination.Salesforce && w.State == ActivityWriteState.Failed);
        var call = await db.SalesActivities.AsNoTracking().SingleAsync(a => a.Id == original.ActivityId);
        for (var i = 0; i < count; i++)
        {
            var activity = new SalesActivity
            {
                Kind = call.Kind, PersonMarketoId = call.PersonMarketoId, MemberId = call.MemberId,
                OccurredAt = call.OccurredAt, Payload = call.Payload, IdempotencyKey = Guid.NewGuid().ToString("N"),
                CreatedAt = call.CreatedAt.AddSeconds(i + 1),
            };
            db.SalesActivities.Add(activity);
            db.ActivityWrites.Add(new ActivityWrite
            {
                ActivityId = activity.Id, Destination = ActivityDestination.Salesforce, State = ActivityWriteState.Failed,
                Reason = reason ?? original.Reason, ReasonDetail = original.ReasonDetail, Attempts = 1, CreatedAt = activity.CreatedAt,
            });
        }

        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Diagnostics_pages_answer_in_Chinese_and_refuse_an_unknown_destination()
    {
        using var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");
        var page = await admin.GetStringAsync("/sync/diagnostics/salesforce");
        Assert.Contains("Salesforce 诊断", page);
        Assert.Contains("data-diagnostics-empty", page);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/sync/diagnostics/hubspot")).StatusCode);
    }

    [GeneratedRegex("""<tr data-activity="(?<id>[0-9a-f-]{36})">""")]
    private static partial Regex ActivityRow();

    [GeneratedRegex("""<tr data-group="(?<id>[0-9a-f]{12})">""")]
    private static partial Regex GroupId();
}
