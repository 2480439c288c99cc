using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesInsightActions.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Onboarding.ActionsConfig;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Onboarding.ActionsConfig;

/// <summary>
/// Actions Config over real HTTP in sandbox mode: the app listens on Kestrel and checks credentials against its own
/// in-process Marketo simulator; every Munchkin ID is aimed at that simulator so new accounts can be created.
/// </summary>
public sealed partial class ActionsConfigTests : AppTest
{
    private const string Page = "/admin/sales-insight/actions-config";

    protected override bool RealHttp => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "true",
        ["ActionsConfig:EndpointTemplate"] = "{requestBase}/sandbox/",
        ["Marketo:RetryBaseDelay"] = "00:00:00",
        ["ActionsConfig:ChecksPerAddress"] = "1000",
        ["ActionsConfig:ChecksPerMunchkinId"] = "3",
    };

    private static string NewMunchkinId() => $"{Random.Shared.Next(100, 999)}-{(char)('A' + Random.Shared.Next(26))}QZ-{Random.Shared.Next(100, 999)}";

    /// <summary>A cookie-keeping client that does not follow redirects (the factory's Kestrel clients ignore that option).</summary>
    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = App.ServerAddress };

    private static async Task<HttpResponseMessage> VerifyAsync(HttpClient browser, string munchkinId, string secret = "sim-marketo-client-secret")
    {
        var response = await AccountSeeder.PostFormAsync(browser, Page + "?handler=Verify", new()
        {
            ["Input.MunchkinId"] = munchkinId,
            ["Input.ClientId"] = "  sim-marketo-client-id ",
            ["Input.ClientSecret"] = secret,
        }, formPageUrl: Page);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail("Verify did not redirect: " + string.Join(" | ", Regex.Matches(body, "class=\"[^\"]*error[^\"]*\"[^>]*>(?<text>[^<]+)<|role=\"alert\"[^>]*>(?<text>[^<]+)<").Select(m => m.Groups["text"].Value)));
        }

        return response;
    }

    [Fact]
    public async Task Verified_credentials_create_the_account_then_send_invite_makes_the_first_admin_the_original_user()
    {
        var munchkinId = NewMunchkinId();
        using var browser = Browser();

        var verify = await VerifyAsync(browser, $"  {munchkinId.ToLowerInvariant()} ", " sim-marketo-client-secret  ");
        Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
        var page = await browser.GetStringAsync(Page);
        Assert.Contains($"Verified. The Sales account for {munchkinId} is set up", page, StringComparison.Ordinal);
        Assert.Contains("marta.admin@sim-marketo.example", page, StringComparison.Ordinal);
        Assert.DoesNotContain("sales-insight-api@sim-marketo.example", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Integration Information", page, StringComparison.Ordinal);

        Guid accountId;
        await using (var scope = App.CreateScope(null, out var db))
        {
            var account = await db.SalesAccounts.SingleAsync(a => a.MunchkinId == munchkinId);
            Assert.Equal(LoginManagement.AllLoginMethods, account.LoginManagement);
            accountId = account.Id;
        }

        await using (var scope = App.CreateScope(accountId, out var db))
        {
            var credentials = await db.ActionsConfigCredentials.SingleAsync();
            Assert.Equal("sim-marketo-client-id", credentials.ClientId);
            Assert.DoesNotContain("sim-marketo-client-secret", credentials.ProtectedClientSecret, StringComparison.Ordinal);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AccountProvisioned && e.Target == munchkinId));
        }

        var martaId = AdminCheckbox(page, "marta.admin@sim-marketo.example");
        var earlierMail = (await Maildev.MessagesToAsync(IsMarta)).Select(m => m.Id).ToHashSet();
        var invite = await AccountSeeder.PostFormAsync(browser, Page + "?handler=Invite", new() { ["userIds"] = martaId }, formPageUrl: Page);
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        page = await browser.GetStringAsync(Page);
        Assert.Contains("Invited 1 admin; they will get an email with a Get Started link.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("1 admins", page, StringComparison.Ordinal);
        Assert.Contains("Integration Information", page, StringComparison.Ordinal);
        // The sandbox pre-fills the simulator's public credentials in the form; the card itself shows only the mask.
        var card = page[page.IndexOf("Integration Information", StringComparison.Ordinal)..page.IndexOf("id=\"action-field-sync\"", StringComparison.Ordinal)];
        Assert.Contains("sim-marketo-client-id", card, StringComparison.Ordinal);
        Assert.Contains("••••", card, StringComparison.Ordinal);
        Assert.DoesNotContain("sim-marketo-client-secret", card, StringComparison.Ordinal);

        await using (var scope = App.CreateScope(accountId, out var db))
        {
            var marta = await db.Members.SingleAsync();
            Assert.Equal("marta.admin@sim-marketo.example", marta.Email);
            Assert.Equal(MemberRole.Admin, marta.Role);
            Assert.Equal(MemberStatus.Invited, marta.Status);
            Assert.True(marta.IsOriginalUser);
            Assert.True(await db.Invitations.AnyAsync(i => i.MemberId == marta.Id));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.MembersInvited));
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<MaildevMessage> newMail;
        do
        {
            await Task.Delay(200);
            newMail = [.. (await Maildev.MessagesToAsync(IsMarta)).Where(m => !earlierMail.Contains(m.Id))];
        }
        while (newMail.Count == 0 && DateTime.UtcNow < deadline);
        Assert.NotEmpty(newMail);

        // Re-entering the same Munchkin ID in another browser re-opens the same account.
        using var second = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await VerifyAsync(second, munchkinId)).StatusCode);
        Assert.Contains($"Verified. This is the Sales account for {munchkinId}.", await second.GetStringAsync(Page), StringComparison.Ordinal);
        await using (var scope = App.CreateScope(null, out var db))
        {
            Assert.Equal(1, await db.SalesAccounts.CountAsync(a => a.MunchkinId == munchkinId));
        }
    }

    [Fact]
    public async Task Send_invite_counts_admins_in_words_that_agree_with_the_number_in_English_and_Chinese()
    {
        using var english = Browser();
        await VerifyAsync(english, NewMunchkinId());
        var page = await english.GetStringAsync(Page);
        await AccountSeeder.PostFormAsync(english, Page + "?handler=Invite", new()
        {
            ["userIds"] = AdminCheckbox(page, "marta.admin@sim-marketo.example"),
        }, formPageUrl: Page, extra: [new("userIds", AdminCheckbox(page, "kofi.admin@sim-marketo.example"))]);
        Assert.Contains("Invited 2 admins; each will get an email with a Get Started link.", await english.GetStringAsync(Page), StringComparison.Ordinal);

        using var chinese = Browser();
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        await VerifyAsync(chinese, NewMunchkinId());
        page = await chinese.GetStringAsync(Page);
        // One email belongs to one Sales account: the Chinese account invites an admin the English one did not.
        await AccountSeeder.PostFormAsync(chinese, Page + "?handler=Invite", new() { ["userIds"] = AdminCheckbox(page, "lena.ops@sim-marketo.example") }, formPageUrl: Page);
        page = WebUtility.HtmlDecode(await chinese.GetStringAsync(Page));
        Assert.Contains("已邀请 1 位管理员；对方将收到一封包含“开始使用”链接的电子邮件。", page, StringComparison.Ordinal);
        Assert.DoesNotContain("他们", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_and_nothing_is_stored()
    {
        var munchkinId = NewMunchkinId();
        using var browser = Browser();

        var verify = await VerifyAsync(browser, munchkinId, "not-the-secret");

        Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
        var page = await browser.GetStringAsync(verify.Headers.Location!.OriginalString);
        Assert.Contains($"Marketo refused the client ID and client secret for {munchkinId}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("marta.admin@sim-marketo.example", page, StringComparison.Ordinal);
        await using var scope = App.CreateScope(null, out var db);
        Assert.False(await db.SalesAccounts.AnyAsync(a => a.MunchkinId == munchkinId));
    }

    [Fact]
    public async Task An_unknown_munchkin_id_is_named_and_nothing_is_stored()
    {
        var options = App.Services.GetRequiredService<IOptions<ActionsConfigOptions>>().Value;
        var template = options.EndpointTemplate;
        options.EndpointTemplate = "{requestBase}/no-such-subscription/";
        try
        {
            var munchkinId = NewMunchkinId();
            using var browser = Browser();
            var verify = await VerifyAsync(browser, munchkinId);
            Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
            var page = await browser.GetStringAsync(verify.Headers.Location!.OriginalString);
            Assert.Contains($"Marketo does not know the Munchkin ID {munchkinId}.", page, StringComparison.Ordinal);
            await AssertNothingStoredAsync(munchkinId);
        }
        finally
        {
            options.EndpointTemplate = template;
        }
    }

    [Fact]
    public async Task A_missing_user_management_permission_is_named_and_nothing_is_stored()
    {
        var simulators = App.Services.GetRequiredService<SimulatorOptions>();
        simulators.Marketo.UserManagementAccess = false;
        try
        {
            var munchkinId = NewMunchkinId();
            using var browser = Browser();
            var verify = await VerifyAsync(browser, munchkinId);
            Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
            var page = await browser.GetStringAsync(verify.Headers.Location!.OriginalString);
            Assert.Contains($"The API-only user of {munchkinId} lacks the Access User Management Api permission.", page, StringComparison.Ordinal);
            await AssertNothingStoredAsync(munchkinId);
        }
        finally
        {
            simulators.Marketo.UserManagementAccess = true;
        }
    }

    [Fact]
    public async Task Checks_beyond_the_limit_for_one_munchkin_id_are_refused_with_a_clear_message()
    {
        var munchkinId = NewMunchkinId();
        using var browser = Browser();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await VerifyAsync(browser, munchkinId, "not-the-secret");
            Assert.Contains("Marketo refused the client ID and client secret", await browser.GetStringAsync(allowed.Headers.Location!.OriginalString), StringComparison.Ordinal);
        }

        var refused = await VerifyAsync(browser, munchkinId);
        var page = await browser.GetStringAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("Too many checks. Try again in", page, StringComparison.Ordinal);
        await AssertNothingStoredAsync(munchkinId);
    }

    [Fact]
    public async Task A_host_that_never_answers_is_named_unreachable_after_one_attempt_within_the_check_timeout()
    {
        // Accepts connections and never answers, as a dead or black-holed Marketo host would look from here.
        using var host = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var accepted = new List<System.Net.Sockets.TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                var client = await host.AcceptTcpClientAsync();
                lock (accepted)
                {
                    accepted.Add(client);
                }
            }
        });
        var options = App.Services.GetRequiredService<IOptions<ActionsConfigOptions>>().Value;
        var (template, timeout) = (options.EndpointTemplate, options.VerifyTimeout);
        options.EndpointTemplate = $"http://127.0.0.1:{((IPEndPoint)host.LocalEndpoint).Port}/";
        options.VerifyTimeout = TimeSpan.FromSeconds(1);
        try
        {
            var munchkinId = NewMunchkinId();
            using var browser = Browser();
            var verify = await VerifyAsync(browser, munchkinId);

            var page = await browser.GetStringAsync(verify.Headers.Location!.OriginalString);
            Assert.Contains($"Marketo could not be reached for {munchkinId}. Nothing was saved; try again in a few minutes.", page, StringComparison.Ordinal);
            lock (accepted)
            {
                Assert.Single(accepted);
            }

            await AssertNothingStoredAsync(munchkinId);
        }
        finally
        {
            (options.EndpointTemplate, options.VerifyTimeout) = (template, timeout);
            host.Stop();
            lock (accepted)
            {
                accepted.ForEach(c => c.Dispose());
            }

            await Assert.ThrowsAnyAsync<Exception>(() => accepting);
        }
    }

    [Fact]
    public async Task A_Marketo_that_answers_503_is_named_unreachable_not_refused()
    {
        var faults = App.Services.GetRequiredService<SalesInsightActions.Simulators.Faults.FaultInjector>();
        faults.Apply(new SalesInsightActions.Simulators.Faults.FaultOptions { ServerErrorRate = 1.0, ServerErrorStatus = 503 });
        try
        {
            var munchkinId = NewMunchkinId();
            using var browser = Browser();
            var verify = await VerifyAsync(browser, munchkinId);

            var page = await browser.GetStringAsync(verify.Headers.Location!.OriginalString);
            Assert.Contains($"Marketo could not be reached for {munchkinId}.", page, StringComparison.Ordinal);
            await AssertNothingStoredAsync(munchkinId);
        }
        finally
        {
            faults.Reset();
        }
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_even_right_after_the_right_one_was_verified()
    {
        var munchkinId = NewMunchkinId();
        using (var first = Browser())
        {
            await VerifyAsync(first, munchkinId);
        }

        using var second = Browser();
        var verify = await VerifyAsync(second, munchkinId, "not-the-secret");

        var page = await second.GetStringAsync(verify.Headers.Location!.OriginalString);
        Assert.Contains($"Marketo refused the client ID and client secret for {munchkinId}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("marta.admin@sim-marketo.example", page, StringComparison.Ordinal);
    }

    private async Task AssertNothingStoredAsync(string munchkinId)
    {
        await using var scope = App.CreateScope(null, out var db);
        Assert.False(await db.SalesAccounts.AnyAsync(a => a.MunchkinId == munchkinId));
    }

    private static bool IsMarta(string address) => string.Equals(address, "marta.admin@sim-marketo.example", StringComparison.OrdinalIgnoreCase);

    private static string AdminCheckbox(string page, string email)
    {
        var row = Regex.Match(page, $"""<tr data-email="{Regex.Escape(email)}">.*?name="userIds" value="(?<id>[^"]+)""", RegexOptions.Singleline);
        Assert.True(row.Success, $"No check box for {email}");
        return row.Groups["id"].Value;
    }
}
