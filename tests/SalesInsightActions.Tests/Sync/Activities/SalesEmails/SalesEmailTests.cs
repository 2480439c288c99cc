using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.TestSupport;
using SalesInsightActions.Web.Sync.Activities;
using MarketoTestClient = SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Sync.Activities.SalesEmails;

/// <summary>
/// Send email on a person's page → outbox → maildev, with its pixel and tracked links; opens and clicks recorded by our
/// own routes; every kind written to Marketo (Get Lead Activities) and Salesforce (a Task query), end to end.
/// </summary>
public sealed class SalesEmailTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await SalesEmailWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_sent_email_reaches_the_person_with_its_pixel_and_tracked_links_and_is_written_to_both_vendors()
    {
        var (person, subject, email, outbox) = await SalesEmailWorld.SendAsync(_world);

        // Stored together: the outbox row, the email and its Send Sales Email activity with both writes pending.
        var activity = Assert.Single(await _world.ActivitiesAsync());
        Assert.Equal(SalesActivityKind.SendSalesEmail, activity.Kind);
        Assert.Equal(email.Id, activity.Read().EmailId);
        Assert.All(activity.Writes, w => Assert.Equal(ActivityWriteState.Pending, w.State));
        Assert.Equal(outbox.MessageId, email.MessageId);
        Assert.Equal(["https://example.com/pricing?plan=team&seats=5", "https://example.com/deck"], email.ReadLinks());

        // Delivered through SMTP: from the rep's name on our address, replies to the rep, the pixel and tracked links in it.
        var received = await Maildev.WaitForMessageToAsync(person.Email!, subject);
        Assert.Equal($"<{email.MessageId}>", received.MessageIdHeader);
        Assert.Contains("via Sales Insight Actions", Assert.Single(received.From).Name);
        Assert.Contains(ActivityWorld.RepEmail, received.Headers["reply-to"].ToString());
        Assert.Contains("/open.gif", received.Html);
        Assert.Contains("/link/0", received.Html);
        Assert.Contains("/link/1", received.Html);
        Assert.DoesNotContain("href=\"https://example.com/pricing", received.Html);
        Assert.Contains(">https://example.com/pricing?plan=team&amp;seats=5</a>.", received.Html);
        Assert.Contains("/link/0", received.Text);

        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal((1, 1), (marketo.Written, salesforce.Written));
        var landed = Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.SendSalesEmail));
        Assert.Equal(subject, landed.GetProperty("primaryAttributeValue").GetString());
        Assert.Equal(ActivityWorld.RepEmail, MarketoTestClient.Attribute(landed, "Sent By"));
        Assert.Equal("Sales App", MarketoTestClient.Attribute(landed, "Source"));
        var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{activity.Id:N}'"));
        Assert.Equal($"Email: {subject}", task.GetProperty("Subject").GetString());
        Assert.Equal("Email", task.GetProperty("Type").GetString());

        var page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("Send Sales Email", page);
        Assert.Contains($"Subject: {subject}", page);
        Assert.Contains("Opens: 0 · Clicks: 0", page);
        Assert.Contains("data-destination=\"Marketo\" data-state=\"Written\"", page);
        Assert.Contains("data-destination=\"Salesforce\" data-state=\"Written\"", page);
    }

    [Fact]
    public async Task The_first_open_is_an_activity_repeats_are_counted_on_the_email_and_HEAD_or_scanners_are_not_counted()
    {
        var (person, subject, email, outbox) = await SalesEmailWorld.SendAsync(_world);
        var pixel = SalesEmailWorld.TrackedPath(outbox.HtmlBody);
        using var reader = _world.Anonymous();

        // Served, but not counted: HEAD, no user agent, a security gateway, a bot.
        foreach (var (agent, head) in new (string?, bool)[] { (SalesEmailWorld.BrowserAgent, true), (null, false), ("Barracuda Sentinel (EE)", false), ("Mozilla/5.0 (compatible; bingbot/2.0)", false) })
        {
            var served = await SalesEmailWorld.HitAsync(reader, pixel, agent, head);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("image/gif", served.Content.Headers.ContentType!.MediaType);
        }

        Assert.Single(await _world.ActivitiesAsync());

        // The person opens it twice: one Open Sales Email, two opens on the email.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var opened = await SalesEmailWorld.HitAsync(reader, pixel);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            Assert.Contains("no-store", opened.Headers.CacheControl!.ToString());
        }

        var open = Assert.Single(await _world.ActivitiesAsync(), a => a.Kind == SalesActivityKind.OpenSalesEmail);
        Assert.Equal(2, await _world.WithDbAsync(db => db.SalesEmails.Where(e => e.Id == email.Id).Select(e => e.OpenCount).SingleAsync()));

        // An unknown token gets the same pixel and records nothing.
        Assert.Equal(HttpStatusCode.OK, (await SalesEmailWorld.HitAsync(reader, "/email/not-a-token/open.gif")).StatusCode);
        Assert.Equal(2, (await _world.ActivitiesAsync()).Count);

        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal((2, 2), (marketo.Written, salesforce.Written));
        var landed = Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.OpenSalesEmail));
        Assert.Equal(subject, landed.GetProperty("primaryAttributeValue").GetString());
        Assert.Equal(open.Id.ToString("N"), MarketoTestClient.Attribute(landed, "Sales App Activity ID"));
        var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{open.Id:N}'"));
        Assert.Equal($"Open Sales Email: {subject}", task.GetProperty("Subject").GetString());
        Assert.Equal("Email", task.GetProperty("Type").GetString());
        Assert.Contains("Opens: 2 · Clicks: 0", await _world.Rep.GetStringAsync($"/people/{person.MarketoId}"));
    }

    [Fact]
    public async Task A_tracked_link_redirects_only_to_a_link_of_the_email_and_the_first_click_on_each_link_is_an_activity()
    {
        var (person, subject, email, outbox) = await SalesEmailWorld.SendAsync(_world);
        var pricing = SalesEmailWorld.TrackedPath(outbox.HtmlBody, 0);
        var deck = SalesEmailWorld.TrackedPath(outbox.HtmlBody, 1);
        using var reader = _world.Anonymous();

        // A link scanner's HEAD is redirected but not counted.
        var scanned = await SalesEmailWorld.HitAsync(reader, pricing, head: true);
        Assert.Equal(HttpStatusCode.Redirect, scanned.StatusCode);
        Assert.Single(await _world.ActivitiesAsync());

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var clicked = await SalesEmailWorld.HitAsync(reader, pricing);
            Assert.Equal(HttpStatusCode.Redirect, clicked.StatusCode);
            Assert.Equal("https://example.com/pricing?plan=team&seats=5", clicked.Headers.Location!.AbsoluteUri);
        }

        Assert.Equal("https://example.com/deck", (await SalesEmailWorld.HitAsync(reader, deck)).Headers.Location!.AbsoluteUri);

        // No redirect anywhere else: a link the email did not have, an unknown token, an address in the query.
        Assert.Equal(HttpStatusCode.NotFound, (await SalesEmailWorld.HitAsync(reader, pricing.Replace("/link/0", "/link/2"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SalesEmailWorld.HitAsync(reader, "/email/not-a-token/link/0")).StatusCode);
        var smuggled = await SalesEmailWorld.HitAsync(reader, pricing + "?url=https://evil.example/");
        Assert.Equal("https://example.com/pricing?plan=team&seats=5", smuggled.Headers.Location!.AbsoluteUri);

        // One click activity per link; the clicks counted on the email; the click proves an open (images were off).
        var activities = await _world.ActivitiesAsync();
        var clicks = activities.Where(a => a.Kind == SalesActivityKind.ClickSalesEmail).ToList();
        Assert.Equal(["https://example.com/pricing?plan=team&seats=5", "https://example.com/deck"], clicks.Select(c => c.Read().Url));
        Assert.Single(activities, a => a.Kind == SalesActivityKind.OpenSalesEmail);
        var stored = await _world.WithDbAsync(db => db.SalesEmails.AsNoTracking().SingleAsync(e => e.Id == email.Id));
        Assert.Equal((4, 1), (stored.ClickCount, stored.OpenCount));

        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal((4, 4), (marketo.Written, salesforce.Written));
        var landed = await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.ClickSalesEmail);
        Assert.Equal(2, landed.Count);
        Assert.All(landed, a => Assert.Equal(subject, a.GetProperty("primaryAttributeValue").GetString()));
        var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{clicks[0].Id:N}'"));
        Assert.Equal($"Click Sales Email: {subject}", task.GetProperty("Subject").GetString());
        Assert.Equal("Email", task.GetProperty("Type").GetString());

        var page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("Link: https://example.com/deck", page);
        Assert.Contains("Opens: 1 · Clicks: 4", page);
    }

    [Fact]
    public async Task An_email_to_a_person_without_a_Salesforce_id_is_matched_by_address_and_one_no_one_has_is_skipped_with_the_reason()
    {
        var matched = await _world.PersonAsync(withSalesforceId: false);
        var unknown = await _world.PersonAsync(withSalesforceId: false, skip: 1);
        await _world.WithDbAsync(async db =>
        {
            var row = await db.People.FirstAsync(p => p.MarketoId == unknown.MarketoId);
            row.Email = $"nobody-{Guid.NewGuid():N}@nowhere.example";
            return await db.SaveChangesAsync();
        });
        await _world.SendEmailAsync(matched.MarketoId, "By address", "Hello");
        await _world.SendEmailAsync(unknown.MarketoId, "To no one in Salesforce", "Hello");

        var (_, salesforce) = await _world.RunWritersAsync();
        Assert.Equal((1, 1), (salesforce.Written, salesforce.Skipped));
        var sent = (await _world.ActivitiesAsync()).Single(a => a.PersonMarketoId == matched.MarketoId);
        var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{sent.Id:N}'"));
        Assert.Equal(matched.SalesforceContactId ?? matched.SalesforceLeadId, task.GetProperty("WhoId").GetString());

        var page = await _world.Rep.GetStringAsync($"/people/{unknown.MarketoId}");
        Assert.Contains("data-destination=\"Salesforce\" data-state=\"Skipped\"", page);
        Assert.Contains("No Salesforce contact or lead has this person", page);
    }

    [Fact]
    public async Task An_email_without_a_subject_or_message_is_refused_and_a_form_posted_twice_sends_one_email()
    {
        var person = await _world.PersonAsync();
        var noSubject = await _world.SendEmailAsync(person.MarketoId, " ", "Hello");
        Assert.Contains("The email was not sent: enter a subject.", await _world.Rep.GetStringAsync(noSubject.Headers.Location!.OriginalString));
        var noBody = await _world.SendEmailAsync(person.MarketoId, "Hi", "");
        Assert.Contains("The email was not sent: write a message.", await _world.Rep.GetStringAsync(noBody.Headers.Location!.OriginalString));
        var tooLong = await _world.SendEmailAsync(person.MarketoId, new string('s', 201), "Hello");
        Assert.Contains("the subject can be at most 200 characters long", await _world.Rep.GetStringAsync(tooLong.Headers.Location!.OriginalString));
        Assert.Empty(await _world.ActivitiesAsync());
        Assert.Equal(0, await _world.WithDbAsync(db => db.SalesEmails.CountAsync()));

        const string key = "fedcba9876543210fedcba9876543210";
        var subject = $"Once {Guid.NewGuid():N}";
        await _world.SendEmailAsync(person.MarketoId, subject, "Hello", key);
        var twice = await _world.SendEmailAsync(person.MarketoId, subject, "Hello", key);
        Assert.Contains("This email was already sent.", await _world.Rep.GetStringAsync(twice.Headers.Location!.OriginalString));
        Assert.Single(await _world.ActivitiesAsync());
        Assert.Equal(1, await _world.WithDbAsync(db => db.OutboxEmails.CountAsync(o => o.Subject == subject)));

        // A person Marketo has no address for gets no form, and a post anyway sends nothing.
        await _world.WithDbAsync(async db =>
        {
            var row = await db.People.FirstAsync(p => p.MarketoId == person.MarketoId);
            row.Email = null;
            return await db.SaveChangesAsync();
        });
        Assert.Contains("data-no-email", await _world.Rep.GetStringAsync($"/people/{person.MarketoId}"));
    }
}

/// <summary>Opens and clicks right after the email left are a mail server's scanner fetching on receipt: served, not counted.</summary>
public sealed class SalesEmailScannerWindowTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await SalesEmailWorld.StartAsync(scannerWindow: "01:00:00");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_click_and_an_open_within_the_window_after_sending_are_served_but_not_counted()
    {
        var (_, _, email, outbox) = await SalesEmailWorld.SendAsync(_world);
        using var reader = _world.Anonymous();
        var clicked = await SalesEmailWorld.HitAsync(reader, SalesEmailWorld.TrackedPath(outbox.HtmlBody, 0));
        Assert.Equal(HttpStatusCode.Redirect, clicked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SalesEmailWorld.HitAsync(reader, SalesEmailWorld.TrackedPath(outbox.HtmlBody))).StatusCode);

        Assert.Equal(SalesActivityKind.SendSalesEmail, Assert.Single(await _world.ActivitiesAsync()).Kind);
        var stored = await _world.WithDbAsync(db => db.SalesEmails.AsNoTracking().SingleAsync(e => e.Id == email.Id));
        Assert.Equal((0, 0), (stored.OpenCount, stored.ClickCount));
    }
}
