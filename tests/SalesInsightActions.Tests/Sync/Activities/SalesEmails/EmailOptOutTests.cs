using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.TestSupport;
using SalesInsightActions.Tests.Connections;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Sync.Activities.SalesEmails;
using SalesInsightActions.Web.Sync.People;

namespace SalesInsightActions.Tests.Sync.Activities.SalesEmails;

/// <summary>
/// Unsubscribing from a sales email (its one-click List-Unsubscribe header, or its footer link and our confirm page)
/// stops sales emails to the person and sets Email Opt Out on their Salesforce contact or lead, read back by a query.
/// </summary>
public sealed partial class EmailOptOutTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await SalesEmailWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task One_click_unsubscribe_from_the_header_sets_Email_Opt_Out_on_the_contact()
    {
        var person = await PersonWithAsync(contact: true);
        var (_, subject, _, outbox) = await SalesEmailWorld.SendAsync(_world, to: person);
        Assert.False(await OptedOutInSalesforceAsync("Contact", person.SalesforceContactId!));

        // On the wire: RFC 8058's two headers, pointing at our own one-click route.
        var received = await Maildev.WaitForMessageToAsync(person.Email!, subject);
        Assert.Equal($"<{outbox.ListUnsubscribe}>", received.Headers["list-unsubscribe"].ToString());
        Assert.Equal("List-Unsubscribe=One-Click", received.Headers["list-unsubscribe-post"].ToString());

        using var mailClient = _world.Anonymous();
        var posted = await mailClient.PostAsync(new Uri(outbox.ListUnsubscribe!).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // Stored first: opted out here, the Salesforce write pending.
        var optOut = await _world.WithDbAsync(db => db.EmailOptOuts.AsNoTracking().SingleAsync());
        Assert.Equal((person.MarketoId, EmailOptOutSource.OneClick, ActivityWriteState.Pending), (optOut.PersonMarketoId, optOut.Source, optOut.SalesforceState));
        Assert.Contains("data-unsubscribed", await _world.Rep.GetStringAsync($"/people/{person.MarketoId}"));

        await _world.RunWritersAsync();
        Assert.True(await OptedOutInSalesforceAsync("Contact", person.SalesforceContactId!));
        optOut = await _world.WithDbAsync(db => db.EmailOptOuts.AsNoTracking().SingleAsync());
        Assert.Equal((ActivityWriteState.Written, person.SalesforceContactId), (optOut.SalesforceState, optOut.SalesforceId));

        // A repeat (the mail client retrying) is still a success, and changes nothing.
        var again = await mailClient.PostAsync(new Uri(outbox.ListUnsubscribe!).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await _world.WithDbAsync(db => db.EmailOptOuts.CountAsync()));
    }

    [Fact]
    public async Task The_footer_link_asks_first_and_only_its_POST_sets_Email_Opt_Out_on_the_lead()
    {
        var person = await PersonWithAsync(contact: false);
        var (_, _, _, outbox) = await SalesEmailWorld.SendAsync(_world, to: person);
        var link = FooterLink(outbox.HtmlBody);
        Assert.Contains(link, outbox.TextBody);

        // GET (as a link scanner would) only asks; nothing changes however often.
        using var browser = _world.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 2; i++)
        {
            var page = await browser.GetStringAsync(link);
            Assert.Contains("Stop sales emails to", page);
            Assert.DoesNotContain(person.Email!, page);
        }

        Assert.Equal(0, await _world.WithDbAsync(db => db.EmailOptOuts.CountAsync()));

        var confirmed = await AccountSeeder.PostFormAsync(browser, link, new(), link);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("You are unsubscribed.", await browser.GetStringAsync(confirmed.Headers.Location!.OriginalString));
        Assert.Equal(EmailOptOutSource.Link, (await _world.WithDbAsync(db => db.EmailOptOuts.AsNoTracking().SingleAsync())).Source);

        await _world.RunWritersAsync();
        Assert.True(await OptedOutInSalesforceAsync("Lead", person.SalesforceLeadId!));

        // Idempotent: the page now says so, and the same email's one-click adds nothing.
        Assert.Contains("is unsubscribed from these sales emails", await browser.GetStringAsync(link));
        using var mailClient = _world.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await mailClient.PostAsync(new Uri(outbox.ListUnsubscribe!).PathAndQuery, new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(1, await _world.WithDbAsync(db => db.EmailOptOuts.CountAsync()));
    }

    [Fact]
    public async Task Salesforce_down_the_opt_out_waits_and_is_written_when_it_is_back()
    {
        var person = await PersonWithAsync(contact: true);
        var (_, _, _, outbox) = await SalesEmailWorld.SendAsync(_world, to: person);
        using var mailClient = _world.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await mailClient.PostAsync(new Uri(outbox.ListUnsubscribe!).PathAndQuery, new FormUrlEncodedContent([]))).StatusCode);

        await _world.Simulators.PostAsync("_sim/faults", new { serverErrorRate = 1.0 });
        await _world.RunWritersAsync();
        var waiting = await _world.WithDbAsync(db => db.EmailOptOuts.AsNoTracking().SingleAsync());
        Assert.Equal(ActivityWriteState.Pending, waiting.SalesforceState);
        Assert.True(waiting.Attempts >= 1);

        await _world.Simulators.PostAsync("_sim/faults", new { serverErrorRate = 0.0 });
        Assert.False(await OptedOutInSalesforceAsync("Contact", person.SalesforceContactId!));
        await _world.RunWritersAsync();
        Assert.True(await OptedOutInSalesforceAsync("Contact", person.SalesforceContactId!));
        Assert.Equal(ActivityWriteState.Written, (await _world.WithDbAsync(db => db.EmailOptOuts.AsNoTracking().SingleAsync())).SalesforceState);
    }

    [Fact]
    public async Task A_refusal_retrying_cannot_fix_is_listed_on_Salesforce_Diagnostics()
    {
        var person = await PersonWithAsync(contact: true);
        var (_, _, _, outbox) = await SalesEmailWorld.SendAsync(_world, to: person);
        using var mailClient = _world.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await mailClient.PostAsync(new Uri(outbox.ListUnsubscribe!).PathAndQuery, new FormUrlEncodedContent([]))).StatusCode);

        // The contact was deleted in Salesforce after the sync: the update is refused (ENTITY_IS_DELETED).
        using (var control = _world.Simulators.CreateClient())
        {
            (await control.DeleteAsync($"_sim/salesforce/records/{person.SalesforceContactId}")).EnsureSuccessStatusCode();
        }

        await _world.RunWritersAsync();
        var failed = await _world.WithDbAsync(db => db.EmailOptOuts.AsNoTracking().SingleAsync());
        Assert.Equal(ActivityWriteState.Failed, failed.SalesforceState);
        Assert.StartsWith("ENTITY_IS_DELETED", failed.ReasonDetail);

        using var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
        var diagnostics = await admin.GetStringAsync("/sync/diagnostics/salesforce");
        Assert.Contains($"data-opt-out=\"{person.MarketoId}\"", diagnostics);
        Assert.Contains("Salesforce refused to set Email Opt Out", diagnostics);
    }

    [Fact]
    public async Task Sending_another_sales_email_to_an_unsubscribed_person_is_refused()
    {
        var person = await PersonWithAsync(contact: true);
        var (_, _, _, outbox) = await SalesEmailWorld.SendAsync(_world, to: person);
        using var mailClient = _world.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await mailClient.PostAsync(new Uri(outbox.ListUnsubscribe!).PathAndQuery, new FormUrlEncodedContent([]))).StatusCode);

        var page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("Unsubscribed", page);
        Assert.DoesNotContain("handler=SendEmail", page);

        // The form from before the unsubscribe, posted now.
        var refused = await _world.Rep.PostAsync($"/people/{person.MarketoId}?handler=SendEmail", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["subject"] = "One more thing",
            ["body"] = "Hello again",
            ["emailKey"] = Guid.NewGuid().ToString("N"),
            ["__RequestVerificationToken"] = Antiforgery().Match(await _world.Rep.GetStringAsync("/people")) is { Success: true } m ? m.Groups["t"].Value : "",
        }));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("this person unsubscribed from sales emails", await _world.Rep.GetStringAsync(refused.Headers.Location!.OriginalString));
        Assert.Equal(1, await _world.WithDbAsync(db => db.SalesEmails.CountAsync()));
    }

    [Fact]
    public async Task An_unknown_link_is_not_found_for_GET_POST_and_one_click()
    {
        using var client = _world.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/email/not-a-token/unsubscribe")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/email/not-a-token/unsubscribe/one-click", new FormUrlEncodedContent([]))).StatusCode);
    }

    private Task<Person> PersonWithAsync(bool contact) => _world.WithDbAsync(db => db.People.AsNoTracking()
        .Where(p => p.Email != null && (contact ? p.SalesforceContactId != null : p.SalesforceContactId == null && p.SalesforceLeadId != null))
        .OrderBy(p => p.MarketoId).FirstAsync());

    private async Task<bool> OptedOutInSalesforceAsync(string sobject, string id)
    {
        var row = Assert.Single(await _world.QuerySalesforceAsync($"SELECT Id, HasOptedOutOfEmail FROM {sobject} WHERE Id = '{id}'"));
        return row.GetProperty("HasOptedOutOfEmail").GetBoolean();
    }

    private static string FooterLink(string html) =>
        new Uri(WebUtility.HtmlDecode(Footer().Match(html).Groups["url"].Value)).PathAndQuery;

    [GeneratedRegex(@"href=""(?<url>https?://[^""]+/email/[A-Za-z0-9_-]+/unsubscribe)""")]
    private static partial Regex Footer();

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="(?<t>[^"]+)""")]
    private static partial Regex Antiforgery();
}
