using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Users;

public sealed class UserManagementPagesTests : AppTest
{
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "rep@acme.example", MemberRole.StandardUser);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_standard_users_are_refused()
    {
        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false });
        var redirect = await anonymous.GetAsync("/users");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/sign-in", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var rep = await AccountSeeder.SignInAsync(App, "rep@acme.example");
        var denied = await rep.GetAsync("/users");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/access-denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_sign_in()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
        {
            var wrong = await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = "rep@acme.example", ["Password"] = "Wrong-Password-1" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = "rep@acme.example", ["Password"] = AccountSeeder.Password });

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked for 15 minutes", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_invites_through_the_page_and_the_invitee_receives_the_email_over_smtp()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        var invitee = $"invitee-{Guid.NewGuid():N}@acme.example";

        var response = await AccountSeeder.PostFormAsync(admin, "/users/invite",
            new() { ["Emails"] = $"{invitee}, rep@acme.example, nonsense", ["Team"] = "Inside Sales", ["Role"] = "standard" });
        // Post, redirect, get: the per-address verdicts come back on the page after the redirect, and only once.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/users/invite", response.Headers.Location!.OriginalString);
        var html = await admin.GetStringAsync("/users/invite");
        var reloaded = await admin.GetStringAsync("/users/invite");

        Assert.Contains("Invited 1, skipped 2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Invited 1, skipped 2", reloaded, StringComparison.Ordinal);
        Assert.Contains("rep@acme.example, nonsense</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("Email has already been taken", html, StringComparison.Ordinal);
        Assert.Contains("This is not a valid email address.", html, StringComparison.Ordinal);
        var mail = await Maildev.WaitForMessageToAsync(invitee);
        Assert.Contains("/invitations/accept?token=", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_list_shows_seats_and_export_neutralises_spreadsheet_formulas()
    {
        await using (var scope = App.CreateScope(_account, out var db))
        {
            db.Members.Add(new Member { Email = "evil@acme.example", NormalizedEmail = "EVIL@ACME.EXAMPLE", FirstName = "=HYPERLINK(\"http://x\")", LastName = "+1", InvitedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        var page = await admin.GetStringAsync("/users?filter=All");
        var csv = Encoding.UTF8.GetString(await admin.GetByteArrayAsync("/users?handler=Export&filter=All"));

        Assert.Contains("data-seats-used=\"3\"", page, StringComparison.Ordinal);
        Assert.Contains("data-seats-left=\"97\"", page, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("'+1", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_and_status_filter_narrow_the_members_list()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");

        var search = await admin.GetStringAsync("/users?q=REP");
        var invited = await admin.GetStringAsync("/users?filter=Invited");

        Assert.Contains("data-member=\"rep@acme.example\"", search, StringComparison.Ordinal);
        Assert.DoesNotContain("data-member=\"admin@acme.example\"", search, StringComparison.Ordinal);
        Assert.DoesNotContain("data-member=", invited, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_accounts_admin_cannot_act_on_this_accounts_members()
    {
        var other = await AccountSeeder.CreateAccountAsync(App, "Globex");
        await AccountSeeder.CreateActiveMemberAsync(App, other, "admin@globex.example");
        Guid repId;
        await using (var scope = App.CreateScope(_account, out var db))
        {
            repId = (await db.Members.SingleAsync(m => m.Email == "rep@acme.example")).Id;
        }

        using var globex = await AccountSeeder.SignInAsync(App, "admin@globex.example");
        var confirmPage = await globex.GetAsync($"/users/{repId}/deactivate");
        // The token of a form Globex's admin may see (their own confirmation page), posted at Acme's member.
        var ownPage = await globex.GetStringAsync("/users/teams");
        var token = System.Text.RegularExpressions.Regex.Match(ownPage, """name="__RequestVerificationToken" type="hidden" value="(?<t>[^"]+)""").Groups["t"].Value;
        var response = await globex.PostAsync($"/users/{repId}/deactivate", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, confirmPage.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var check = App.CreateScope(_account, out var after);
        Assert.Equal(MemberStatus.Active, (await after.Members.SingleAsync(m => m.Id == repId)).Status);
        Assert.DoesNotContain("rep@acme.example", await globex.GetStringAsync("/users"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_management_uses_the_guides_labels_and_deleting_asks_first_saying_what_happens()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        Guid repId;
        await using (var scope = App.CreateScope(_account, out var db))
        {
            repId = (await db.Members.SingleAsync(m => m.Email == "rep@acme.example")).Id;
        }

        var list = await admin.GetStringAsync("/users");
        var confirm = await admin.GetStringAsync($"/users/{repId}/delete");

        Assert.Contains("<summary class=\"button\">Actions</summary>", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/users/invite\">Invite Users</a>", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/users/import\">Invite Users via CSV</a>", list, StringComparison.Ordinal);
        Assert.Contains($"href=\"/users/{repId}/delete\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Delete", list, StringComparison.Ordinal);
        Assert.Contains("Their membership, team places and sign-in methods are removed for good.", confirm, StringComparison.Ordinal);
        Assert.Contains("They own nothing that must be handed over.", confirm, StringComparison.Ordinal);
        await using (var scope = App.CreateScope(_account, out var db))
        {
            Assert.True(await db.Members.AnyAsync(m => m.Id == repId));
        }

        var deleted = await AccountSeeder.PostFormAsync(admin, $"/users/{repId}/delete", []);

        Assert.Equal("/users", deleted.Headers.Location!.OriginalString);
        Assert.Contains("The member was deleted.", await admin.GetStringAsync("/users"), StringComparison.Ordinal);
        await using var check = App.CreateScope(_account, out var after);
        Assert.False(await after.Members.AnyAsync(m => m.Id == repId));
    }
}
