using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Sync.Activities.SalesEmails;
using SalesInsightActions.Web.Sync.People;

namespace SalesInsightActions.Tests.Sync.Activities.SalesEmails;

/// <summary>What the sales email tests share on top of <see cref="ActivityWorld"/>: send one, find its tracked addresses, post to the webhook.</summary>
public static partial class SalesEmailWorld
{
    public const string BrowserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    /// <summary>Scanners are told apart by user agent and HEAD in these tests; the window after sending is tested on its own.</summary>
    public static Task<ActivityWorld> StartAsync(string scannerWindow = "00:00:00") =>
        ActivityWorld.StartAsync(new Dictionary<string, string?> { ["SalesEmail:ScannerWindow"] = scannerWindow });

    /// <summary>Sends an email with a unique subject to a synced person; returns the person, the subject and the stored rows.</summary>
    public static async Task<(Person Person, string Subject, SalesEmail Email, OutboxEmail Outbox)> SendAsync(
        ActivityWorld world, string body = "Hello,\nthe pricing is at https://example.com/pricing?plan=team&seats=5.\nSlides: https://example.com/deck\nBest", Person? to = null)
    {
        var person = to ?? await world.PersonAsync();
        var subject = $"Pricing for your team {Guid.NewGuid():N}";
        var sent = await world.SendEmailAsync(person.MarketoId, subject, body);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var email = await world.WithDbAsync(db => db.SalesEmails.AsNoTracking().SingleAsync(e => e.Subject == subject));
        var outbox = await world.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(o => o.Id == email.OutboxEmailId));
        // Stored sealed (the body carries the tracking token); tests read it as the mail transport does.
        var bodies = world.App.Services.GetRequiredService<OutboxBodies>();
        Assert.NotEqual(bodies.Open(outbox.HtmlBody), outbox.HtmlBody);
        outbox.HtmlBody = bodies.Open(outbox.HtmlBody);
        outbox.TextBody = bodies.Open(outbox.TextBody);
        outbox.ListUnsubscribe = outbox.ListUnsubscribe is null ? null : bodies.Open(outbox.ListUnsubscribe);
        return (person, subject, email, outbox);
    }

    /// <summary>The path of the open pixel (index null) or of a tracked link in the sent HTML.</summary>
    public static string TrackedPath(string html, int? link = null)
    {
        var urls = TrackedUrl().Matches(html).Select(m => new Uri(WebUtility.HtmlDecode(m.Value)).PathAndQuery).ToList();
        return link is { } i ? urls.Single(u => u.EndsWith($"/link/{i}", StringComparison.Ordinal)) : urls.Single(u => u.EndsWith("/open.gif", StringComparison.Ordinal));
    }

    public static async Task<HttpResponseMessage> HitAsync(HttpClient client, string path, string? userAgent = BrowserAgent, bool head = false)
    {
        using var request = new HttpRequestMessage(head ? HttpMethod.Head : HttpMethod.Get, path);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Creates the webhook secret as an admin does (Settings → Reply and bounce webhook → Create secret) and reads it off the page.</summary>
    public static async Task<string> CreateSecretAsync(ActivityWorld world)
    {
        using var admin = await AccountSeeder.SignInAsync(world.App, ActivityWorld.AdminEmail);
        var created = await AccountSeeder.PostFormAsync(admin, "/settings/inbound-mail?handler=Rotate", new(), "/settings/inbound-mail");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return SecretOn(await admin.GetStringAsync("/settings/inbound-mail"));
    }

    public static string SecretOn(string page) => Secret().Match(page) is { Success: true } m ? m.Groups["secret"].Value : throw new InvalidOperationException("No secret on the page.");

    public static async Task<HttpResponseMessage> PostInboundAsync(ActivityWorld world, string? secret, HttpContent content, Guid? account = null)
    {
        using var client = world.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/inbound-mail/{account ?? world.Account}") { Content = content };
        if (secret is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("inbound:" + secret)));
        }

        return await client.SendAsync(request);
    }

    /// <summary>A reply as SendGrid's Inbound Parse posts it (multipart/form-data, the raw header block in "headers").</summary>
    public static MultipartFormDataContent SendGridReply(string messageId, string inReplyTo, string from, string subject) => new()
    {
        { new StringContent($"Received: from mx.example by parse.example\r\nMessage-ID: <{messageId}>\r\nIn-Reply-To: <{inReplyTo}>\r\nReferences:\r\n <{inReplyTo}>\r\nFrom: {from}\r\nSubject: Re: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n"), "headers" },
        { new StringContent(from), "from" },
        { new StringContent("rep@acme.example"), "to" },
        { new StringContent("Re: " + subject), "subject" },
        { new StringContent("Sounds good, let's talk Monday."), "text" },
        { new StringContent("{\"to\":[\"rep@acme.example\"],\"from\":\"x@example.com\"}"), "envelope" },
    };

    [GeneratedRegex("""https?://[^"\s]+/email/[A-Za-z0-9_-]+/(?:open\.gif|link/\d+)""")]
    private static partial Regex TrackedUrl();

    [GeneratedRegex("""id="webhook-secret" class="handoff-url" type="text" readonly value="(?<secret>[^"]+)""")]
    private static partial Regex Secret();
}
