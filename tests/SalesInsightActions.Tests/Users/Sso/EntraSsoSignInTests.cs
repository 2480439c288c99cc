using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Tests.Users.Sso;

/// <summary>Microsoft Entra ID sign-in through Microsoft.Identity.Web, driven over real HTTP against the Entra-like issuer.</summary>
public sealed class EntraSsoSignInTests : IAsyncLifetime
{
    private const string EntraUser = "user@sim-entra.example";
    private const string EntraAdmin = "admin@sim-entra.example";
    private const string EntraUserKey = EntraSsoHost.TenantId + "/4a1e0000-0000-4000-8000-0000000000b2";

    private EntraSsoHost _host = null!;

    public async Task InitializeAsync() => _host = await EntraSsoHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Sign_in_page_offers_microsoft_when_sso_is_configured()
    {
        await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: true);
        using var client = _host.CreateAppClient();

        var page = await client.GetStringAsync("/sign-in");

        Assert.Contains("id=\"sign-in-microsoft\"", page, StringComparison.Ordinal);
    }

    // Issue 10, finding 16: the button was shown whenever AzureAd was configured, though no account had turned it on.
    [Fact]
    public async Task Sign_in_page_hides_microsoft_until_an_account_turns_it_on()
    {
        await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: false);
        await _host.CreateAccountAsync(LoginManagement.SalesforceOnly, entraSso: true, name: "Fabrikam");
        using var client = _host.CreateAppClient();

        var page = await client.GetStringAsync("/sign-in");

        Assert.DoesNotContain("sign-in-microsoft", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Active_member_signs_in_with_microsoft_and_the_entra_user_is_linked_for_next_time()
    {
        var account = await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: true);
        var member = await _host.CreateMemberAsync(account, EntraUser, MemberStatus.Active);
        using var client = _host.CreateAppClient();

        var completed = await _host.SignInWithMicrosoftAsync(client, EntraUser);

        Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        Assert.Equal("/settings/sign-in-methods", completed.Headers.Location!.OriginalString);
        var memberPage = await client.GetAsync("/settings/sign-in-methods");
        Assert.Equal(HttpStatusCode.OK, memberPage.StatusCode);
        Assert.Matches("id=\"method-microsoft\">.*Linked<", await memberPage.Content.ReadAsStringAsync());
        var logins = await _host.QueryAsync(account, async (_, users) => await users.GetLoginsAsync((await users.FindByIdAsync(member.UserId!))!));
        Assert.Contains(logins, l => l.LoginProvider == "Entra" && l.ProviderKey == EntraUserKey);

        // Second time, in a fresh browser: found by the linked (tid, oid), no second link is added.
        using var again = _host.CreateAppClient();
        Assert.Equal(HttpStatusCode.Redirect, (await _host.SignInWithMicrosoftAsync(again, EntraUser)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/settings/sign-in-methods")).StatusCode);
        var loginsAfter = await _host.QueryAsync(account, async (_, users) => await users.GetLoginsAsync((await users.FindByIdAsync(member.UserId!))!));
        Assert.Single(loginsAfter, l => l.LoginProvider == "Entra");
    }

    [Fact]
    public async Task Admin_signed_in_with_microsoft_reaches_admin_pages()
    {
        var account = await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: true);
        await _host.CreateMemberAsync(account, EntraAdmin, MemberStatus.Active, MemberRole.Admin);
        using var client = _host.CreateAppClient();

        var completed = await _host.SignInWithMicrosoftAsync(client, EntraAdmin, returnUrl: "/users");

        Assert.Equal("/users", completed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/settings/login")).StatusCode);
    }

    [Fact]
    public async Task Invited_member_is_activated_by_the_first_microsoft_sign_in()
    {
        var account = await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: true);
        var member = await _host.CreateMemberAsync(account, EntraUser, MemberStatus.Invited);
        await _host.QueryAsync(account, async (db, _) =>
        {
            db.Invitations.Add(new Invitation
            {
                MemberId = member.Id, TokenHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()).PadRight(64, '0'),
                CreatedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddDays(7),
            });
            return await db.SaveChangesAsync();
        });
        using var client = _host.CreateAppClient();

        var completed = await _host.SignInWithMicrosoftAsync(client, EntraUser);

        Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/settings/sign-in-methods")).StatusCode);
        var activated = await _host.QueryAsync(account, (db, _) => db.Members.SingleAsync(m => m.Id == member.Id));
        Assert.Equal(MemberStatus.Active, activated.Status);
        Assert.NotNull(activated.UserId);
        Assert.NotNull(activated.ActivatedAt);
        var invitation = await _host.QueryAsync(account, (db, _) => db.Invitations.SingleAsync(i => i.MemberId == member.Id));
        Assert.NotNull(invitation.AcceptedAt);
        var user = await _host.QueryAsync(account, async (_, users) => (await users.FindByLoginAsync("Entra", EntraUserKey))!);
        Assert.Equal(activated.UserId, user.Id);
        Assert.Equal(account, user.SalesAccountId);
    }

    [Fact]
    public async Task Salesforce_only_account_refuses_microsoft_sign_in_and_says_what_to_do()
    {
        // Another account of the installation offers Microsoft sign-in, so the button is there; Fabrikam's rules still refuse.
        await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: true);
        var account = await _host.CreateAccountAsync(LoginManagement.SalesforceOnly, entraSso: true, name: "Fabrikam");
        await _host.CreateMemberAsync(account, EntraUser, MemberStatus.Active);

        await AssertRefusedAsync(EntraUser, "Fabrikam signs in with Salesforce only, so Microsoft sign-in is turned off. Use Sign in with Salesforce");
    }

    [Fact]
    public async Task Account_with_sso_turned_off_refuses_microsoft_sign_in_in_the_visitors_language()
    {
        // Another account of the installation offers Microsoft sign-in, so the button is there; Fabrikam's rules still refuse.
        await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: true);
        var account = await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: false, name: "Fabrikam");
        await _host.CreateMemberAsync(account, EntraUser, MemberStatus.Active);

        await AssertRefusedAsync(EntraUser, "Microsoft Entra ID single sign-on is not turned on for Fabrikam.");
        await AssertRefusedAsync(EntraUser, "Fabrikam 尚未开启 Microsoft Entra ID 单点登录。", language: "zh-Hans");
    }

    [Fact]
    public async Task Microsoft_user_whose_email_is_no_member_is_refused()
    {
        var account = await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: true);
        await _host.CreateMemberAsync(account, EntraAdmin, MemberStatus.Active, MemberRole.Admin);

        await AssertRefusedAsync(EntraUser, "No Sales account member uses user@sim-entra.example. Ask an admin of your Sales account to invite this address");
    }

    [Fact]
    public async Task Deactivated_member_is_refused_even_after_linking_microsoft()
    {
        var account = await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: true, name: "Fabrikam");
        var member = await _host.CreateMemberAsync(account, EntraUser, MemberStatus.Active);
        using (var first = _host.CreateAppClient())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await _host.SignInWithMicrosoftAsync(first, EntraUser)).StatusCode);
        }

        await _host.QueryAsync(account, async (db, _) =>
        {
            var row = await db.Members.SingleAsync(m => m.Id == member.Id);
            row.Status = MemberStatus.Deactivated;
            return await db.SaveChangesAsync();
        });

        await AssertRefusedAsync(EntraUser, "Your membership of Fabrikam is deactivated. Ask an admin of your Sales account to reactivate you.");
    }

    [Fact]
    public async Task Issuer_response_posted_from_another_browser_ends_on_a_clear_error_page_without_signing_in()
    {
        var account = await _host.CreateAccountAsync(LoginManagement.AllLoginMethods, entraSso: true);
        await _host.CreateMemberAsync(account, EntraUser, MemberStatus.Active);
        using var started = _host.CreateAppClient();
        var (action, fields) = await _host.AuthenticateAtIssuerAsync(started, EntraUser);
        using var other = _host.CreateAppClient();

        var callback = await other.PostAsync(action, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/sign-in/entra/complete?error=failed", callback.Headers.Location!.OriginalString);
        var page = await other.GetAsync(callback.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Microsoft did not sign you in. Start again", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/settings/sign-in-methods")).StatusCode);
    }

    private async Task AssertRefusedAsync(string entraUser, string expectedMessage, string? language = null)
    {
        using var client = _host.CreateAppClient();
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }

        var completed = await _host.SignInWithMicrosoftAsync(client, entraUser);

        Assert.Equal(HttpStatusCode.Forbidden, completed.StatusCode);
        Assert.Contains(expectedMessage, WebUtility.HtmlDecode(await completed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var memberPage = await client.GetAsync("/settings/sign-in-methods");
        Assert.Equal(HttpStatusCode.Redirect, memberPage.StatusCode);
        Assert.StartsWith("/sign-in", memberPage.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
