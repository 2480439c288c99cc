using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Diagnostics;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Sync;

/// <summary>The sync page's throughput chart in a real browser: accessible, and kept current by sync-status.js.</summary>
public sealed class ThroughputChartTests(ProductAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<ProductAppFixture>(fixture, output), IClassFixture<ProductAppFixture>
{
    [Fact]
    public async Task The_chart_is_accessible_and_new_samples_appear_without_reloading()
    {
        var accountId = await AccountSeeder.CreateAccountAsync(App, "Acme");
        var email = AccountSeeder.UniqueEmail("admin");
        await AccountSeeder.CreateActiveMemberAsync(App, accountId, email);
        var minute = DateTime.UtcNow.AddMinutes(-5);
        minute = new DateTime(minute.Year, minute.Month, minute.Day, minute.Hour, minute.Minute, 0, DateTimeKind.Utc);
        await using (var scope = App.CreateScope(accountId, out var db))
        {
            // Paused by an admin: the app's scheduler leaves it alone (no Marketo here), so only the samples change.
            db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow, Status = SyncStatus.Paused, PauseReason = SyncPauseReason.Admin, InitialSyncCompletedAt = DateTime.UtcNow });
            db.SyncThroughputSamples.Add(new SyncThroughputSample { Minute = minute, PeopleRead = 1200, PeopleWritten = 300 });
            await db.SaveChangesAsync();
        }

        await InBrowserAsync(async page =>
        {
            await SignInPage.SignInAsync(page, email);
            await page.GotoAsync("/sync");
            var chart = page.GetByRole(AriaRole.Img, new() { Name = "People read and written per minute, last 60 minutes" });
            await Expect(chart).ToBeVisibleAsync();
            var summary = page.Locator("p[data-throughput-field=summary]");
            await Expect(summary).ToContainTextAsync("1,200 people read and 300 written.");
            await Expect(page.Locator("svg [data-throughput-field=yMax]")).ToHaveTextAsync("2,000");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await page.GetByText("Show the numbers").ClickAsync();
            await Expect(page.Locator("[data-throughput-rows] tr")).ToHaveCountAsync(1);
            await Walkthrough.SaveAsync(page, "sync-throughput.en");

            await using (var scope = App.CreateScope(accountId, out var db))
            {
                // As a sync batch writes it: the sample and the state's Version in one SaveChanges (the page keeps its
                // aggregates per Version, so a sample written without it would wait for the next minute).
                db.SyncThroughputSamples.Add(new SyncThroughputSample { Minute = minute.AddMinutes(2), PeopleRead = 2500, PeopleWritten = 800 });
                var state = await db.SyncStates.SingleAsync();
                state.Version++;
                await db.SaveChangesAsync();
            }

            // The page polls every 3 s: the new minute shows in the summary, the table and the line, with no reload.
            await Expect(summary).ToContainTextAsync("3,700 people read and 1,100 written.", new() { Timeout = 15_000 });
            await Expect(page.Locator("[data-throughput-rows] tr")).ToHaveCountAsync(2);
            await Expect(page.Locator("svg [data-throughput-field=yMax]")).ToHaveTextAsync("5,000");

            await page.GetByRole(AriaRole.Link, new() { Name = "Last 24 hours" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Img, new() { Name = "People read and written per hour, last 24 hours" })).ToBeVisibleAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        });
    }
}
