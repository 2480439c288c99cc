using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.Simulators.Salesforce;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Infrastructure.Security;
using SalesInsightActions.Web.Onboarding.FieldSync;
using SalesInsightActions.Web.Users;
using SimulatorOAuth = SalesInsightActions.Tests.Simulators.Salesforce.SalesforceOAuthClient;

namespace SalesInsightActions.Tests.Onboarding.FieldSync;

/// <summary>
/// Action Field Sync (step 4) against the Marketo and Salesforce simulators over real HTTP: the preview of the
/// 13 fields and estimated counts, Start Sync's preconditions, and the original user's protection once started.
/// </summary>
public sealed class FieldSyncTests : AppTest, IAsyncLifetime
{
    private const string PagePath = "/admin/sales-insight/actions-config/field-sync";
    private const string StartPath = PagePath + "/start";
    private const string AdminEmail = "original@acme.example";
    private SimulatorServer _simulators = null!;
    private Guid _account;
    private Member _original = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" };

    protected override async Task SeedAsync()
    {
        _simulators = await SimulatorServer.StartAsync();
        _account = await AccountSeeder.CreateAccountAsync(App);
        _original = await AccountSeeder.CreateActiveMemberAsync(App, _account, AdminEmail, isOriginalUser: true);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _simulators.DisposeAsync();
    }

    private async Task ConnectMarketoAsync(string secret = "sim-marketo-client-secret")
    {
        await using var scope = App.CreateScope(_account, out _);
        await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
            .SaveAsync("123-ABC-456", _simulators.BaseUrl, "sim-marketo-client-id", secret, _original.Id);
    }

