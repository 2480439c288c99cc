using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Email;

/// <summary>
/// Issue 10, finding 6: the dev mailbox showed every account's invitation links to anyone. It exists only in sandbox
/// mode and shows a visitor only their own mail: a member their account's (an admin) or their own (a standard user),
/// a browser that pressed Send Invite on Actions Config the invitations it sent, anyone else nothing.
/// </summary>
public sealed partial class DevMailboxPageTests : AppTest
{
    private const string ActionsConfig = "/admin/sales-insight/actions-config";

    protected override bool RealHttp => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "true",
        ["Email:DevMailbox"] = "true",
        ["ActionsConfig:EndpointTemplate"] = "{requestBase}/sandbox/",
        ["ActionsConfig:ChecksPerAddress"] = "1000",
        ["Marketo:RetryBaseDelay"] = "00:00:00",
    };

    /// <summary>A cookie-keeping client that does not follow redirects (the factory's Kestrel clients ignore that option).</summary>
    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = App.ServerAddress };

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = Browser();
        var response = await AccountSeeder.PostFormAsync(browser, "/sign-in", new() { ["Email"] = email, ["Password"] = AccountSeeder.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private static OutboxEmail Sent(Guid? account, string to, string subject, string html, DateTime sentAt) => new()
    {
        SalesAccountId = account, ToAddress = to, Subject = subject, HtmlBody = html, TextBody = "text", MessageId = $"{Guid.NewGuid():N}@test.example",
        State = OutboxEmailState.Sent, Attempts = 1, CreatedAt = sentAt, NextAttemptAt = sentAt, SentAt = sentAt,
    };

    private async Task AddAsync(params OutboxEmail[] mail)
    {
        await using var scope = App.CreateScope(null, out var db);
        db.OutboxEmails.AddRange(mail);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Dev_mailbox_lists_sent_mail_newest_first_and_shows_a_message_sandboxed_with_its_links()
    {
        var account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, account, "render.admin@acme.example");
        var older = Sent(account, "old@acme.example", "Older invitation", "<p>old</p>", DateTime.UtcNow.AddMinutes(-5));
        var newer = Sent(account, "new@acme.example", "Newer invitation", "<p>Hi</p><a href=\"https://app.example/invitations/accept?token=abc&amp;x=1\">Get Started</a><script>alert(1)</script>", DateTime.UtcNow);
        var pending = Sent(account, "pending@acme.example", "Not sent yet", "x", DateTime.UtcNow);
        pending.State = OutboxEmailState.Pending;
        pending.SentAt = null;
        pending.NextAttemptAt = DateTime.UtcNow.AddDays(1);
        await AddAsync(older, newer, pending);
        using var client = await SignedInAsync("render.admin@acme.example");

        var list = await client.GetStringAsync("/dev/mailbox");
        var message = await client.GetStringAsync($"/dev/mailbox?id={newer.Id}");

        Assert.True(list.IndexOf("Newer invitation", StringComparison.Ordinal) < list.IndexOf("Older invitation", StringComparison.Ordinal));
        Assert.DoesNotContain("Not sent yet", list, StringComparison.Ordinal);
        Assert.Contains("sandbox=\"\"", message, StringComparison.Ordinal);
        Assert.Contains("srcdoc=\"&lt;p&gt;Hi&lt;/p&gt;", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", message, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://app.example/invitations/accept?token=abc&amp;x=1\">https://app.example/invitations/accept?token=abc&amp;x=1</a>", message, StringComparison.Ordinal);
        Assert.Contains("You see only your own mail", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_accounts_invitation_is_visible_neither_to_a_member_of_the_first_account_nor_to_an_anonymous_visitor()
    {
        var first = await AccountSeeder.CreateAccountAsync(App, "First");
        var second = await AccountSeeder.CreateAccountAsync(App, "Second");
        await AccountSeeder.CreateActiveMemberAsync(App, first, "ada.admin@first.example");
        await AccountSeeder.CreateActiveMemberAsync(App, first, "sam.user@first.example", MemberRole.StandardUser);
        var toColleague = Sent(first, "new.colleague@first.example", "Invitation to First (colleague)", "<p>first</p>", DateTime.UtcNow.AddMinutes(-2));
        var toSam = Sent(first, "Sam.User@first.example", "A note for Sam", "<p>sam</p>", DateTime.UtcNow.AddMinutes(-1));
        var otherAccount = Sent(second, "zoe@second.example", "Invitation to Second", "<a href=\"https://app.example/invitations/accept?token=second-secret\">Get Started</a>", DateTime.UtcNow);
        var global = Sent(null, "nobody@nowhere.example", "Not of any account", "<p>x</p>", DateTime.UtcNow);
        await AddAsync(toColleague, toSam, otherAccount, global);

        using var admin = await SignedInAsync("ada.admin@first.example");
        var adminList = await admin.GetStringAsync("/dev/mailbox");
        Assert.Contains("Invitation to First (colleague)", adminList, StringComparison.Ordinal);
        Assert.Contains("A note for Sam", adminList, StringComparison.Ordinal);
        Assert.DoesNotContain("Invitation to Second", adminList, StringComparison.Ordinal);
        Assert.DoesNotContain("Not of any account", adminList, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/dev/mailbox?id={otherAccount.Id}")).StatusCode);

        using var standard = await SignedInAsync("sam.user@first.example");
        var standardList = await standard.GetStringAsync("/dev/mailbox");
        Assert.Contains("A note for Sam", standardList, StringComparison.Ordinal);
        Assert.DoesNotContain("Invitation to First (colleague)", standardList, StringComparison.Ordinal);
        Assert.DoesNotContain("Invitation to Second", standardList, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await standard.GetAsync($"/dev/mailbox?id={toColleague.Id}")).StatusCode);

        using var anonymous = Browser();
        var anonymousList = await anonymous.GetStringAsync("/dev/mailbox");
        Assert.DoesNotContain("Invitation to", anonymousList, StringComparison.Ordinal);
        Assert.DoesNotContain("second-secret", anonymousList, StringComparison.Ordinal);
        Assert.Contains("press Send Invite on Actions Config in this browser", anonymousList, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/dev/mailbox?id={otherAccount.Id}")).StatusCode);
        // A made-up provisioning cookie is ignored, not trusted.
        using var forger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = App.ServerAddress };
        forger.DefaultRequestHeaders.Add("Cookie", $"sia.dev-mailbox={second:N}");
        Assert.DoesNotContain("Invitation to Second", await forger.GetStringAsync("/dev/mailbox"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_browser_that_pressed_send_invite_reads_that_invitation_and_nothing_else_and_other_browsers_do_not()
    {
        var otherAccount = await AccountSeeder.CreateAccountAsync(App, "Other");
        var foreign = Sent(otherAccount, "zoe@other.example", "Invitation to Other", "<p>other</p>", DateTime.UtcNow);
        await AddAsync(foreign);
        using var provisioner = Browser();
        var munchkinId = $"{Random.Shared.Next(100, 999)}-MBX-{Random.Shared.Next(100, 999)}";
        var verify = await AccountSeeder.PostFormAsync(provisioner, ActionsConfig + "?handler=Verify", new()
        {
            ["Input.MunchkinId"] = munchkinId, ["Input.ClientId"] = "sim-marketo-client-id", ["Input.ClientSecret"] = "sim-marketo-client-secret",
        }, formPageUrl: ActionsConfig);
        Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
        var page = await provisioner.GetStringAsync(ActionsConfig);
        var marta = Regex.Match(page, """<tr data-email="marta.admin@sim-marketo.example">.*?name="userIds" value="(?<id>[^"]+)""", RegexOptions.Singleline).Groups["id"].Value;
        var invite = await AccountSeeder.PostFormAsync(provisioner, ActionsConfig + "?handler=Invite", new() { ["userIds"] = marta }, formPageUrl: ActionsConfig);
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);

        var sent = await SentToAsync("marta.admin@sim-marketo.example");
        var list = await provisioner.GetStringAsync("/dev/mailbox");
        Assert.Contains("marta.admin@sim-marketo.example", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Invitation to Other", list, StringComparison.Ordinal);
        Assert.Contains("/invitations/accept?token=", await provisioner.GetStringAsync($"/dev/mailbox?id={sent}"), StringComparison.Ordinal);

        using var stranger = Browser();
        Assert.DoesNotContain("marta.admin@sim-marketo.example", await stranger.GetStringAsync("/dev/mailbox"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/dev/mailbox?id={sent}")).StatusCode);
    }

    [Fact]
    public async Task Dev_mailbox_is_not_found_outside_sandbox_mode()
    {
        await using var app = new AppFactory(Database.ConnectionString, new Dictionary<string, string?> { ["Email:DevMailbox"] = "true", ["Sandbox:Enabled"] = "false" });
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/mailbox")).StatusCode);
    }

    /// <summary>Waits for the dispatcher to deliver the message to the dev mailbox; returns its id.</summary>
    private async Task<Guid> SentToAsync(string address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var scope = App.CreateScope(null, out var db))
            {
                if (await db.OutboxEmails.Where(e => e.ToAddress == address && e.State == OutboxEmailState.Sent).Select(e => (Guid?)e.Id).FirstOrDefaultAsync() is { } id)
                {
                    return id;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"No mail to {address} was delivered to the dev mailbox.");
            await Task.Delay(200);
        }
    }
}
