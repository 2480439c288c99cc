using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Sync.Activities;

namespace SalesInsightActions.Tests.Sync.Activities;

/// <summary>
/// Settings → Admin Settings → Salesforce Tasks against the simulators: the admin's templates give the subjects of the
/// Tasks written, kinds left out are not logged (and say why), bad templates are refused with nothing saved.
/// </summary>
public sealed class TaskSettingsTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await ActivityWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_admins_call_template_gives_the_Task_subject_and_a_kind_left_out_is_not_logged_in_Salesforce()
    {
        using var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
        var page = await admin.GetStringAsync("/settings/salesforce-tasks");
        Assert.Contains("value=\"Call: {{call_outcome}} – {{call_reason}}\"", WebUtility.HtmlDecode(page));
        Assert.Contains("Call: Connected – Pricing question", WebUtility.HtmlDecode(page));

        var save = await AccountSeeder.PostFormAsync(admin, "/settings/salesforce-tasks", new()
        {
            ["CallSubjectTemplate"] = "Phone ({{call_outcome}}): {{call_reason}}",
            ["EmailSubjectTemplate"] = "{{activity_type}}: {{activity_subject}}",
        }, extra: [new("LoggedKinds", "SalesCallReceived"), new("LoggedKinds", "SendSalesEmail")]);
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Contains("Salesforce Task settings saved.", await admin.GetStringAsync(save.Headers.Location!.OriginalString));

        var person = await _world.PersonAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await _world.LogCallAsync(person.MarketoId, "Connected", reason: "Renewal")).StatusCode);
        await _world.RunWritersAsync();
        var task = Assert.Single(await _world.QueryTasksAsync("Type = 'Call'"));
        Assert.Equal("Phone (Connected): Renewal", task.GetProperty("Subject").GetString());

        // Calls left out: the next call reaches Marketo, not Salesforce, and its timeline says why.
        await AccountSeeder.PostFormAsync(admin, "/settings/salesforce-tasks", new()
        {
            ["CallSubjectTemplate"] = "Phone ({{call_outcome}}): {{call_reason}}",
            ["EmailSubjectTemplate"] = "{{activity_type}}: {{activity_subject}}",
        }, extra: [new("LoggedKinds", "SendSalesEmail")]);
        Assert.Equal(HttpStatusCode.Redirect, (await _world.LogCallAsync(person.MarketoId, "No answer")).StatusCode);
        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal(1, marketo.Written);
        Assert.Equal(1, salesforce.Skipped);
        Assert.Single(await _world.QueryTasksAsync("Type = 'Call'"));
        var timeline = WebUtility.HtmlDecode(await _world.Rep.GetStringAsync($"/people/{person.MarketoId}"));
        Assert.Contains("Salesforce: not written. Your admins chose not to log this kind of activity as a Salesforce Task", timeline);

        var audit = await _world.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.TaskSettingsChanged));
        Assert.Equal(2, audit);
    }

    [Theory]
    [InlineData("Call about {{deal_size}}", "{{activity_type}}", "{{deal_size}} is not a placeholder.")]
    [InlineData("   ", "{{activity_type}}", "a subject template can't be empty. Use {{activity_type}} for the kind of activity alone.")]
    [InlineData("{{call_outcome}}", "{{activity_type}}", "\"Meeting\" is not a kind of sales activity.", "Meeting")]
    public async Task Bad_settings_are_refused_with_the_reason_and_nothing_is_saved(string call, string email, string expected, string? kind = null)
    {
        using var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
        var response = await AccountSeeder.PostFormAsync(admin, "/settings/salesforce-tasks", new()
        {
            ["CallSubjectTemplate"] = call,
            ["EmailSubjectTemplate"] = email,
        }, extra: [new("LoggedKinds", kind ?? "SalesCallReceived")]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.False(await _world.WithDbAsync(db => db.SalesforceTaskSettings.AnyAsync()));
    }

    [Fact]
    public async Task The_live_preview_renders_what_the_writer_would_write_and_only_admins_see_the_page()
    {
        using var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
        var json = await admin.GetStringAsync("/settings/salesforce-tasks?handler=Preview&callSubjectTemplate=" + Uri.EscapeDataString("{{call_outcome}}\n– {{sales_campaign_name}}") + "&emailSubjectTemplate=" + Uri.EscapeDataString("Mail: {{activity_subject}} | {{nothing}}"));
        var previews = JsonDocument.Parse(json).RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("kind").GetString()!, p => p.GetProperty("subject").GetString());
        Assert.Equal(8, previews.Count);
        Assert.Equal("Connected – Q4 outreach", previews["SalesCallReceived"]);
        Assert.Equal("Mail: Following up on our call", previews["SendSalesEmail"]);
        Assert.Equal("Reply: Following up on our call", previews["RepliedToSalesEmail"]);

        Assert.NotEqual(HttpStatusCode.OK, (await _world.Rep.GetAsync("/settings/salesforce-tasks")).StatusCode);
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");
        Assert.Contains("记录为 Salesforce 任务", await admin.GetStringAsync("/settings/salesforce-tasks"));
    }
}
