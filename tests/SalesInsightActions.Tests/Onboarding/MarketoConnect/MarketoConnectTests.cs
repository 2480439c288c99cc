using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Onboarding.ActionsConfig;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Onboarding.MarketoConnect;

/// <summary>Step 3 over real HTTP: Settings → Admin Settings → Marketo against the Marketo simulator mounted as sandbox mode mounts it.</summary>
public sealed class MarketoConnectTests : AppTest
{
    private const string MunchkinId = "123-ABC-456";
    private const string ClientId = "sim-marketo-client-id";
    private const string Secret = "sim-marketo-client-secret";
    private SimulatorServer _marketo = null!;
    private Guid _account;
    private Member _owner = null!;

    protected override async Task SeedAsync()
    {
        _marketo = await SimulatorServer.StartAsync(pathPrefix: "/sandbox");
        _account = await AccountSeeder.CreateAccountAsync(App, munchkinId: MunchkinId);
        _owner = await AccountSeeder.CreateActiveMemberAsync(App, _account, "owner@acme.example", isOriginalUser: true);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "second@acme.example");
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "rep@acme.example", MemberRole.StandardUser);
    }

    private async Task SeedActionsConfigAsync(string secret = Secret)
    {
        await using var scope = App.CreateScope(_account, out var db);
        await scope.ServiceProvider.GetRequiredService<ActionsConfigCredentialStore>()
            .StageAsync(new MarketoConnection(_marketo.BaseUrl, ClientId, secret), MunchkinId);
        await db.SaveChangesAsync();
    }

    private static async Task<string> PostAndFollowAsync(HttpClient client, string handler, Dictionary<string, string> fields)
    {
        var response = await AccountSeeder.PostFormAsync(client, $"/settings/marketo?handler={handler}", fields, formPageUrl: "/settings/marketo");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetStringAsync(response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Connect_uses_the_actions_config_credentials_and_shows_the_connected_view()
    {
        await SeedActionsConfigAsync();
        using var owner = await AccountSeeder.SignInAsync(App, "owner@acme.example");

        var html = await PostAndFollowAsync(owner, "Connect", []);

        Assert.Contains("Marketo is connected.", html, StringComparison.Ordinal);
        Assert.Contains($"<dd id=\"marketo-munchkin\">{MunchkinId}</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"<dd id=\"marketo-endpoint\">{_marketo.BaseUrl.ToString().TrimEnd('/')}</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"marketo-connected-by\">owner@acme.example</dd>", html, StringComparison.Ordinal);
        // The usage endpoint answered (the token call itself is not counted by Marketo, so the figure is a number, not the fallback).
        Assert.Matches("<dd id=\"marketo-calls-today\">[0-9,]+</dd>", html);
        Assert.Contains("id=\"marketo-disconnect\"", html, StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        var row = await db.MarketoConnections.SingleAsync();
        Assert.Equal(_owner.Id, row.ConnectedByMemberId);
        Assert.DoesNotContain(Secret, row.ProtectedClientSecret, StringComparison.Ordinal);
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.MarketoConnected);
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        Assert.Equal("owner@acme.example", entry.ActorEmail);
    }

    [Fact]
    public async Task Connect_without_actions_config_credentials_says_where_to_enter_them()
    {
        using var owner = await AccountSeeder.SignInAsync(App, "owner@acme.example");

        var page = await owner.GetStringAsync("/settings/marketo");

        Assert.DoesNotContain("id=\"marketo-connect\"", page, StringComparison.Ordinal);
        Assert.Contains("No API credentials were verified in Actions Config yet.", page, StringComparison.Ordinal);
        Assert.Contains("id=\"marketo-manual-connect\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manual_form_trims_verifies_and_connects_with_a_rest_endpoint_url()
    {
        using var owner = await AccountSeeder.SignInAsync(App, "owner@acme.example");

        var html = await PostAndFollowAsync(owner, "Manual", new()
        {
            ["munchkinOrEndpoint"] = $"  {_marketo.BaseUrl}rest  ", ["clientId"] = $" {ClientId} ", ["clientSecret"] = $"\t{Secret} ",
        });

        Assert.Contains("Marketo is connected.", html, StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        var row = await db.MarketoConnections.SingleAsync();
        Assert.Equal(_marketo.BaseUrl.ToString().TrimEnd('/'), row.Endpoint);
        Assert.Equal(ClientId, row.ClientId);
        Assert.Equal(MunchkinId, row.MunchkinId);
    }

    public static TheoryData<string, string, string, string> Failures => new()
    {
        { "", ClientId, Secret, "Fill in the Munchkin ID or REST endpoint, the client ID and the client secret." },
        { "not a munchkin", ClientId, Secret, "Enter a Munchkin ID such as 123-ABC-456" },
        { "111-AAA-111", ClientId, Secret, "This Sales account belongs to another Marketo subscription (Munchkin ID 123-ABC-456)." },
        { "SIMULATOR", ClientId, "wrong-secret", "Marketo refused the client ID and client secret." },
        { "SIMULATOR", "unknown-client", Secret, "Marketo refused the client ID and client secret." },
        { "http://127.0.0.1:9/", ClientId, Secret, "Marketo could not be reached at http://127.0.0.1:9/." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Manual_form_failures_say_what_went_wrong_and_store_nothing(string target, string clientId, string secret, string expected)
    {
        using var owner = await AccountSeeder.SignInAsync(App, "owner@acme.example");

        var html = await PostAndFollowAsync(owner, "Manual", new()
        {
            ["munchkinOrEndpoint"] = target == "SIMULATOR" ? _marketo.BaseUrl.ToString() : target, ["clientId"] = clientId, ["clientSecret"] = secret,
        });

        Assert.Contains(System.Net.WebUtility.HtmlEncode(expected), html, StringComparison.Ordinal);
        Assert.Contains("notice-error", html, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        Assert.False(await db.MarketoConnections.AnyAsync());
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_even_right_after_a_good_one_cached_a_token()
    {
        await SeedActionsConfigAsync();
        using var owner = await AccountSeeder.SignInAsync(App, "owner@acme.example");
        await PostAndFollowAsync(owner, "Connect", []);

        var html = await PostAndFollowAsync(owner, "Manual", new()
        {
            ["munchkinOrEndpoint"] = _marketo.BaseUrl.ToString(), ["clientId"] = ClientId, ["clientSecret"] = "wrong-secret",
        });

        Assert.Contains("Marketo refused the client ID and client secret.", html, StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.MarketoConnected && e.Outcome == AuditOutcome.Failed));
    }

    [Fact]
    public async Task An_unknown_munchkin_id_is_named_as_such()
    {
        await using (var scope = App.CreateScope(null, out var db))
        {
            var account = await db.SalesAccounts.SingleAsync(a => a.Id == _account);
            account.MunchkinId = "999-ZZZ-999";
            await db.SaveChangesAsync();
        }

        using var owner = await AccountSeeder.SignInAsync(App, "owner@acme.example");
        var html = await PostAndFollowAsync(owner, "Manual", new() { ["munchkinOrEndpoint"] = "999-zzz-999", ["clientId"] = ClientId, ["clientSecret"] = Secret });

        Assert.Contains("No Marketo subscription answers for Munchkin ID 999-ZZZ-999.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_owner_sees_and_may_use_disconnect()
    {
        await SeedActionsConfigAsync();
        using var owner = await AccountSeeder.SignInAsync(App, "owner@acme.example");
        await PostAndFollowAsync(owner, "Connect", []);
        using var second = await AccountSeeder.SignInAsync(App, "second@acme.example");

        var secondView = await second.GetStringAsync("/settings/marketo");
        var secondConfirm = await second.GetAsync("/settings/marketo/disconnect");
        var ownerConfirm = await owner.GetStringAsync("/settings/marketo/disconnect");
        var disconnected = await AccountSeeder.PostFormAsync(owner, "/settings/marketo/disconnect", []);

        Assert.DoesNotContain("id=\"marketo-disconnect\"", secondView, StringComparison.Ordinal);
        Assert.Contains("Only owner@acme.example, who connected Marketo, can disconnect it.", secondView, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, secondConfirm.StatusCode);
        Assert.Contains("The Sales account stops reading people and writing activities in Marketo 123-ABC-456", ownerConfirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, disconnected.StatusCode);
        Assert.Contains("Marketo is disconnected.", await owner.GetStringAsync("/settings/marketo"), StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        Assert.False(await db.MarketoConnections.AnyAsync());
        Assert.True(await db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.MarketoDisconnected && e.Outcome == AuditOutcome.Succeeded && e.ActorEmail == "owner@acme.example"));
    }

    [Fact]
    public async Task A_non_owner_admin_posting_disconnect_is_refused()
    {
        await SeedActionsConfigAsync();
        using var owner = await AccountSeeder.SignInAsync(App, "owner@acme.example");
        await PostAndFollowAsync(owner, "Connect", []);
        using var second = await AccountSeeder.SignInAsync(App, "second@acme.example");
        // The form's token comes from a page the second admin may open; the post targets the owner's action.
        var token = System.Text.RegularExpressions.Regex.Match(await second.GetStringAsync("/settings/marketo"), """name="__RequestVerificationToken" type="hidden" value="(?<t>[^"]+)""").Groups["t"].Value;

        var response = await second.PostAsync("/settings/marketo/disconnect", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Only the admin who connected Marketo can disconnect it.", await second.GetStringAsync("/settings/marketo"), StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        Assert.True(await db.MarketoConnections.AnyAsync());
    }

    [Fact]
    public async Task Deleting_or_deactivating_the_owner_requires_handing_the_connection_to_another_admin()
    {
        await SeedActionsConfigAsync();
        using var owner = await AccountSeeder.SignInAsync(App, "owner@acme.example");
        await PostAndFollowAsync(owner, "Connect", []);
        using var second = await AccountSeeder.SignInAsync(App, "second@acme.example");
        Guid secondId, repId;
        await using (var scope = App.CreateScope(_account, out var db))
        {
            secondId = (await db.Members.SingleAsync(m => m.Email == "second@acme.example")).Id;
            repId = (await db.Members.SingleAsync(m => m.Email == "rep@acme.example")).Id;
        }

        var confirm = await second.GetStringAsync($"/users/{_owner.Id}/deactivate");
        var withoutHeir = await AccountSeeder.PostFormAsync(second, $"/users/{_owner.Id}/deactivate", []);
        var toStandardUser = await AccountSeeder.PostFormAsync(second, $"/users/{_owner.Id}/deactivate", new() { ["handOverTo"] = repId.ToString() });
        var refusedPage = await second.GetStringAsync($"/users/{_owner.Id}/deactivate");
        var handedOver = await AccountSeeder.PostFormAsync(second, $"/users/{_owner.Id}/deactivate", new() { ["handOverTo"] = secondId.ToString() });

        Assert.Contains("They own the Marketo connection. It is handed over to the admin you choose below and keeps working.", confirm, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{secondId}\">second@acme.example</option>", confirm, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{repId}\">", confirm, StringComparison.Ordinal);
        Assert.Equal($"/users/{_owner.Id}/deactivate", withoutHeir.Headers.Location!.OriginalString);
        Assert.Equal($"/users/{_owner.Id}/deactivate", toStandardUser.Headers.Location!.OriginalString);
        Assert.Contains("Hand over to an active admin other than this member.", refusedPage, StringComparison.Ordinal);
        Assert.Equal("/users", handedOver.Headers.Location!.OriginalString);
        await using var check = App.CreateScope(_account, out var after);
        Assert.Equal(secondId, (await after.MarketoConnections.SingleAsync()).ConnectedByMemberId);
        Assert.Equal(MemberStatus.Deactivated, (await after.Members.SingleAsync(m => m.Id == _owner.Id)).Status);
        var entry = await after.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.MemberDeactivated);
        Assert.Equal("Marketo connection handed over to second@acme.example", entry.Details);
        Assert.Contains("id=\"marketo-disconnect\"", await second.GetStringAsync("/settings/marketo"), StringComparison.Ordinal);
    }

    public override async Task DisposeAsync()
    {
        await _marketo.DisposeAsync();
        await base.DisposeAsync();
    }
}
