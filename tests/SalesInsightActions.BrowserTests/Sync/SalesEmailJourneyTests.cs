using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using SalesInsightActions.Tests.Simulators.Marketo;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Infrastructure.Sandbox;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Activities;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Sync;

/// <summary>Sandbox mode with a small simulated data set; the test runs the activity write job itself.</summary>
public sealed class SalesEmailAppFixture : SandboxAppFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings(Uri baseUrl) => new Dictionary<string, string?>(base.Settings(baseUrl))
    {
        ["Simulators:DataSet:PersonCount"] = "40",
        ["PeopleSync:HistoryStart"] = "2023-12-01T00:00:00Z",
        ["PeopleSync:ReconcileInterval"] = "00:00:01",
        ["Marketo:BulkExportPollInterval"] = "00:00:01",
        // The scheduled write job runs once when the sync starts (nothing to write yet) and not again during the test:
        // the test runs it when the rep is done, so what the timeline shows afterwards is that run's doing.
        ["Activities:Interval"] = "1.00:00:00",
        // The test's own clicks come a moment after sending; scanners are told apart by user agent and HEAD here.
        ["SalesEmail:ScannerWindow"] = "00:00:00",
    };
}

/// <summary>
/// A rep's first day in a real browser: accepts the admin's invitation from the email maildev received, finds a person,
/// sends them an email from the admin's template (received by maildev, placeholders filled in), the person opens it and
/// clicks its link, the rep logs a call and adds them to the admin's sales campaign; after the activity write job the
/// timeline shows all five written to Marketo and Salesforce, and the simulators return them.
/// </summary>
public sealed class SalesEmailJourneyTests(SalesEmailAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SalesEmailAppFixture>(fixture, output), IClassFixture<SalesEmailAppFixture>
{
    private static readonly SalesActivityKind[] Kinds =
    [
        SalesActivityKind.SendSalesEmail, SalesActivityKind.OpenSalesEmail, SalesActivityKind.ClickSalesEmail,
        SalesActivityKind.SalesCallReceived, SalesActivityKind.AddToSalesCampaign,
    ];

    [Fact]
    public async Task An_invited_rep_emails_a_person_from_a_template_logs_a_call_adds_them_to_a_campaign_and_sees_all_five_written_to_both_vendors()
    {
        var account = App.Services.GetRequiredService<SandboxAccount>().AccountId!.Value;
        var admin = AccountSeeder.UniqueEmail("admin");
        var rep = AccountSeeder.UniqueEmail("rep");
        await AccountSeeder.CreateActiveMemberAsync(App, account, admin);
        var run = Guid.NewGuid().ToString("N")[..8];
        var campaign = $"Q4 outreach {run}";
        var template = $"Follow-up {run}";
        const string step = "Intro email";
        // The link points back at this app, so following the tracked link needs no internet.
        var target = App.Url("people").AbsoluteUri;

        // The admin connects Salesforce through the simulator's sign-in and consent, creates a campaign and an email
        // template, and invites the rep as a standard user.
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

            await page.GotoAsync("/settings/sales-campaigns");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync(campaign);
            await page.GetByLabel("Name of step 1").FillAsync(step);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create campaign", Exact = true }).ClickAsync();
            await Expect(page.Locator(".notice-banner")).ToContainTextAsync($"The campaign \"{campaign}\" was created.");

            await page.GotoAsync("/settings/email-templates");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync(template);
            await page.GetByLabel("Subject", new() { Exact = true }).FillAsync($"Notes for {{{{first_name}}}} at {{{{company}}}} ({run})");
            await page.GetByLabel("Message", new() { Exact = true }).FillAsync(
                $"Hello {{{{first_name}}}} {{{{last_name}}}},\n\nThe list we talked about: {target}\n\nBest regards,\n{{{{sender_email}}}}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create template", Exact = true }).ClickAsync();
            await Expect(page.Locator(".notice-banner")).ToContainTextAsync($"The template \"{template}\" was created.");

            await InvitePage.InviteOneAsync(page, rep, "Standard user");
        });

        // Marketo is connected and its people synced, as after Start Sync.
        await using (var scope = App.CreateScope(account, out var db))
        {
            await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
                .SaveAsync("123-ABC-456", App.Url("sandbox/"), MarketoTestClient.ClientId, MarketoTestClient.ClientSecret, Guid.NewGuid());
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
            person = await db.People.AsNoTracking()
                .Where(p => p.SalesforceContactId != null && p.Email != null && p.FirstName != null && p.LastName != null && p.Company != null)
                .OrderBy(p => p.MarketoId).FirstAsync();
        }

        var name = $"{person.FirstName} {person.LastName}";
        var subject = $"Notes for {person.FirstName} at {person.Company} ({run})";
        var invitation = await Maildev.WaitForMessageToAsync(rep);
        await InBrowserAsync(async page =>
        {
            // The rep accepts the invitation from the email and lands signed in.
            await InvitePage.OpenGetStartedAsync(page, invitation);
            await Expect(page.GetByText($"You were invited as {rep}.")).ToBeVisibleAsync();
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Rep-First-Day-7");
            await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync("Rep-First-Day-7");
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Welcome, {rep}");

            // Finds the person by searching People.
            await page.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).First.ClickAsync();
            await page.GetByRole(AriaRole.Search).GetByLabel("Search").FillAsync(name);
            await page.GetByRole(AriaRole.Search).GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
            await page.Locator("table.people tbody").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);

            // Send email, starting from the admin's template: the picker fills in its text, placeholders and all.
            await page.GetByLabel("Template (optional)").SelectOptionAsync(new SelectOptionValue { Label = template });
            await Expect(page.GetByLabel("Subject", new() { Exact = true })).ToHaveValueAsync($"Notes for {{{{first_name}}}} at {{{{company}}}} ({run})");
            await Expect(page.GetByLabel("Message", new() { Exact = true })).ToHaveValueAsync(new Regex("^Hello \\{\\{first_name\\}\\} \\{\\{last_name\\}\\},"));
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send email", Exact = true }).ClickAsync();
            await Expect(page.Locator(".notice-banner")).ToContainTextAsync("The email is on its way.");

            // The person receives it with the placeholders filled in for them, opens it (the pixel loads) and clicks its link.
            var received = await Maildev.WaitForMessageToAsync(person.Email!, subject);
            Assert.Contains($"Hello {person.FirstName} {person.LastName},", received.Text);
            Assert.Contains(rep, received.Text);
            Assert.DoesNotContain("{{", received.Text + received.Html);
            var pixel = Regex.Match(received.Html!, "src=\"(?<u>[^\"]+/open\\.gif)\"").Groups["u"].Value;
            var link = WebUtility.HtmlDecode(Regex.Match(received.Html!, "href=\"(?<u>[^\"]+/link/0)\"").Groups["u"].Value);
            Assert.StartsWith(App.BaseUrl.AbsoluteUri, pixel);
            await using (var reader = await NewContextAsync())
            {
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
            }

            // The rep logs the call that followed.
            await page.GetByLabel("Outcome").SelectOptionAsync("Connected");
            await page.GetByLabel("Reason").FillAsync("Follow-up on the list");
            await page.GetByLabel("Duration (minutes)").FillAsync("7");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log call", Exact = true }).ClickAsync();
            await Expect(page.Locator(".notice-banner")).ToContainTextAsync("The call was logged.");

            // And adds the person to the admin's campaign, confirming in the dialog that names it.
            await page.GetByLabel("Sales campaign", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = campaign });
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to Sales Campaign", Exact = true }).ClickAsync();
            var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = $"Add this person to \"{campaign}\"?" });
            await Expect(confirm).ToBeVisibleAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Add to Sales Campaign", Exact = true }).ClickAsync();
            await Expect(page.Locator(".notice-banner")).ToContainTextAsync("Added to the sales campaign.");
            await Expect(page.Locator($"[data-campaign-membership=\"{campaign}\"]")).ToBeVisibleAsync();

            // The activity write job runs (as the scheduler would) and writes all five to both vendors.
            await using (var scope = App.CreateScope(account, out _))
            {
                var (marketo, salesforce) = await scope.ServiceProvider.GetRequiredService<ActivityWriteRunner>().RunAsync(account, CancellationToken.None);
                Output.WriteLine($"Marketo: {marketo}; Salesforce: {salesforce}");
            }

            await page.ReloadAsync();
            foreach (var kind in Kinds)
            {
                var entry = page.Locator($"ol.timeline > li[data-kind={kind}]");
                await Expect(entry).ToHaveCountAsync(1);
                await Expect(entry.Locator("li[data-destination=Marketo]")).ToHaveAttributeAsync("data-state", "Written");
                await Expect(entry.Locator("li[data-destination=Marketo]")).ToHaveTextAsync("Marketo ✓");
                await Expect(entry.Locator("li[data-destination=Salesforce]")).ToHaveAttributeAsync("data-state", "Written");
                await Expect(entry.Locator("li[data-destination=Salesforce]")).ToHaveTextAsync("Salesforce ✓");
            }

            await Expect(page.Locator("[data-email-stats]")).ToContainTextAsync("Opens: 1 · Clicks: 1");
            await Expect(page.Locator("ol.timeline > li[data-kind=AddToSalesCampaign] [data-campaign]")).ToHaveTextAsync($"Sales campaign: {campaign}");

            // The Remove from Sales Campaign dialog opens, passes axe, and Cancel leaves the person in the campaign.
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove from Sales Campaign", Exact = true }).ClickAsync();
            var remove = page.GetByRole(AriaRole.Dialog, new() { Name = $"Remove this person from \"{campaign}\"?" });
            await Expect(remove).ToBeVisibleAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await remove.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
            await Expect(remove).ToBeHiddenAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await Walkthrough.SaveAsync(page, "person-sales-email.en");

            // The same page in Simplified Chinese: accessible, and every string the product wrote translated.
            await Accessibility.ChooseLanguageAsync(page, "zh-Hans");
            await Expect(page.Locator("ol.timeline > li[data-kind=AddToSalesCampaign] li[data-destination=Salesforce]")).ToHaveTextAsync("Salesforce ✓");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await Localization.AssertNoUntranslatedTextAsync(page,
                [person.FirstName, person.LastName, person.Email!, person.Company!, person.Title, person.Phone, person.LinkedInUrl, person.Source, person.SalesforceContactId,
                 person.SalesforceLeadId, person.SalesforceAccountId, person.SalesforceOpportunityId, person.SalesforceOwnerId,
                 subject, target, campaign, step, template, rep, "Follow-up on the list"]);
            await page.GetByRole(AriaRole.Button, new() { Name = "从销售活动中移除", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await Walkthrough.SaveAsync(page, "person-sales-email.zh-Hans");
        });

        // The vendors have them: Marketo's Get Lead Activities and a Salesforce query on Task, over HTTP to the simulators.
        List<SalesActivity> activities;
        await using (var scope = App.CreateScope(account, out var db))
        {
            activities = await db.SalesActivities.AsNoTracking().Where(a => a.PersonMarketoId == person.MarketoId).ToListAsync();
        }

        Assert.Equal(Kinds.Order(), activities.Select(a => a.Kind).Order());
        using var marketo = await MarketoTestClient.AuthorizeAsync(new HttpClient { BaseAddress = App.Url("sandbox/") });
        var since = DateTimeOffset.UtcNow.AddDays(-1);
        foreach (var activity in activities)
        {
            var found = await MarketoTestClient.LeadActivitiesAsync(marketo, person.MarketoId, MarketoActivityTypes.ApiName(activity.Kind), since);
            var written = Assert.Single(found, a => MarketoTestClient.Attribute(a, MarketoActivityTypes.ActivityId.Name) == activity.Id.ToString("N"));
            var expected = activity.Kind switch
            {
                SalesActivityKind.SalesCallReceived => "Connected",
                SalesActivityKind.AddToSalesCampaign => campaign,
                _ => subject,
            };
            Assert.Equal(expected, written.GetProperty("primaryAttributeValue").GetString());
        }

        var send = activities.Single(a => a.Kind == SalesActivityKind.SendSalesEmail);
        var sent = Assert.Single(await MarketoTestClient.LeadActivitiesAsync(marketo, person.MarketoId, MarketoActivityTypes.ApiName(send.Kind), since));
        Assert.Equal(template, MarketoTestClient.Attribute(sent, MarketoActivityTypes.Template.Name));

        var tasks = await QueryTasksAsync(account, $"SELECT Subject, Type, WhoId, mkto_si__Sales_Activity_Id__c FROM Task WHERE WhoId = '{person.SalesforceContactId}'");
        foreach (var activity in activities)
        {
            var task = Assert.Single(tasks, t => t.GetProperty("mkto_si__Sales_Activity_Id__c").GetString() == activity.Id.ToString("N"));
            Assert.Equal(activity.Kind == SalesActivityKind.SalesCallReceived ? "Call" : "Email", task.GetProperty("Type").GetString());
        }

        Assert.Contains(tasks, t => t.GetProperty("Subject").GetString() == $"Email: {subject}");
    }

    /// <summary>A SOQL query through the account's Salesforce connection (the product's client, over HTTP to the simulator).</summary>
    private async Task<List<JsonElement>> QueryTasksAsync(Guid account, string soql)
    {
        await using var scope = App.CreateScope(account, out var db);
        var connectionId = await db.SalesforceConnections.Where(c => c.IsAccountConnection).Select(c => c.Id).FirstAsync();
        var client = scope.ServiceProvider.GetRequiredService<ISalesforceClientFactory>().Create(connectionId.ToString());
        var rows = new List<JsonElement>();
        await foreach (var row in client.QueryAsync(soql))
        {
            rows.Add(row.Clone());
        }

        return rows;
    }
}
