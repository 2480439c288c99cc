using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;

namespace SalesInsightActions.Tests.Onboarding.SalesforceConnection;

/// <summary>Hand-off links: an admin creates one; a Salesforce admin who is not a member uses it once, anonymously.</summary>
public sealed class SalesforceHandoffTests : IAsyncLifetime
{
    private SalesforceConnectionWorld _world = null!;

    public async Task InitializeAsync() => _world = await SalesforceConnectionWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    /// <summary>The Salesforce admin's browser: no session in the app.</summary>
    private HttpClient Stranger() => _world.App.CreateClient(new() { AllowAutoRedirect = false });

    private async Task<HttpResponseMessage> UseAsync(HttpClient stranger, string link, string salesforceUser = SalesforceConnectionWorld.ProductionAdmin)
    {
        var start = await AccountSeeder.PostFormAsync(stranger, link, [], link);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var callback = await SalesforceConnectionWorld.AuthorizeAsync(start.Headers.Location!, salesforceUser);
        return await stranger.GetAsync(callback.PathAndQuery);
    }

    [Fact]
    public async Task A_Salesforce_admin_uses_the_link_once_connects_the_account_and_sees_the_checklist()
    {
        var link = await _world.CreateHandoffLinkAsync();
        Assert.StartsWith("/connect/salesforce/", link, StringComparison.Ordinal);
        var tab = await _world.Admin.GetStringAsync("/settings/salesforce");
        Assert.Contains("Pending hand-off links", tab, StringComparison.Ordinal);
        await using (var scope = _world.App.CreateScope(_world.Account, out var db))
        {
            var stored = await db.SalesforceHandoffLinks.SingleAsync();
            Assert.DoesNotContain(stored.TokenHash, link, StringComparison.Ordinal);
            Assert.Equal(64, stored.TokenHash.Length);
        }

        using var stranger = Stranger();
        var explain = await stranger.GetStringAsync(link);
        Assert.Contains("An admin of the Sales account Acme asks you", explain, StringComparison.Ordinal);
        Assert.Contains("Production", explain, StringComparison.Ordinal);

        var done = await UseAsync(stranger, link);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/connect/salesforce/done", done.Headers.Location!.OriginalString);
        var result = await stranger.GetStringAsync("/connect/salesforce/done");
        Assert.Contains("Salesforce is connected", result, StringComparison.Ordinal);
        Assert.True(result.Contains("data-checklist=\"verified\"", StringComparison.Ordinal), result);
        Assert.Contains("by " + SalesforceConnectionWorld.ProductionAdmin, result, StringComparison.Ordinal);
        await using (var scope = _world.App.CreateScope(_world.Account, out var db))
        {
            var connection = await db.SalesforceConnections.SingleAsync(c => c.IsAccountConnection);
            Assert.Equal(SalesforceConnectionWorld.ProductionAdmin, connection.Username);
            Assert.Null(connection.ConnectedByMemberId);
            var used = await db.SalesforceHandoffLinks.SingleAsync();
            Assert.NotNull(used.UsedAt);
            Assert.Equal(SalesforceConnectionWorld.ProductionAdmin, used.UsedBy);
            var actions = await db.AuditEntries.Select(e => e.Action).ToListAsync();
            Assert.Contains(AuditActions.SalesforceHandoffCreated, actions);
            Assert.Contains(AuditActions.SalesforceConnected, actions);
            Assert.Contains(AuditActions.PackageChecked, actions);
        }

        Assert.DoesNotContain("Pending hand-off links", await _world.Admin.GetStringAsync("/settings/salesforce"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_link_is_refused_on_replay()
    {
        var link = await _world.CreateHandoffLinkAsync();
        using (var first = Stranger())
        {
            await UseAsync(first, link);
        }

        using var second = Stranger();
        var page = await second.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("This hand-off link was already used.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var post = await second.PostAsync(link, new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.DoesNotContain("/services/oauth2/authorize", post.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_used_up_between_start_and_callback_connects_nothing()
    {
        var link = await _world.CreateHandoffLinkAsync();
        using var slow = Stranger();
        var start = await AccountSeeder.PostFormAsync(slow, link, [], link);
        using (var quick = Stranger())
        {
            await UseAsync(quick, link, SalesforceConnectionWorld.ProductionAdmin);
        }

        var callback = await SalesforceConnectionWorld.AuthorizeAsync(start.Headers.Location!, SalesforceConnectionWorld.ProductionAdmin);
        var result = await slow.GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains("This hand-off link was used, revoked or has expired, so nothing was connected.", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = _world.App.CreateScope(_world.Account, out var db);
        Assert.Equal(SalesforceConnectionWorld.ProductionAdmin, (await db.SalesforceConnections.SingleAsync(c => c.IsAccountConnection)).Username);
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var link = await _world.CreateHandoffLinkAsync();
        await using (var scope = _world.App.CreateScope(_world.Account, out var db))
        {
            var stored = await db.SalesforceHandoffLinks.SingleAsync();
            stored.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        }

        using var stranger = Stranger();
        var page = await stranger.GetAsync(link);

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("This hand-off link has expired.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Pending hand-off links", await _world.Admin.GetStringAsync("/settings/salesforce"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_link_is_refused_and_an_unknown_one_is_not_found()
    {
        var link = await _world.CreateHandoffLinkAsync();
        Guid id;
        await using (var scope = _world.App.CreateScope(_world.Account, out var db))
        {
            id = (await db.SalesforceHandoffLinks.SingleAsync()).Id;
        }

        var revoke = await AccountSeeder.PostFormAsync(_world.Admin, "/settings/salesforce?handler=RevokeHandoff", new() { ["id"] = id.ToString() }, "/settings/salesforce");
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);

        using var stranger = Stranger();
        var page = await stranger.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("This hand-off link was revoked.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await stranger.GetAsync("/connect/salesforce/not-a-real-token");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("This hand-off link is not valid.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
