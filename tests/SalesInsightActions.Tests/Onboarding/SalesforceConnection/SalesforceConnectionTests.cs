using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Onboarding;

namespace SalesInsightActions.Tests.Onboarding.SalesforceConnection;

/// <summary>Step 2 over real HTTP: the app, the Salesforce simulator on Kestrel, the browser played by HttpClient.</summary>
public sealed class SalesforceConnectionTests : IAsyncLifetime
{
    private SalesforceConnectionWorld _world = null!;

    public async Task InitializeAsync() => _world = await SalesforceConnectionWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<MemberSalesforceConnection?> AccountConnectionAsync()
    {
        await using var scope = _world.App.CreateScope(_world.Account, out var db);
        return await db.SalesforceConnections.AsNoTracking().SingleOrDefaultAsync(c => c.IsAccountConnection);
    }

    private async Task<List<string>> AuditActionsAsync()
    {
        await using var scope = _world.App.CreateScope(_world.Account, out var db);
        return await db.AuditEntries.OrderBy(e => e.At).Select(e => e.Action).ToListAsync();
    }

    [Fact]
    public async Task Admin_connects_production_and_the_tab_shows_org_instance_user_and_environment()
    {
        var callback = await _world.ConnectAsync("production", SalesforceConnectionWorld.ProductionAdmin);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/settings/salesforce", callback.Headers.Location!.OriginalString);
        var tab = await _world.Admin.GetStringAsync("/settings/salesforce");
        Assert.Contains("Connected to Salesforce", tab, StringComparison.Ordinal);
        Assert.Contains("Salesforce is connected. Next, check the Salesforce package.", tab, StringComparison.Ordinal);
        Assert.Contains("00D000000000001EAA", tab, StringComparison.Ordinal);
        Assert.Contains(SalesforceConnectionWorld.ProductionAdmin, tab, StringComparison.Ordinal);
        Assert.Contains("""data-fact="environment">Production""", tab, StringComparison.Ordinal);

        var connection = await AccountConnectionAsync();
        Assert.NotNull(connection);
        Assert.Null(connection.MemberId);
        Assert.False(connection.IsSandboxOrg);
        Assert.Equal(SalesforceConnectionWorld.AdminEmail, connection.ConnectedByEmail);
        Assert.StartsWith(_world.Salesforce.BaseUrl.ToString().TrimEnd('/'), connection.InstanceUrl, StringComparison.Ordinal);
        Assert.Contains(AuditActions.SalesforceConnected, await AuditActionsAsync());
        await using (var scope = _world.App.CreateScope(_world.Account, out var db))
        {
            var steps = await new SetupTracker(db).GetStepsAsync();
            Assert.Equal(SetupStepStatus.Done, steps.Single(s => s.Number == 2).Status);
        }
    }

