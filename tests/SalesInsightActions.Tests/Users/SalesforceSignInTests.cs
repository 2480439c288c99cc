using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Connections.Salesforce;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Tests.Users;

/// <summary>
/// "Activate with Salesforce" and "Sign in with Salesforce" over real HTTP: the app (test host) sends the
/// browser to the Salesforce simulator (real Kestrel), which signs the user in, asks for consent and
/// redirects back; the app exchanges the code with the simulator over HTTP.
/// </summary>
public sealed class SalesforceSignInTests : IAsyncLifetime
{
    private const string SalesforceUser = "rep@sim-salesforce.example";
    private PostgresDatabase _database = null!;
    private SimulatorServer _salesforce = null!;
    private AppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _salesforce = await SimulatorServer.StartAsync(o => o.Salesforce.AllowedRedirectUriPrefixes = ["http://localhost/"]);
        _app = new AppFactory(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["Salesforce:LoginHost"] = _salesforce.BaseUrl.ToString(),
        });
        _app.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _salesforce.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<(Guid Account, string Token)> InviteAsync(string email, LoginManagement login = LoginManagement.SalesforceOnly)
    {
        var account = await AccountSeeder.CreateAccountAsync(_app, login: login);
        string? token = null;
        await using var scope = _app.CreateScope(account, out _);
        await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync([new InviteRequest(1, email)], t =>
        {
            token = t;
            return new Uri("http://localhost/invitations/accept?token=" + t);
        });
        return (account, token!);
    }

    /// <summary>Posts the start form in the app, then plays the browser through the simulator's sign-in and consent.</summary>
    private async Task<HttpResponseMessage> RunFlowAsync(HttpClient app, Dictionary<string, string> startFields, string startFormPage, string decision = "allow", string salesforceUser = SalesforceUser)
    {
        var start = await AccountSeeder.PostFormAsync(app, "/sign-in/salesforce", startFields, formPageUrl: startFormPage);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(_salesforce.BaseUrl.ToString(), authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("state=", authorize.Query, StringComparison.Ordinal);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true });
        var login = await browser.GetAsync(authorize);
        var consent = await HtmlFormDriver.SubmitAsync(browser, authorize, await login.Content.ReadAsStringAsync(),
            new Dictionary<string, string> { ["username"] = salesforceUser, ["pw"] = "Sandbox-Pass-1" });
        var back = await HtmlFormDriver.SubmitAsync(browser, authorize, await consent.Content.ReadAsStringAsync(), new Dictionary<string, string>(), buttonValue: decision);
        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.Equal("/connections/salesforce/callback", callback.AbsolutePath);
        return await app.GetAsync(callback.PathAndQuery);
    }

    [Fact]
    public async Task Invitee_activates_with_salesforce_and_is_signed_in_with_tokens_stored_encrypted()
    {
        var (account, token) = await InviteAsync(SalesforceUser);
        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });

        var result = await RunFlowAsync(app, new() { ["invitationToken"] = token }, "/invitations/accept?token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
        Assert.Contains(result.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sia.auth=", StringComparison.Ordinal));
        await using var scope = _app.CreateScope(account, out var db);
        var member = await db.Members.SingleAsync();
        Assert.Equal(MemberStatus.Active, member.Status);
        var connection = await db.SalesforceConnections.SingleAsync();
        Assert.Equal(member.Id, connection.MemberId);
        Assert.False(connection.IsAccountConnection);
        var tokens = await scope.ServiceProvider.GetRequiredService<ISalesforceTokenStore>().GetAsync(connection.Id.ToString());
        Assert.NotNull(tokens);
        Assert.DoesNotContain(tokens.AccessToken, connection.ProtectedAccessToken, StringComparison.Ordinal);
        Assert.Equal(connection.OrganizationId, tokens.OrganizationId);
        var logins = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetLoginsAsync(await db.Users.SingleAsync());
        Assert.Equal("Salesforce", Assert.Single(logins).LoginProvider);
    }

    [Fact]
    public async Task Activation_is_refused_when_the_salesforce_email_is_not_the_invited_one()
    {
        var (account, token) = await InviteAsync("someone.else@acme.example");
        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });

        var result = await RunFlowAsync(app, new() { ["invitationToken"] = token }, "/invitations/accept?token=" + Uri.EscapeDataString(token));
        var html = await result.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains("but the invitation is for someone.else@acme.example", html, StringComparison.Ordinal);
        await using var scope = _app.CreateScope(account, out var db);
        Assert.Equal(MemberStatus.Invited, (await db.Members.SingleAsync()).Status);
        Assert.Equal(0, await db.SalesforceConnections.CountAsync());
    }

    [Fact]
    public async Task Denying_consent_changes_nothing_and_says_how_to_continue()
    {
        var (account, token) = await InviteAsync(SalesforceUser);
        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });

        var result = await RunFlowAsync(app, new() { ["invitationToken"] = token }, "/invitations/accept?token=" + Uri.EscapeDataString(token), decision: "deny");

        Assert.Contains("You did not allow Sales Insight Actions", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = _app.CreateScope(account, out var db);
        Assert.Equal(MemberStatus.Invited, (await db.Members.SingleAsync()).Status);
    }

    [Fact]
    public async Task An_activated_member_signs_in_again_with_salesforce()
    {
        var (_, token) = await InviteAsync(SalesforceUser);
        using (var first = _app.CreateClient(new() { AllowAutoRedirect = false }))
        {
            await RunFlowAsync(first, new() { ["invitationToken"] = token }, "/invitations/accept?token=" + Uri.EscapeDataString(token));
        }

        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });
        var result = await RunFlowAsync(app, new() { ["returnUrl"] = "/users" }, "/sign-in");

        Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
        Assert.Equal("/users", result.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Salesforce_sign_in_of_an_unknown_person_is_refused_with_a_reason()
    {
        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });

        var result = await RunFlowAsync(app, [], "/sign-in");

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains($"No Sales member has linked the Salesforce user {SalesforceUser}", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_without_the_flow_cookie_is_refused()
    {
        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });

        var result = await app.GetAsync("/connections/salesforce/callback?code=abc&state=forged");

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains("took too long or was started in another browser", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Issue 10, finding 3: a password member was linked to whichever Salesforce user (of any org) carried their email.
    [Fact]
    public async Task A_password_member_is_not_linked_by_a_salesforce_user_with_the_same_email()
    {
        var account = await AccountSeeder.CreateAccountAsync(_app);
        await AccountSeeder.CreateActiveMemberAsync(_app, account, SalesforceUser, MemberRole.StandardUser);
        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });

        var result = await RunFlowAsync(app, [], "/sign-in");

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains("link Salesforce under Your sign-in methods", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = _app.CreateScope(account, out var db);
        Assert.Equal(0, await db.UserLogins.CountAsync());
    }

    [Fact]
    public async Task A_signed_in_member_links_salesforce_and_then_signs_in_with_it()
    {
        var account = await AccountSeeder.CreateAccountAsync(_app);
        await AccountSeeder.CreateActiveMemberAsync(_app, account, "pat@acme.example", MemberRole.StandardUser);
        using var member = await AccountSeeder.SignInAsync(_app, "pat@acme.example");

        var linked = await RunFlowAsync(member, [], "/settings/sign-in-methods");

        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Equal("/settings/sign-in-methods", linked.Headers.Location!.OriginalString);
        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });
        var signedIn = await RunFlowAsync(app, new() { ["returnUrl"] = "/settings/sign-in-methods" }, "/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("pat@acme.example", await app.GetStringAsync("/settings/sign-in-methods"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Salesforce_sign_in_with_an_unverified_email_is_refused()
    {
        var (_, token) = await InviteAsync(SalesforceUser);
        using (var first = _app.CreateClient(new() { AllowAutoRedirect = false }))
        {
            await RunFlowAsync(first, new() { ["invitationToken"] = token }, "/invitations/accept?token=" + Uri.EscapeDataString(token));
        }

        _salesforce.Services.GetRequiredService<SalesInsightActions.Simulators.Salesforce.SalesforceSimulatorOptions>().UnverifiedEmailUsernames = [SalesforceUser];
        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });
        var result = await RunFlowAsync(app, [], "/sign-in");

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains("is not verified yet", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_account_is_connected_only_users_of_its_org_sign_in()
    {
        var (account, token) = await InviteAsync(SalesforceUser);
        using (var first = _app.CreateClient(new() { AllowAutoRedirect = false }))
        {
            await RunFlowAsync(first, new() { ["invitationToken"] = token }, "/invitations/accept?token=" + Uri.EscapeDataString(token));
        }

        await using (var scope = _app.CreateScope(account, out var db))
        {
            db.SalesforceConnections.Add(new MemberSalesforceConnection
            {
                SalesAccountId = account, IsAccountConnection = true, InstanceUrl = "https://other.example", OrganizationId = "00D0000000000OTHER",
                SalesforceUserId = "005000000000000AAA", Username = "admin@other.example", ProtectedAccessToken = "x",
            });
            await db.SaveChangesAsync();
        }

        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });
        var result = await RunFlowAsync(app, [], "/sign-in");

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains("connected to another Salesforce org", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Issue 10, finding 12: a return URL with a control character made LocalRedirect throw (500).
    [Fact]
    public async Task A_return_url_with_a_control_character_lands_on_the_home_page()
    {
        var (_, token) = await InviteAsync(SalesforceUser);
        using (var first = _app.CreateClient(new() { AllowAutoRedirect = false }))
        {
            await RunFlowAsync(first, new() { ["invitationToken"] = token }, "/invitations/accept?token=" + Uri.EscapeDataString(token));
        }

        using var app = _app.CreateClient(new() { AllowAutoRedirect = false });
        var result = await RunFlowAsync(app, new() { ["returnUrl"] = "/\t/evil" }, "/sign-in");

        Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
        Assert.Equal("/", result.Headers.Location!.OriginalString);
    }
}
