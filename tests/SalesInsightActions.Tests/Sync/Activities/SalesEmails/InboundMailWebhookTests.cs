using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Sync.Activities;

namespace SalesInsightActions.Tests.Sync.Activities.SalesEmails;

/// <summary>
/// The inbound-mail webhook: replies and bounces, posted as a mail provider's inbound parse does, authenticated with the
/// account's secret, matched to the sent email by Message-ID, recorded once per message id and written to both vendors.
/// </summary>
public sealed class InboundMailWebhookTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await SalesEmailWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_reply_is_matched_by_In_Reply_To_recorded_once_however_often_it_is_posted_and_written_as_a_Reply_Task()
    {
        var secret = await SalesEmailWorld.CreateSecretAsync(_world);
        var (person, subject, email, _) = await SalesEmailWorld.SendAsync(_world);
        var replyId = $"{Guid.NewGuid():N}@mail.example.com";

        foreach (var (expected, attempt) in new[] { ("Recorded", 1), ("Duplicate", 2), ("Duplicate", 3) })
        {
            var posted = await SalesEmailWorld.PostInboundAsync(_world, secret, SalesEmailWorld.SendGridReply(replyId, email.MessageId, person.Email!, subject));
            Assert.True(posted.StatusCode == HttpStatusCode.OK, $"Attempt {attempt}: {posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
            using var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
            Assert.Equal(expected, body.RootElement.GetProperty("outcome").GetString());
        }

        var reply = Assert.Single(await _world.ActivitiesAsync(), a => a.Kind == SalesActivityKind.RepliedToSalesEmail);
        Assert.Equal(email.Id, reply.Read().EmailId);
        Assert.NotNull(await _world.WithDbAsync(db => db.SalesEmails.Where(e => e.Id == email.Id).Select(e => e.RepliedAt).SingleAsync()));

        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal((2, 2), (marketo.Written, salesforce.Written));
        var landed = Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.RepliedToSalesEmail));
        Assert.Equal(subject, landed.GetProperty("primaryAttributeValue").GetString());
        var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{reply.Id:N}'"));
        Assert.Equal($"Reply: {subject}", task.GetProperty("Subject").GetString());
        Assert.Equal("Reply", task.GetProperty("Type").GetString());

        var page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("Replied to Sales Email", page);
        Assert.Contains("· Replied", page);
    }

    [Fact]
    public async Task A_bounce_is_matched_by_the_quoted_Message_ID_and_written_as_Sales_Email_Bounced()
    {
        var secret = await SalesEmailWorld.CreateSecretAsync(_world);
        var (person, subject, email, _) = await SalesEmailWorld.SendAsync(_world);

        // Mailgun's route shape: sender, recipient, message-headers as JSON pairs, body-plain quoting the failed message.
        var bounce = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["sender"] = "MAILER-DAEMON@mx.example.com",
            ["recipient"] = "bounces@sia.example",
            ["subject"] = "Undelivered Mail Returned to Sender",
            ["message-headers"] = JsonSerializer.Serialize(new[]
            {
                new[] { "Message-Id", $"<{Guid.NewGuid():N}@mx.example.com>" },
                new[] { "Content-Type", "multipart/report; report-type=delivery-status; boundary=\"b\"" },
            }),
            ["body-plain"] = $"Delivery to the following recipient failed permanently.\r\n\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\nMessage-ID: <{email.MessageId}>\r\nSubject: {subject}\r\n",
        });
        var posted = await SalesEmailWorld.PostInboundAsync(_world, secret, bounce);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Sales Email Bounced", await posted.Content.ReadAsStringAsync());

        var bounced = Assert.Single(await _world.ActivitiesAsync(), a => a.Kind == SalesActivityKind.SalesEmailBounced);
        Assert.Equal("smtp; 550 5.1.1 User unknown", bounced.Read().Notes);
        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal((2, 2), (marketo.Written, salesforce.Written));
        Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.SalesEmailBounced));
        var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{bounced.Id:N}'"));
        Assert.Equal($"Sales Email Bounced: {subject}", task.GetProperty("Subject").GetString());
        Assert.Equal("Email", task.GetProperty("Type").GetString());
        Assert.Contains("· Bounced", await _world.Rep.GetStringAsync($"/people/{person.MarketoId}"));
    }

    [Fact]
    public async Task A_missing_or_wrong_secret_or_another_account_is_refused_with_401_and_records_nothing()
    {
        var (person, subject, email, _) = await SalesEmailWorld.SendAsync(_world);
        HttpContent Reply() => SalesEmailWorld.SendGridReply($"{Guid.NewGuid():N}@mail.example.com", email.MessageId, person.Email!, subject);

        // Before an admin created a secret, nothing is accepted.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SalesEmailWorld.PostInboundAsync(_world, "anything", Reply())).StatusCode);

        var secret = await SalesEmailWorld.CreateSecretAsync(_world);
        var missing = await SalesEmailWorld.PostInboundAsync(_world, null, Reply());
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("webhook secret is missing or wrong", await missing.Content.ReadAsStringAsync());
        Assert.Equal("Basic", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SalesEmailWorld.PostInboundAsync(_world, secret + "x", Reply())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SalesEmailWorld.PostInboundAsync(_world, secret, Reply(), account: Guid.NewGuid())).StatusCode);

        // A Bearer token works as well as Basic.
        using (var client = _world.Anonymous())
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/inbound-mail/{_world.Account}") { Content = Reply() })
        {
            request.Headers.Authorization = new("Bearer", secret);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }

        Assert.Single(await _world.ActivitiesAsync(), a => a.Kind == SalesActivityKind.RepliedToSalesEmail);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_4xx_and_unrelated_or_automatic_mail_records_nothing()
    {
        var secret = await SalesEmailWorld.CreateSecretAsync(_world);
        var (person, subject, email, _) = await SalesEmailWorld.SendAsync(_world);

        async Task AssertProblemAsync(HttpContent content, HttpStatusCode status, string says)
        {
            var response = await SalesEmailWorld.PostInboundAsync(_world, secret, content);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains(says, await response.Content.ReadAsStringAsync());
        }

        await AssertProblemAsync(new StringContent("{\"from\":\"x@example.com\"}", Encoding.UTF8, "application/json"), HttpStatusCode.UnsupportedMediaType, "multipart/form-data");
        await AssertProblemAsync(new FormUrlEncodedContent(new Dictionary<string, string> { ["from"] = "x@example.com", ["subject"] = "Hi" }), HttpStatusCode.BadRequest, "no Message-ID header");
        await AssertProblemAsync(new FormUrlEncodedContent(new Dictionary<string, string> { ["headers"] = "Message-ID: <a@b.example>\r\n" }), HttpStatusCode.BadRequest, "no sender");
        await AssertProblemAsync(new FormUrlEncodedContent(new Dictionary<string, string> { ["sender"] = "x@example.com", ["message-headers"] = "{not json" }), HttpStatusCode.BadRequest, "not a JSON list");
        var broken = new ByteArrayContent(Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nx@example.com\r\n--b"));
        broken.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        await AssertProblemAsync(broken, HttpStatusCode.BadRequest, "not a readable form");

        // Well formed but about nothing we sent, or an out-of-office: accepted (so the provider stops retrying), nothing recorded.
        var unrelated = await SalesEmailWorld.PostInboundAsync(_world, secret, SalesEmailWorld.SendGridReply($"{Guid.NewGuid():N}@mail.example.com", "someone-else@elsewhere.example", person.Email!, subject));
        Assert.Contains("Unmatched", await unrelated.Content.ReadAsStringAsync());
        var outOfOffice = SalesEmailWorld.SendGridReply($"{Guid.NewGuid():N}@mail.example.com", email.MessageId, person.Email!, subject);
        outOfOffice.Add(new StringContent($"Message-ID: <{Guid.NewGuid():N}@mail.example.com>\r\nIn-Reply-To: <{email.MessageId}>\r\nAuto-Submitted: auto-replied\r\n"), "headers");
        var ignored = await SalesEmailWorld.PostInboundAsync(_world, secret, outOfOffice);
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);

        Assert.Equal(SalesActivityKind.SendSalesEmail, Assert.Single(await _world.ActivitiesAsync()).Kind);
    }

    [Fact]
    public async Task Only_admins_see_the_secret_and_rotating_it_makes_the_old_one_stop_working_and_is_audited()
    {
        var first = await SalesEmailWorld.CreateSecretAsync(_world);
        var second = await SalesEmailWorld.CreateSecretAsync(_world);
        Assert.NotEqual(first, second);
        Assert.True(second.Length >= 40);

        var (person, subject, email, _) = await SalesEmailWorld.SendAsync(_world);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SalesEmailWorld.PostInboundAsync(_world, first,
            SalesEmailWorld.SendGridReply($"{Guid.NewGuid():N}@mail.example.com", email.MessageId, person.Email!, subject))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SalesEmailWorld.PostInboundAsync(_world, second,
            SalesEmailWorld.SendGridReply($"{Guid.NewGuid():N}@mail.example.com", email.MessageId, person.Email!, subject))).StatusCode);

        using (var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail))
        {
            var page = await admin.GetStringAsync("/settings/inbound-mail");
            Assert.Contains($"/webhooks/inbound-mail/{_world.Account}", page);
            Assert.Contains("Rotate the secret?", page);
            Assert.Contains("Reply and bounce webhook", await admin.GetStringAsync("/settings"));
        }

        // A standard member (the rep) is refused the page.
        var refused = await _world.Rep.GetAsync("/settings/inbound-mail");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain(second, await refused.Content.ReadAsStringAsync());

        var audited = await _world.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.InboundMailSecretRotated).Select(e => e.Details).ToListAsync());
        Assert.Equal(["Created", "Rotated"], audited.Order());
    }
}
