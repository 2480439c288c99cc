using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Users.Settings;

/// <summary>/settings/login on an app with no AzureAd settings (Microsoft sign-in not configured server-wide).</summary>
public sealed class LoginSettingsPageTests : AppTest
{
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App, login: LoginManagement.AllLoginMethods);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "rep@acme.example", MemberRole.StandardUser);
    }

    [Fact]
    public async Task Admin_turns_on_entra_sso_with_all_login_methods_and_it_is_saved_on_the_account()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");

        var saved = await AccountSeeder.PostFormAsync(admin, "/settings/login", new() { ["LoginManagement"] = "AllLoginMethods", ["EntraSsoEnabled"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var account = await LoadAccountAsync();
        Assert.Equal(LoginManagement.AllLoginMethods, account.LoginManagement);
        Assert.True(account.EntraSsoEnabled);
        var page = await admin.GetStringAsync("/settings/login");
        Assert.Contains("Login settings saved.", page, StringComparison.Ordinal);
        Assert.Matches("name=\"EntraSsoEnabled\"[^>]*checked", page);
    }

    [Fact]
    public async Task Admin_switches_back_to_salesforce_only_which_turns_sso_off()
    {
        await AccountSeeder.LinkSalesforceUserAsync(App, _account, "admin@acme.example");
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        await AccountSeeder.PostFormAsync(admin, "/settings/login", new() { ["LoginManagement"] = "AllLoginMethods", ["EntraSsoEnabled"] = "true" });

        var saved = await AccountSeeder.PostFormAsync(admin, "/settings/login", new() { ["LoginManagement"] = "SalesforceOnly" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var account = await LoadAccountAsync();
        Assert.Equal(LoginManagement.SalesforceOnly, account.LoginManagement);
        Assert.False(account.EntraSsoEnabled);
    }

    /// <summary>Issue 10, finding 15: an admin without a linked Salesforce user saved Salesforce only and locked every admin out.</summary>
    [Fact]
    public async Task Salesforce_only_is_refused_while_no_active_admin_has_a_linked_salesforce_user()
    {
        // A linked standard user does not count: only admins can change the setting back.
        await AccountSeeder.LinkSalesforceUserAsync(App, _account, "rep@acme.example");
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");

        var refused = await AccountSeeder.PostFormAsync(admin, "/settings/login", new() { ["LoginManagement"] = "SalesforceOnly" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(SalesforceOnlyLocksOut, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(LoginManagement.AllLoginMethods, (await LoadAccountAsync()).LoginManagement);
        // The admin is still signed in and can still use the settings.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/settings/login")).StatusCode);
    }

    [Fact]
    public async Task Salesforce_only_is_saved_once_an_active_admin_has_a_linked_salesforce_user()
    {
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "sf-admin@acme.example");
        await AccountSeeder.LinkSalesforceUserAsync(App, _account, "sf-admin@acme.example");
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");

        var saved = await AccountSeeder.PostFormAsync(admin, "/settings/login", new() { ["LoginManagement"] = "SalesforceOnly" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(LoginManagement.SalesforceOnly, (await LoadAccountAsync()).LoginManagement);
    }

    private const string SalesforceOnlyLocksOut = "No active admin has a linked Salesforce user, so with Salesforce only no admin could sign in, and nobody could change this back. An admin should first sign in with Salesforce once (Sign in with Salesforce), then choose Salesforce only.";

    [Fact]
    public async Task Entra_sso_with_salesforce_only_is_refused_and_nothing_changes()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");

        var refused = await AccountSeeder.PostFormAsync(admin, "/settings/login", new() { ["LoginManagement"] = "SalesforceOnly", ["EntraSsoEnabled"] = "true" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Microsoft Entra ID single sign-on works only with All login methods.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var account = await LoadAccountAsync();
        Assert.Equal(LoginManagement.AllLoginMethods, account.LoginManagement);
        Assert.False(account.EntraSsoEnabled);
    }

    [Fact]
    public async Task Standard_users_are_refused_and_anonymous_visitors_sent_to_sign_in()
    {
        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false });
        var redirect = await anonymous.GetAsync("/settings/login");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/sign-in", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var rep = await AccountSeeder.SignInAsync(App, "rep@acme.example");
        var denied = await rep.GetAsync("/settings/login");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/access-denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var post = await rep.PostAsync("/settings/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["LoginManagement"] = "SalesforceOnly" }));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(LoginManagement.AllLoginMethods, (await LoadAccountAsync()).LoginManagement);
    }

    [Fact]
    public async Task Without_azure_ad_settings_microsoft_sign_in_is_hidden_and_not_reachable()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var signInPage = await client.GetStringAsync("/sign-in");
        // No form offers it, so post as a hand-made request would, with a valid antiforgery token from the page.
        var token = System.Text.RegularExpressions.Regex.Match(signInPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var start = await client.PostAsync("/sign-in/entra", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/", ["__RequestVerificationToken"] = token }));

        Assert.DoesNotContain("sign-in-microsoft", signInPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        Assert.Contains("Microsoft sign-in is not set up on this server yet", await admin.GetStringAsync("/settings/login"), StringComparison.Ordinal);
    }

    // Issue 10, finding 12: the completion URL needed the Entra matcher, which exists only when AzureAd is set (500).
    [Fact]
    public async Task Without_azure_ad_settings_the_microsoft_completion_url_is_not_found()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var complete = await client.GetAsync("/sign-in/entra/complete?returnUrl=%2F");

        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
    }

    private async Task<SalesAccount> LoadAccountAsync()
    {
        await using var scope = App.CreateScope(null, out var db);
        return await db.SalesAccounts.AsNoTracking().SingleAsync(a => a.Id == _account);
    }
}
