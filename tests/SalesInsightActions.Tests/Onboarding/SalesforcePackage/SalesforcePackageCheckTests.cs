using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.Onboarding.SalesforceConnection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Onboarding;

namespace SalesInsightActions.Tests.Onboarding.SalesforcePackage;

/// <summary>Steps 6–7: the checklist, verified live against the simulated org; each simulator knob fails exactly its item.</summary>
public sealed class SalesforcePackageCheckTests : IAsyncLifetime
{
    private SalesforceConnectionWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await SalesforceConnectionWorld.StartAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await _world.ConnectAsync()).StatusCode);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<(SalesforcePackageCheck Check, string Page)> RecheckAsync()
    {
        var response = await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce/package?handler=Recheck", [], "/settings/salesforce/package");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await _world.Admin.GetStringAsync("/settings/salesforce/package"));
        await using var scope = _world.App.CreateScope(_world.Account, out var db);
        var check = await db.SalesforcePackageChecks.AsNoTracking().OrderByDescending(c => c.CheckedAt).FirstAsync();
        return (check, page);
    }

    [Fact]
    public async Task A_correctly_set_up_org_passes_every_item_and_the_tracker_shows_who_checked_and_when()
    {
        var (check, page) = await RecheckAsync();

        Assert.All(check.Items, i => Assert.Equal(PackageCheckItemStatus.Passed, i.Status));
        Assert.Equal(Enum.GetValues<PackageCheckItem>(), check.Items.Select(i => i.Item));
        Assert.True(check.PackageInstalled);
        Assert.True(check.Configured);
        Assert.Equal("2.14.0", check.PackageVersion);
        Assert.Equal(SalesforceConnectionWorld.AdminEmail, check.CheckedBy);
        Assert.NotNull(check.CheckedByMemberId);
        Assert.Contains("Every item of the Salesforce package checklist passed.", page, StringComparison.Ordinal);
        Assert.Contains("data-checklist=\"verified\"", page, StringComparison.Ordinal);
        Assert.Contains("Version 2.14.0 is installed.", page, StringComparison.Ordinal);
        await using var scope = _world.App.CreateScope(_world.Account, out var db);
        Assert.Contains(AuditActions.PackageChecked, await db.AuditEntries.Select(e => e.Action).ToListAsync());
        var steps = await new SetupTracker(db).GetStepsAsync();
        // The tracker shows the check (who, when); the steps themselves wait for step 5 in this account, which has
        // neither started sync nor invited anyone (the tracker keeps the guide's order).
        var step6 = steps.Single(s => s.Number == 6);
        Assert.Equal(SalesforceConnectionWorld.AdminEmail, step6.By);
        Assert.Equal(check.CheckedAt, step6.At);
        Assert.Equal(SetupStepStatus.Waiting, step6.Status);
        Assert.Equal(SetupStepStatus.Waiting, steps.Single(s => s.Number == 7).Status);
    }

    public static TheoryData<string, string, PackageCheckItem, string> Knobs() => new()
    {
        { "package missing", """{"packageInstalled": false}""", PackageCheckItem.PackageInstalled, "Install Marketo Sales Insight from AppExchange" },
        { "old version", """{"packageVersion": "1.9.3"}""", PackageCheckItem.PackageVersion, "Upgrade: install the newest Marketo Sales Insight" },
        { "Reply absent", """{"missingTaskTypeValues": ["Reply"]}""", PackageCheckItem.TaskTypePicklist, "Setup → Object Manager → Task → Fields → Type → add value Reply" },
        { "field missing", """{"missingTaskFields": ["mkto_si__Viewed__c"]}""", PackageCheckItem.TaskFields, "Setup → Object Manager → Task → Fields & Relationships: mkto_si__Viewed__c should come with the package." },
        { "field read-only", """{"readOnlyTaskFields": ["mkto_si__Call_Reason__c"]}""", PackageCheckItem.TaskFields, "Fields & Relationships → mkto_si__Call_Reason__c → Set Field-Level Security" },
        { "API disabled", """{"apiDisabled": true}""", PackageCheckItem.ApiEnabled, "System Permissions → tick API Enabled" },
        { "app blocked", """{"connectedAppBlocked": true}""", PackageCheckItem.AppAccess, "Reconnect on Settings → Admin Settings → Salesforce → Connections & Customizations." },
    };

    [Theory]
    [MemberData(nameof(Knobs))]
    public async Task Each_simulator_knob_fails_exactly_its_item_with_its_fix(string name, string knobs, PackageCheckItem item, string fix)
    {
        using (var sim = _world.Salesforce.CreateClient())
        {
            var set = await sim.PostAsync("_sim/salesforce/org-setup", new StringContent(knobs, System.Text.Encoding.UTF8, "application/json"));
            Assert.True(set.IsSuccessStatusCode, name);
        }

        var (check, page) = await RecheckAsync();

        var failed = Assert.Single(check.Items, i => i.Status == PackageCheckItemStatus.Failed);
        Assert.Equal(item, failed.Item);
        Assert.False(check.Configured);
        Assert.Equal(item != PackageCheckItem.PackageInstalled && check.Items.Single(i => i.Item == PackageCheckItem.PackageInstalled).Status == PackageCheckItemStatus.Passed, check.PackageInstalled);
        Assert.Contains($"data-item=\"{item}\" data-status=\"Failed\"", page, StringComparison.Ordinal);
        Assert.Contains(fix, page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-checklist=\"verified\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixing_the_org_and_pressing_Recheck_passes_again()
    {
        using var sim = _world.Salesforce.CreateClient();
        await sim.PostAsync("_sim/salesforce/org-setup", new StringContent("""{"missingTaskTypeValues": ["Reply", "Call"]}""", System.Text.Encoding.UTF8, "application/json"));
        var (broken, _) = await RecheckAsync();
        Assert.False(broken.Configured);
        Assert.Contains("Call, Reply", broken.Items.Single(i => i.Item == PackageCheckItem.TaskTypePicklist).FixArgs![0], StringComparison.Ordinal);

        await sim.PostAsync("_sim/salesforce/org-setup", new StringContent("""{"missingTaskTypeValues": []}""", System.Text.Encoding.UTF8, "application/json"));
        var (fixedCheck, _) = await RecheckAsync();

        Assert.True(fixedCheck.Configured);
    }

    [Fact]
    public async Task Without_an_account_connection_Recheck_says_to_connect_first()
    {
        await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce?handler=Disconnect", [], "/settings/salesforce");

        var response = await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce/package?handler=Recheck", [], "/settings/salesforce/package");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Connect the Sales account to Salesforce first", WebUtility.HtmlDecode(await _world.Admin.GetStringAsync("/settings/salesforce/package")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_disconnect_the_last_passing_check_no_longer_counts_and_after_reconnecting_only_a_new_check_does()
    {
        var (passed, _) = await RecheckAsync();
        Assert.True(passed.Configured);

        await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce?handler=Disconnect", [], "/settings/salesforce");

        var page = WebUtility.HtmlDecode(await _world.Admin.GetStringAsync("/settings/salesforce/package"));
        Assert.DoesNotContain("data-checklist=\"verified\"", page, StringComparison.Ordinal);
        Assert.Contains("The Sales account is not connected to Salesforce, so nothing here counts as verified.", page, StringComparison.Ordinal);
        await AssertTrackerHasNoPackageCheckAsync();

        // Connected again (it could be another org): the old check still does not speak for it until Re-check.
        Assert.Equal(HttpStatusCode.Redirect, (await _world.ConnectAsync()).StatusCode);
        page = WebUtility.HtmlDecode(await _world.Admin.GetStringAsync("/settings/salesforce/package"));
        Assert.DoesNotContain("data-checklist=\"verified\"", page, StringComparison.Ordinal);
        Assert.Contains("Not checked yet.", page, StringComparison.Ordinal);
        await AssertTrackerHasNoPackageCheckAsync();

        var (again, afterRecheck) = await RecheckAsync();
        Assert.True(again.Configured);
        Assert.Contains("data-checklist=\"verified\"", afterRecheck, StringComparison.Ordinal);
        await using var scope = _world.App.CreateScope(_world.Account, out var db);
        Assert.Equal(again.CheckedAt, (await new SetupTracker(db).GetStepsAsync()).Single(s => s.Number == 7).At);
    }

    private async Task AssertTrackerHasNoPackageCheckAsync()
    {
        await using var scope = _world.App.CreateScope(_world.Account, out var db);
        foreach (var step in (await new SetupTracker(db).GetStepsAsync()).Where(s => s.Number is 6 or 7))
        {
            Assert.NotEqual(SetupStepStatus.Done, step.Status);
            Assert.Null(step.By);
            Assert.Null(step.At);
        }
    }
}
