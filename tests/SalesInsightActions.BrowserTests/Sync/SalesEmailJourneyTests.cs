using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Infrastructure.Sandbox;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Users;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Sync;

/// <summary>Sandbox mode with a small simulated data set and the write-back job running every second.</summary>
public sealed class SalesEmailAppFixture : SandboxAppFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings(Uri baseUrl) => new Dictionary<string, string?>(base.Settings(baseUrl))
    {
        ["Simulators:DataSet:PersonCount"] = "40",
        ["PeopleSync:HistoryStart"] = "2023-12-01T00:00:00Z",
        ["PeopleSync:ReconcileInterval"] = "00:00:01",
        ["Marketo:BulkExportPollInterval"] = "00:00:01",
        ["Activities:Interval"] = "00:00:01",
        // The test's own clicks come a moment after sending; scanners are told apart by user agent and HEAD here.
        ["SalesEmail:ScannerWindow"] = "00:00:00",
    };
}

/// <summary>
/// A rep's day in a real browser: finds a person, sends an email (received by maildev), the person opens it and clicks
/// its link, the rep logs a call; the timeline shows all four written to Marketo and Salesforce.
/// </summary>
public sealed class SalesEmailJourneyTests(SalesEmailAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SalesEmailAppFixture>(fixture, output), IClassFixture<SalesEmailAppFixture>
{
    [Fact]
    public async Task A_rep_sends_an_email_that_is_opened_and_clicked_logs_a_call_and_sees_all_four_written_to_both_vendors()
    {
        var account = App.Services.GetRequiredService<SandboxAccount>().AccountId!.Value;
        var admin = AccountSeeder.UniqueEmail("admin");
        var rep = AccountSeeder.UniqueEmail("rep");
        await AccountSeeder.CreateActiveMemberAsync(App, account, admin);
        await AccountSeeder.CreateActiveMemberAsync(App, account, rep, MemberRole.StandardUser, isOriginalUser: false);

        // The admin connects Salesforce through the simulator's sign-in and consent; Marketo is connected and synced.
        await InBrowserAsync(async page =>
        {
            await SignInPage.SignInAsync(page, admin);
            await page.GotoAsync("/settings/salesforce");
            await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true }).ClickAsync();
            await page.GetByLabel("Username").FillAsync("admin@sim-salesforce.example");
            await page.GetByLabel("Password").FillAsync("Sandbox-Pass-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log In", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connected to Salesforce" })).ToBeVisibleAsync();
        });
        await using (var scope = App.CreateScope(account, out var db))
        {
            await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
                .SaveAsync("123-ABC-456", App.Url("sandbox/"), "sim-marketo-client-id", "sim-marketo-client-secret", Guid.NewGuid());
            db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow, StartedByMemberId = Guid.NewGuid() });
            await db.SaveChangesAsync();
        }

        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            await using var scope = App.CreateScope(account, out var db);
            if (await db.SyncStates.AnyAsync(s => s.Status == SyncStatus.UpToDate))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The people sync did not reach Up to date.");
            await Task.Delay(500);
        }

        Web.Sync.People.Person person;
        await using (var scope = App.CreateScope(account, out var db))
        {
            person = await db.People.AsNoTracking().Where(p => p.SalesforceContactId != null && p.Email != null && p.LastName != null)
                .OrderBy(p => p.MarketoId).FirstAsync();
        }

        var name = $"{person.FirstName} {person.LastName}".Trim();
        var subject = $"Our call notes {Guid.NewGuid():N}";
        await InBrowserAsync(async page =>
        {
            await SignInPage.SignInAsync(page, rep);
            await page.GotoAsync("/people");
            await page.GetByRole(AriaRole.Search).GetByLabel("Search").FillAsync(name);
            await page.GetByRole(AriaRole.Search).GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
            await page.Locator("table.people tbody").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);

            // Send email: the link points back at this app, so following the tracked link needs no internet.
            var target = App.Url("people").AbsoluteUri;
            await page.GetByLabel("Subject", new() { Exact = true }).FillAsync(subject);
            await page.GetByLabel("Message", new() { Exact = true }).FillAsync($"Hello {person.FirstName},\n\nThe list we talked about: {target}\n\nBest regards");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send email", Exact = true }).ClickAsync();
            await Expect(page.Locator(".notice-banner")).ToContainTextAsync("The email is on its way.");

            // The person receives it, opens it (the pixel loads) and clicks its link.
            var received = await Maildev.WaitForMessageToAsync(person.Email!, subject);
            var pixel = Regex.Match(received.Html!, "src=\"(?<u>[^\"]+/open\\.gif)\"").Groups["u"].Value;
            var link = WebUtility.HtmlDecode(Regex.Match(received.Html!, "href=\"(?<u>[^\"]+/link/0)\"").Groups["u"].Value);
            Assert.StartsWith(App.BaseUrl.AbsoluteUri, pixel);
            var reader = await page.Context.Browser!.NewContextAsync(new() { BaseURL = App.BaseUrl.ToString() });
            var mail = await reader.NewPageAsync();
            Assert.Equal(200, (await mail.GotoAsync(pixel))!.Status);
            var clicked = await mail.GotoAsync(link);
            var first = clicked!.Request;
            while (first.RedirectedFrom is { } earlier)
            {
                first = earlier;
            }

            // Our tracked link redirected to the email's own link (and on from there to sign-in, the reader not being a member).
            Assert.Equal(link, first.Url);
            Assert.Equal(target, first.RedirectedTo!.Url);
            await reader.DisposeAsync();

            // The rep logs the call that followed.
            await page.GetByLabel("Outcome").SelectOptionAsync("Connected");
            await page.GetByLabel("Reason").FillAsync("Follow-up on the list");
            await page.GetByLabel("Duration (minutes)").FillAsync("7");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log call", Exact = true }).ClickAsync();
            await Expect(page.Locator(".notice-banner")).ToContainTextAsync("The call was logged.");

            // The write-back job runs every second: all four reach both vendors.
            var written = page.Locator("ol.timeline > li .timeline-writes li[data-state=Written]");
            var until = DateTime.UtcNow.AddMinutes(2);
            while (await written.CountAsync() < 8 && DateTime.UtcNow < until)
            {
                await Task.Delay(1000);
                await page.ReloadAsync();
            }

            foreach (var kind in new[] { "SendSalesEmail", "OpenSalesEmail", "ClickSalesEmail", "SalesCallReceived" })
            {
                var entry = page.Locator($"ol.timeline > li[data-kind={kind}]");
                await Expect(entry).ToHaveCountAsync(1);
                await Expect(entry.Locator("li[data-destination=Marketo]")).ToHaveAttributeAsync("data-state", "Written");
                await Expect(entry.Locator("li[data-destination=Salesforce]")).ToHaveAttributeAsync("data-state", "Written");
            }

            await Expect(page.Locator("[data-email-stats]")).ToContainTextAsync("Opens: 1 · Clicks: 1");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await Walkthrough.SaveAsync(page, "person-sales-email.en");
        });
    }
}
