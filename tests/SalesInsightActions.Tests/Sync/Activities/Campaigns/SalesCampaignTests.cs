using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Sync.Activities.SalesEmails;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Sync.Activities.Campaigns;
using SalesInsightActions.Web.Sync.Activities.EmailTemplates;
using MarketoTestClient = SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Sync.Activities.Campaigns;

/// <summary>
/// Sales campaigns and email templates end to end: admins keep them on their settings pages, a rep adds a person to a
/// campaign, removes them, and sends an email from a template; each activity lands in Marketo (Get Lead Activities)
/// and Salesforce (a Task query) through the simulators over HTTP.
/// </summary>
public sealed partial class SalesCampaignTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _world = await SalesEmailWorld.StartAsync();
        _admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_person_added_to_and_removed_from_a_campaign_is_written_to_Marketo_and_Salesforce_with_the_campaign_and_step()
    {
        var campaignId = await CreateCampaignAsync("Q4 outreach", ("Email", "Intro email", "0"), ("Call", "Follow-up call", "3"));
        var person = await _world.PersonAsync();

        // Adding is confirmed in a dialog, whose title names the campaign chosen (person-actions.js copies it in).
        var before = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("<dialog id=\"add-campaign-dialog\"", before);
        Assert.Contains("data-confirm-title=\"Add this person to &quot;Q4 outreach&quot;?\"", before);

        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(person.MarketoId, campaignId)).StatusCode);
        var membership = Assert.Single(await _world.WithDbAsync(db => db.Set<SalesCampaignMembership>().AsNoTracking().ToListAsync()));
        Assert.Equal(person.MarketoId, membership.PersonMarketoId);
        var added = Assert.Single(await _world.ActivitiesAsync());
        Assert.Equal(SalesActivityKind.AddToSalesCampaign, added.Kind);
        Assert.Equal(("Q4 outreach", "Intro email"), (added.Read().CampaignName, added.Read().CampaignStep));
        // Stored with the membership in one SaveChanges: same instant.
        Assert.Equal(membership.AddedAt, added.OccurredAt);

        var page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("data-campaign-membership=\"Q4 outreach\"", page);
        Assert.Contains("Current step: Intro email", page);
        // The timeline names the campaign as the campaign, not as an email subject.
        Assert.Contains("<p data-campaign>Sales campaign: Q4 outreach</p>", page);
        Assert.DoesNotContain("Subject: Q4 outreach", page);
        var members = await _admin.GetStringAsync($"/settings/sales-campaigns/{campaignId}");
        Assert.Contains($"data-member=\"{person.MarketoId}\"", members);

        Assert.Equal(HttpStatusCode.Redirect, (await RemoveAsync(person.MarketoId, campaignId)).StatusCode);
        Assert.Empty(await _world.WithDbAsync(db => db.Set<SalesCampaignMembership>().ToListAsync()));
        var removed = Assert.Single(await _world.ActivitiesAsync(), a => a.Kind == SalesActivityKind.RemovedFromSalesCampaign);
        Assert.Equal(("Q4 outreach", "Intro email"), (removed.Read().CampaignName, removed.Read().CampaignStep));

        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal((2, 2), (marketo.Written, salesforce.Written));
        foreach (var (kind, activity) in new[] { (SalesActivityKind.AddToSalesCampaign, added), (SalesActivityKind.RemovedFromSalesCampaign, removed) })
        {
            var landed = Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, kind));
            Assert.Equal("Q4 outreach", landed.GetProperty("primaryAttributeValue").GetString());
            Assert.Equal("Q4 outreach", MarketoTestClient.Attribute(landed, "Campaign"));
            Assert.Equal("Intro email", MarketoTestClient.Attribute(landed, "Campaign Step"));
            Assert.Equal(ActivityWorld.RepEmail, MarketoTestClient.Attribute(landed, "Sent By"));
            var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{activity.Id:N}'", "mkto_si__Sales_Campaign__c"));
            Assert.Equal($"{SalesActivityKinds.Label(kind)}: Q4 outreach", task.GetProperty("Subject").GetString());
            Assert.Equal("Email", task.GetProperty("Type").GetString());
            Assert.Equal("Q4 outreach", task.GetProperty("mkto_si__Sales_Campaign__c").GetString());
        }

        page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("Add to Sales Campaign", page);
        Assert.Contains("Removed from Sales Campaign", page);
        Assert.Contains("This person is in no sales campaign.", page);
        Assert.DoesNotContain("data-destination=\"Marketo\" data-state=\"Pending\"", page);
    }

    [Fact]
    public async Task A_person_is_in_a_campaign_once_archived_and_other_accounts_campaigns_take_nobody_and_bad_forms_write_nothing()
    {
        var campaignId = await CreateCampaignAsync("Webinar follow-up", ("Email", "Thanks for joining", "0"));
        var archivedId = await CreateCampaignAsync("Old campaign", ("Other", "Anything", "0"));
        var person = await _world.PersonAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(person.MarketoId, campaignId)).StatusCode);

        // Twice: the second is refused with a sentence, nothing more is written.
        await AddAsync(person.MarketoId, campaignId, formPage: $"/people/{person.MarketoId}");
        Assert.Single(await _world.WithDbAsync(db => db.Set<SalesCampaignMembership>().ToListAsync()));
        Assert.Single(await _world.ActivitiesAsync());

        // Archived (with a confirmation dialog on the page): no longer offered, and refused if posted anyway.
        var campaignPage = await _admin.GetStringAsync($"/settings/sales-campaigns/{archivedId}");
        Assert.Contains("<dialog id=\"archive-dialog\"", campaignPage);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountSeeder.PostFormAsync(_admin, $"/settings/sales-campaigns/{archivedId}?handler=Archive", [], $"/settings/sales-campaigns/{archivedId}")).StatusCode);
        Assert.Contains(AuditActions.SalesCampaignArchived, await _world.WithDbAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync()));
        var other = await _world.PersonAsync(skip: 1);
        await CreateCampaignAsync("Still active", ("Email", "Hello", "0"));
        Assert.DoesNotContain("Old campaign", await _world.Rep.GetStringAsync($"/people/{other.MarketoId}"));
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(other.MarketoId, archivedId)).StatusCode);
        Assert.Single(await _world.ActivitiesAsync());

        // Another account's campaign id, or none at all: not found, nothing written.
        var elsewhere = await AccountSeeder.CreateAccountAsync(_world.App, "Elsewhere");
        var foreignId = Guid.NewGuid();
        await using (var scope = _world.App.CreateScope(elsewhere, out var db))
        {
            db.Add(new SalesCampaign { Id = foreignId, Name = "Theirs", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, Steps = [new() { Name = "Step", Kind = CampaignStepKind.Email }] });
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.NotFound, (await AddAsync(other.MarketoId, foreignId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AddAsync(other.MarketoId, "not-a-guid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/settings/sales-campaigns/{foreignId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(other.MarketoId, "")).StatusCode);
        Assert.Single(await _world.WithDbAsync(db => db.Set<SalesCampaignMembership>().ToListAsync()));
        Assert.Single(await _world.ActivitiesAsync());

        // Bad campaign forms: 400 with what to do, nothing written.
        var before = await _world.WithDbAsync(db => db.Set<SalesCampaign>().CountAsync());
        foreach (var (fields, message) in new (Dictionary<string, string>, string)[]
        {
            (new() { ["Form.Name"] = "No steps" }, "give it at least one step"),
            (Form("Bad day", ("Email", "Hi", "soon")), "enter the day of step 1 as a whole number from 0 to 365"),
            (Form("Bad kind", ("Fax", "Hi", "1")), "choose Email, Call or Other as the kind of step 1"),
            (Form("Webinar follow-up", ("Email", "Hi", "1")), "there is already a campaign named"),
        })
        {
            var refused = await AccountSeeder.PostFormAsync(_admin, "/settings/sales-campaigns?handler=Create", fields, "/settings/sales-campaigns");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(WebUtility.HtmlEncode(message), await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(before, await _world.WithDbAsync(db => db.Set<SalesCampaign>().CountAsync()));
        Assert.NotEqual(HttpStatusCode.OK, (await _world.Rep.GetAsync("/settings/sales-campaigns")).StatusCode);
    }

    [Fact]
    public async Task The_campaign_page_lists_its_members_a_page_at_a_time_newest_first()
    {
        var campaignId = await CreateCampaignAsync("Big list", ("Email", "Intro", "0"));
        var people = await _world.WithDbAsync(db => db.People.OrderBy(p => p.MarketoId).Select(p => p.MarketoId).ToListAsync());
        var start = DateTime.UtcNow.AddDays(-1);
        await _world.WithDbAsync(async db =>
        {
            // Seeded directly (the page is about reading): 60 members, some added at the same instant.
            foreach (var (id, i) in people.Concat(people.Select(p => p + 1_000_000)).Take(60).Select((id, i) => (id, i)))
            {
                db.Add(new SalesCampaignMembership { CampaignId = campaignId, PersonMarketoId = id, AddedByMemberId = Guid.NewGuid(), AddedAt = start.AddMinutes(i / 3) });
            }

            return await db.SaveChangesAsync();
        });

        var seen = new List<string>();
        string? url = $"/settings/sales-campaigns/{campaignId}";
        var pages = 0;
        while (url is not null)
        {
            var html = await _admin.GetStringAsync(url);
            seen.AddRange(MemberRow().Matches(html).Select(m => m.Groups["id"].Value));
            var next = NextPage().Match(html);
            url = next.Success ? WebUtility.HtmlDecode(next.Groups["href"].Value) : null;
            pages++;
        }

        Assert.Equal(2, pages);
        Assert.Equal(60, seen.Count);
        Assert.Equal(60, seen.Distinct().Count());
        // A cursor that means nothing shows the first page instead of failing.
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/settings/sales-campaigns/{campaignId}?after=garbage_x")).StatusCode);
    }

    [Fact]
    public async Task An_email_sent_from_a_template_fills_its_placeholders_for_the_person_and_carries_the_template_name_to_both_vendors()
    {
        // Unknown placeholders are refused with the list of known ones.
        var refused = await AccountSeeder.PostFormAsync(_admin, "/settings/email-templates?handler=Create",
            new() { ["name"] = "Broken", ["subject"] = "Hi {{firstname}}", ["body"] = "Hello" }, "/settings/email-templates");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("{{firstname}} is not a placeholder. Use {{first_name}}", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(0, await _world.WithDbAsync(db => db.Set<EmailTemplate>().CountAsync()));

        var created = await AccountSeeder.PostFormAsync(_admin, "/settings/email-templates?handler=Create", new()
        {
            ["name"] = "Pricing follow-up",
            ["subject"] = "Pricing for {{company}}",
            ["body"] = "Hi {{first_name}},\nas promised: https://example.com/pricing\n{{sender_name}}",
        }, "/settings/email-templates");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var template = await _world.WithDbAsync(db => db.Set<EmailTemplate>().AsNoTracking().SingleAsync());
        Assert.Contains(AuditActions.EmailTemplateCreated, await _world.WithDbAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync()));

        // The picker offers it with its raw text (the external script fills the fields); the server fills placeholders.
        var person = await _world.PersonAsync();
        var markup = "<b>&amp;</b>";
        await _world.WithDbAsync(async db =>
        {
            var row = await db.People.FirstAsync(p => p.MarketoId == person.MarketoId);
            (row.FirstName, row.Company) = (markup, "Acme & Co");
            return await db.SaveChangesAsync();
        });
        var page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains($"<option value=\"{template.Id}\" data-subject=\"Pricing for {{{{company}}}}\"", page);
        Assert.Contains("/js/person-actions.js", page);

        var sent = await AccountSeeder.PostFormAsync(_world.Rep, $"/people/{person.MarketoId}?handler=SendEmail",
            new() { ["subject"] = template.Subject, ["body"] = template.Body, ["templateId"] = template.Id.ToString() }, $"/people/{person.MarketoId}");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var activity = Assert.Single(await _world.ActivitiesAsync());
        Assert.Equal(("Pricing follow-up", "Pricing for Acme & Co"), (activity.Read().TemplateName, activity.Read().Subject));
        var email = await _world.WithDbAsync(db => db.SalesEmails.AsNoTracking().SingleAsync());
        Assert.Equal("Pricing follow-up", email.TemplateName);
        var outbox = await _world.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(o => o.Id == email.OutboxEmailId));
        var html = _world.App.Services.GetRequiredService<OutboxBodies>().Open(outbox.HtmlBody);
        Assert.Contains("Hi &lt;b&gt;&amp;amp;&lt;/b&gt;,", html);
        Assert.DoesNotContain(markup, html);
        Assert.DoesNotContain("{{", html);

        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal((1, 1), (marketo.Written, salesforce.Written));
        var landed = Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.SendSalesEmail));
        Assert.Equal("Pricing follow-up", MarketoTestClient.Attribute(landed, "Template"));
        var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{activity.Id:N}'", "mkto_si__Email_Template__c"));
        Assert.Equal("Email: Pricing for Acme & Co", task.GetProperty("Subject").GetString());
        Assert.Equal("Pricing follow-up", task.GetProperty("mkto_si__Email_Template__c").GetString());

        // An unknown placeholder typed by the rep, or a template id that is not there: refused, nothing sent.
        await AccountSeeder.PostFormAsync(_world.Rep, $"/people/{person.MarketoId}?handler=SendEmail",
            new() { ["subject"] = "Hi {{nickname}}", ["body"] = "Hello" }, $"/people/{person.MarketoId}");
        await AccountSeeder.PostFormAsync(_world.Rep, $"/people/{person.MarketoId}?handler=SendEmail",
            new() { ["subject"] = "Hi", ["body"] = "Hello", ["templateId"] = Guid.NewGuid().ToString() }, $"/people/{person.MarketoId}");
        Assert.Single(await _world.ActivitiesAsync());
        Assert.Single(await _world.WithDbAsync(db => db.SalesEmails.ToListAsync()));
    }

    [Fact]
    public async Task The_campaign_and_template_pages_and_the_persons_campaigns_read_in_Chinese()
    {
        var campaignId = await CreateCampaignAsync("Q1", ("Call", "Call them", "0"));
        var person = await _world.PersonAsync();
        await AddAsync(person.MarketoId, campaignId);
        _admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");
        _world.Rep.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");

        var list = await _admin.GetStringAsync("/settings/sales-campaigns");
        Assert.Contains("创建活动", list);
        Assert.Contains("销售活动", list);
        Assert.Contains("此活动中的人员", await _admin.GetStringAsync($"/settings/sales-campaigns/{campaignId}"));
        Assert.Contains("创建模板", await _admin.GetStringAsync("/settings/email-templates"));
        var page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("从销售活动中移除", page);
        Assert.Contains("当前步骤：Call them", page);
        Assert.DoesNotContain("Remove from Sales Campaign", page);
    }

    private static Dictionary<string, string> Form(string name, params (string Kind, string Name, string Day)[] steps)
    {
        var fields = new Dictionary<string, string> { ["Form.Name"] = name };
        foreach (var (step, i) in steps.Select((s, i) => (s, i)))
        {
            fields[$"Form.Steps[{i}].Kind"] = step.Kind;
            fields[$"Form.Steps[{i}].Name"] = step.Name;
            fields[$"Form.Steps[{i}].DayOffset"] = step.Day;
        }

        return fields;
    }

    /// <summary>Creates a campaign as the admin does on Settings → Sales campaigns; returns its id.</summary>
    private async Task<Guid> CreateCampaignAsync(string name, params (string Kind, string Name, string Day)[] steps)
    {
        var created = await AccountSeeder.PostFormAsync(_admin, "/settings/sales-campaigns?handler=Create", Form(name, steps), "/settings/sales-campaigns");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private Task<HttpResponseMessage> AddAsync(long marketoId, object campaignId, string? formPage = null) =>
        AccountSeeder.PostFormAsync(_world.Rep, $"/people/{marketoId}?handler=AddToCampaign", new() { ["campaignId"] = campaignId.ToString()! }, formPage ?? $"/people/{marketoId}");

    private Task<HttpResponseMessage> RemoveAsync(long marketoId, Guid campaignId) =>
        AccountSeeder.PostFormAsync(_world.Rep, $"/people/{marketoId}?handler=RemoveFromCampaign", new() { ["campaignId"] = campaignId.ToString() }, $"/people/{marketoId}");

    [GeneratedRegex("data-member=\"(?<id>\\d+)\"")]
    private static partial Regex MemberRow();

    [GeneratedRegex("id=\"members-next\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex NextPage();
}