    /// <summary>The account connection of step 2, with tokens from the simulator's OAuth flow (or a dead token).</summary>
    private async Task ConnectSalesforceAsync(bool working = true)
    {
        using var oauth = new SimulatorOAuth(_simulators.BaseUrl);
        var token = await oauth.SignInAsync();
        await using var scope = App.CreateScope(_account, out var db);
        var secrets = scope.ServiceProvider.GetRequiredService<SecretProtector>();
        var id = token.GetProperty("id").GetString()!;
        var parts = new Uri(id).Segments;
        db.SalesforceConnections.Add(new MemberSalesforceConnection
        {
            // The account connection belongs to no member (see MemberSalesforceConnection).
            MemberId = null,
            ConnectedByEmail = AdminEmail,
            IsAccountConnection = true,
            InstanceUrl = token.GetProperty("instance_url").GetString()!.TrimEnd('/'),
            OrganizationId = parts[^2].TrimEnd('/'),
            SalesforceUserId = parts[^1],
            Username = SimulatorOAuth.Admin,
            ProtectedAccessToken = secrets.Protect(working ? token.GetProperty("access_token").GetString()! : "00D000000000001!revoked"),
            ProtectedRefreshToken = null,
            AuthorizationHost = _simulators.BaseUrl.ToString(),
            IdUrl = id,
            TokenIssuedAt = DateTime.UtcNow,
            Scope = "api refresh_token",
            ConnectedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private static long Count(string html, string name) =>
        long.Parse(Regex.Match(html, $"data-count=\"{name}\">[^0-9]*([0-9][0-9,]*)").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Preview_shows_the_13_fields_with_types_samples_and_estimated_counts()
    {
        await ConnectMarketoAsync();
        using var client = await AccountSeeder.SignInAsync(App, AdminEmail);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(PagePath));

        Assert.Equal(13, Regex.Matches(html, "<tr data-field=").Count);
        foreach (var field in FieldSyncPreviewService.SyncedFields)
        {
            Assert.Contains($"data-field=\"{field.MarketoName}\"", html, StringComparison.Ordinal);
        }

        var linkedIn = Regex.Match(html, "data-field=\"linkedInProfileURL\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("<td>url</td>", linkedIn, StringComparison.Ordinal);
        var email = Regex.Match(html, "data-field=\"email\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("<td>email</td>", email, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(email, "@[a-z0-9.-]+\\.example").Count);
        Assert.DoesNotContain("Not in this subscription", html, StringComparison.Ordinal);

        // The simulator's 2,500 people: nine in ten have a Salesforce owner, one in ten exists only in Marketo.
        Assert.Contains("estimated from a sample of 300", html, StringComparison.Ordinal);
        var willSync = Count(html, "will-sync");
        var noOwner = Count(html, "no-owner");
        Assert.InRange(willSync, 2000, 2500);
        Assert.InRange(noOwner, 150, 350);
        Assert.InRange(willSync + noOwner, 2400, 2600);
        Assert.Equal(0, Count(html, "shared-email"));
        // Counts are written as numbers are (2,250), and an empty list of examples is not announced.
        Assert.Matches("data-count=\"will-sync\">about [0-9],[0-9]{3},", html);
        Assert.DoesNotContain("for example", Regex.Match(html, "data-count=\"shared-email\">.*?</dd>", RegexOptions.Singleline).Value, StringComparison.Ordinal);
        // The Marketo ID is a number on the wire; its samples were missing.
        var id = Regex.Match(html, "data-field=\"id\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Matches("^[0-9]+ · [0-9]+ · [0-9]+$", Regex.Match(id, "<td>([^<]*)</td>\\s*</tr>").Groups[1].Value.Trim());
        Assert.Contains(".example (#", html, StringComparison.Ordinal);
        Assert.Contains(">Start Sync</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_without_any_Marketo_connection_says_to_connect_Marketo_first()
    {
        using var client = await AccountSeeder.SignInAsync(App, AdminEmail);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(PagePath));

        Assert.Contains("Connect Marketo first", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<tr data-field=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_sync_lists_each_missing_precondition_and_writes_nothing_but_a_refusal()
    {
        await using (var scope = App.CreateScope(_account, out var db))
        {
            var member = await db.Members.SingleAsync();
            member.IsOriginalUser = false;
            await db.SaveChangesAsync();
        }

        using var client = await AccountSeeder.SignInAsync(App, AdminEmail);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(StartPath));
        Assert.Contains(SyncStartService.NoOriginalUser, html, StringComparison.Ordinal);
        Assert.Contains(SyncStartService.NoSalesforce, html, StringComparison.Ordinal);
        Assert.Contains(SyncStartService.NoMarketo, html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Start Sync</button>", html, StringComparison.Ordinal);

        await using var check = App.CreateScope(_account, out var checkDb);
        var result = await check.ServiceProvider.GetRequiredService<SyncStartService>().StartAsync(_original.Id, default);
        Assert.False(result.Started);
        Assert.Equal([SyncStartService.NoOriginalUser, SyncStartService.NoSalesforce, SyncStartService.NoMarketo], result.Failures.Select(f => f.MessageKey));
        Assert.False(await checkDb.SyncStates.AnyAsync());
        Assert.Equal(AuditOutcome.Refused, (await checkDb.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.SyncStarted)).Outcome);
    }

    [Fact]
    public async Task Start_sync_refuses_connections_that_exist_but_do_not_work()
    {
        await ConnectMarketoAsync(secret: "wrong-secret");
        await ConnectSalesforceAsync(working: false);
        using var client = await AccountSeeder.SignInAsync(App, AdminEmail);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(StartPath));

        Assert.Contains(SyncStartService.SalesforceBroken, html, StringComparison.Ordinal);
        Assert.Contains(SyncStartService.MarketoBroken, html, StringComparison.Ordinal);
        Assert.DoesNotContain(SyncStartService.NoOriginalUser, html, StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        Assert.False(await db.SyncStates.AnyAsync());
    }

    [Fact]
    public async Task Start_sync_with_every_precondition_met_starts_and_then_protects_the_original_user()
    {
        await ConnectMarketoAsync();
        await ConnectSalesforceAsync();
        var second = await AccountSeeder.CreateActiveMemberAsync(App, _account, "second@acme.example");
        using var client = await AccountSeeder.SignInAsync(App, AdminEmail);

        var response = await AccountSeeder.PostFormAsync(client, StartPath, []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PagePath, response.Headers.Location!.OriginalString);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(PagePath));
        Assert.Contains("The data sync has started. Follow its progress on the Sync page (/sync).", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/sync\"", page, StringComparison.Ordinal);

        await using var scope = App.CreateScope(_account, out var db);
        var state = await db.SyncStates.SingleAsync();
        Assert.NotNull(state.StartedAt);
        Assert.Equal(_original.Id, state.StartedByMemberId);
        Assert.Null(state.InitialSyncCompletedAt);
        var audit = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.SyncStarted);
        Assert.Equal(AuditOutcome.Succeeded, audit.Outcome);
        Assert.Equal(_original.Id, audit.ActorMemberId);

        var administration = scope.ServiceProvider.GetRequiredService<MemberAdministration>();
        Assert.Equal(MemberChangeRefusal.OriginalUserDeactivateAfterSyncStarted, await administration.DeactivateAsync(_original.Id));
        Assert.Equal(MemberChangeRefusal.OriginalUserAfterSyncStarted, await administration.DeleteAsync(_original.Id, second.Id));
        Assert.Equal(MemberChangeRefusal.None, await administration.DeactivateAsync(second.Id));
        Assert.Equal(MemberStatus.Active, (await db.Members.AsNoTracking().SingleAsync(m => m.Id == _original.Id)).Status);
    }
}
