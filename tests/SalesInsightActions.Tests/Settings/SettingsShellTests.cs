using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.Teams;

namespace SalesInsightActions.Tests.Settings;

/// <summary>Settings (the gear) and where people land: admins get everything, standard members only what they may use.</summary>
public sealed class SettingsShellTests : AppTest
{
    private static readonly string[] AdminLinks =
        ["href=\"/settings/salesforce\"", "href=\"/settings/marketo\"", "href=\"/users\"", "href=\"/settings/login\"", "href=\"/settings/audit-log\""];

    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");
        var rep = await AccountSeeder.CreateActiveMemberAsync(App, _account, "rep@acme.example", MemberRole.StandardUser);
        await using var scope = App.CreateScope(_account, out var db);
        var team = new Team { Name = "Inside Sales", NormalizedName = "INSIDE SALES", CreatedAt = DateTime.UtcNow };
        db.Teams.Add(team);
        db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, MemberId = rep.Id });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task An_admin_finds_every_admin_setting_under_the_gear()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");

        var settings = await admin.GetStringAsync("/settings");
        var home = await admin.GetStringAsync("/");

        Assert.Contains("class=\"settings-link\" href=\"/settings\"", home, StringComparison.Ordinal);
        Assert.Contains(">Setup</a>", home, StringComparison.Ordinal);
        Assert.Contains("Admin Settings", settings, StringComparison.Ordinal);
        Assert.All(AdminLinks, link => Assert.Contains(link, settings, StringComparison.Ordinal));
        Assert.Contains("href=\"/settings/sign-in-methods\"", settings, StringComparison.Ordinal);
        foreach (var page in new[] { "/settings/marketo", "/settings/audit-log", "/users", "/settings/login" })
        {
            var html = await admin.GetStringAsync(page);
            Assert.Contains("class=\"admin-settings-nav\"", html, StringComparison.Ordinal);
            Assert.All(AdminLinks, link => Assert.Contains(link, html, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_standard_member_sees_no_admin_links_and_lands_on_their_own_page()
    {
        using var rep = await AccountSeeder.SignInAsync(App, "rep@acme.example");

        var root = await rep.GetAsync("/");
        var settings = await rep.GetStringAsync("/settings");
        var home = await rep.GetStringAsync("/home");

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/home", root.Headers.Location!.OriginalString);
        foreach (var html in new[] { settings, home })
        {
            Assert.All(AdminLinks, link => Assert.DoesNotContain(link, html, StringComparison.Ordinal));
            Assert.DoesNotContain("Admin Settings", html, StringComparison.Ordinal);
            Assert.DoesNotContain(">Setup</a>", html, StringComparison.Ordinal);
            Assert.Contains("class=\"settings-link\" href=\"/settings\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("href=\"/settings/sign-in-methods\"", settings, StringComparison.Ordinal);
        Assert.Contains("Welcome, rep@acme.example", home, StringComparison.Ordinal);
        Assert.Contains("<li>Inside Sales</li>", home, StringComparison.Ordinal);
        Assert.Contains("id=\"home-people\" href=\"/people\"", home, StringComparison.Ordinal);
        Assert.Contains("id=\"home-sign-in-methods\" href=\"/settings/sign-in-methods\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_as_a_standard_member_ends_on_their_landing_page()
    {
        using var client = App.CreateClient();

        var response = await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = "rep@acme.example", ["Password"] = AccountSeeder.Password });

        Assert.Equal("/home", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Welcome, rep@acme.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_see_how_to_start_and_settings_asks_them_to_sign_in()
    {
        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false });

        var root = await anonymous.GetStringAsync("/");
        var settings = await anonymous.GetAsync("/settings");

        Assert.Contains("id=\"start-admin\" href=\"/admin\"", root, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"settings-link\"", root, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.StartsWith("/sign-in", settings.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deactivated_admin_is_shown_no_admin_links()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin2@acme.example");
        await using (var scope = App.CreateScope(_account, out var db))
        {
            (await db.Members.SingleAsync(m => m.Email == "admin@acme.example")).Status = MemberStatus.Deactivated;
            await db.SaveChangesAsync();
        }

        var page = await admin.GetStringAsync("/sign-in");

        Assert.All(AdminLinks, link => Assert.DoesNotContain(link, page, StringComparison.Ordinal));
        Assert.DoesNotContain("class=\"settings-link\"", page, StringComparison.Ordinal);
    }
}