    [Fact]
    public async Task Admin_chooses_sandbox_which_signs_in_at_the_sandbox_login_host_and_records_a_sandbox_org()
    {
        var start = await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce?handler=Connect", new() { ["environment"] = "sandbox" }, "/settings/salesforce");
        var authorize = start.Headers.Location!;
        Assert.StartsWith(_world.SandboxHost.ToString(), authorize.ToString(), StringComparison.Ordinal);

        var callback = await SalesforceConnectionWorld.AuthorizeAsync(authorize, SalesforceConnectionWorld.SandboxAdmin);
        var result = await _world.Admin.GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
        var connection = await AccountConnectionAsync();
        Assert.NotNull(connection);
        Assert.True(connection.IsSandboxOrg);
        Assert.Equal("00D000000000002EAA", connection.OrganizationId);
        Assert.Contains("""data-fact="environment">Sandbox""", await _world.Admin.GetStringAsync("/settings/salesforce"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconnecting_replaces_the_account_connection_and_revokes_the_old_token()
    {
        await _world.ConnectAsync();
        await _world.ConnectAsync();

        await using var scope = _world.App.CreateScope(_world.Account, out var db);
        Assert.Equal(1, await db.SalesforceConnections.CountAsync(c => c.IsAccountConnection));
        Assert.Equal(1, _world.Simulator.OAuth.LiveRefreshTokenCount);
    }

    [Fact]
    public async Task Disconnect_revokes_the_token_at_Salesforce_and_removes_the_connection()
    {
        await _world.ConnectAsync();
        Assert.Equal(1, _world.Simulator.OAuth.LiveRefreshTokenCount);
        var tab = await _world.Admin.GetStringAsync("/settings/salesforce");
        Assert.Contains("Disconnect Salesforce?", tab, StringComparison.Ordinal);

        var result = await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce?handler=Disconnect", [], "/settings/salesforce");

        Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
        Assert.Equal(0, _world.Simulator.OAuth.LiveRefreshTokenCount);
        Assert.Null(await AccountConnectionAsync());
        Assert.Contains(AuditActions.SalesforceDisconnected, await AuditActionsAsync());
        Assert.Contains("Salesforce is disconnected and its access was revoked at Salesforce.", await _world.Admin.GetStringAsync("/settings/salesforce"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_standard_user_cannot_open_or_post_the_Salesforce_settings()
    {
        await AccountSeeder.CreateActiveMemberAsync(_world.App, _world.Account, "rep@acme.example", Web.Users.MemberRole.StandardUser);
        using var rep = await AccountSeeder.SignInAsync(_world.App, "rep@acme.example");

        var page = await rep.GetAsync("/settings/salesforce");

        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await rep.GetAsync("/settings/salesforce/package")).StatusCode);
    }

    [Fact]
    public async Task Denied_consent_ends_on_a_page_that_says_nothing_was_connected()
    {
        var result = await _world.ConnectAsync(decision: "deny");

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        var html = await result.Content.ReadAsStringAsync();
        Assert.Contains("You did not allow Sales Insight Actions to use Salesforce, so nothing was connected.", html, StringComparison.Ordinal);
        Assert.Contains("<nav class=\"admin-settings-nav\"", await _world.Admin.GetStringAsync("/settings/salesforce"), StringComparison.Ordinal);
        Assert.Null(await AccountConnectionAsync());
    }

    [Fact]
    public async Task A_callback_with_another_state_is_refused()
    {
        var start = await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce?handler=Connect", new() { ["environment"] = "production" }, "/settings/salesforce");
        var callback = await SalesforceConnectionWorld.AuthorizeAsync(start.Headers.Location!, SalesforceConnectionWorld.ProductionAdmin);
        var forged = callback.PathAndQuery.Replace("state=", "state=x", StringComparison.Ordinal);

        var result = await _world.Admin.GetAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains("This Salesforce connection could not be finished", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await AccountConnectionAsync());
    }

    [Fact]
    public async Task A_replayed_callback_is_refused_and_changes_nothing()
    {
        var start = await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce?handler=Connect", new() { ["environment"] = "production" }, "/settings/salesforce");
        var callback = await SalesforceConnectionWorld.AuthorizeAsync(start.Headers.Location!, SalesforceConnectionWorld.ProductionAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await _world.Admin.GetAsync(callback.PathAndQuery)).StatusCode);
        var first = await AccountConnectionAsync();

        var replay = await _world.Admin.GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("This Salesforce connection could not be finished", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(first!.Id, (await AccountConnectionAsync())!.Id);
    }

    [Fact]
    public async Task An_expired_code_ends_on_a_page_saying_to_start_again()
    {
        await _world.SetOrgAsync(new { authorizationCodeLifetimeSeconds = -1 });

        var result = await _world.ConnectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains("Salesforce did not accept the sign-in code: it expired or was already used", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await AccountConnectionAsync());
    }

    [Fact]
    public async Task A_blocked_connected_app_ends_on_a_page_naming_the_unblock_setting()
    {
        await _world.SetOrgAsync(new { connectedAppBlocked = true });

        var result = await _world.ConnectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        var html = WebUtility.HtmlDecode(await result.Content.ReadAsStringAsync());
        Assert.Contains("We were unable to authenticate your request with Salesforce (Salesforce said: OAUTH_APP_BLOCKED, this app is blocked by admin)", html, StringComparison.Ordinal);
        Assert.Contains("Connected Apps OAuth Usage", html, StringComparison.Ordinal);
        Assert.Null(await AccountConnectionAsync());
    }

    [Fact]
    public async Task An_org_without_API_access_is_not_connected_and_the_page_says_how_to_enable_it()
    {
        await _world.SetOrgAsync(new { apiDisabled = true });

        var result = await _world.ConnectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        var html = WebUtility.HtmlDecode(await result.Content.ReadAsStringAsync());
        Assert.Contains("Salesforce says API access is not enabled (API_DISABLED_FOR_ORG)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);
        Assert.Null(await AccountConnectionAsync());
        Assert.Equal(0, _world.Simulator.OAuth.LiveRefreshTokenCount);
    }

    [Fact]
    public async Task A_token_revoked_later_makes_the_next_use_say_reconnect()
    {
        await _world.ConnectAsync();
        await using (var scope = _world.App.CreateScope(_world.Account, out var db))
        {
            var row = await db.SalesforceConnections.SingleAsync(c => c.IsAccountConnection);
            var tokens = await scope.ServiceProvider.GetRequiredService<ISalesforceTokenStore>().GetAsync(row.Id.ToString());
            using var salesforce = _world.Salesforce.CreateClient();
            var revoked = await salesforce.PostAsync("services/oauth2/revoke", new FormUrlEncodedContent([new("token", tokens!.RefreshToken!)]));
            revoked.EnsureSuccessStatusCode();
        }

        var recheck = await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce/package?handler=Recheck", [], "/settings/salesforce/package");

        Assert.Equal(HttpStatusCode.Redirect, recheck.StatusCode);
        var page = WebUtility.HtmlDecode(await _world.Admin.GetStringAsync("/settings/salesforce/package"));
        Assert.Contains("Salesforce no longer accepts the Sales account's connection. Reconnect on the Connections & Customizations tab.", page, StringComparison.Ordinal);
        Assert.Contains("""data-item="AppAccess" data-status="Failed""", page, StringComparison.Ordinal);
    }
}
