using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Audit;

/// <summary>Admin actions in User Management and Login are recorded, and the audit log page filters, pages and exports them.</summary>
public sealed class AuditLogTests : AppTest
{
    private Guid _account;
    private Guid _other;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "rep@acme.example", MemberRole.StandardUser);
        _other = await AccountSeeder.CreateAccountAsync(App, "Globex");
        await AccountSeeder.CreateActiveMemberAsync(App, _other, "admin@globex.example");
    }

    private async Task<Guid> MemberIdAsync(string email)
    {
        await using var scope = App.CreateScope(_account, out var db);
        return (await db.Members.SingleAsync(m => m.Email == email)).Id;
    }

    private async Task<List<AuditEntry>> EntriesAsync(Guid account)
    {
        await using var scope = App.CreateScope(account, out var db);
        return await db.Set<AuditEntry>().OrderBy(e => e.At).ToListAsync();
    }

    [Fact]
    public async Task Every_user_management_and_login_action_is_recorded_with_who_and_what()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        var repId = await MemberIdAsync("rep@acme.example");

        await AccountSeeder.PostFormAsync(admin, "/users/invite", new() { ["Emails"] = "new1@acme.example, new2@acme.example", ["Role"] = "standard" });
        var new1 = await MemberIdAsync("new1@acme.example");
        var new2 = await MemberIdAsync("new2@acme.example");
        await AccountSeeder.PostFormAsync(admin, "/users?handler=Resend", new() { ["memberId"] = new1.ToString() }, formPageUrl: "/users");
        await AccountSeeder.PostFormAsync(admin, $"/users/{new1}/revoke", []);
        await AccountSeeder.PostFormAsync(admin, "/users?handler=Role", new() { ["memberId"] = repId.ToString(), ["role"] = "Admin" }, formPageUrl: "/users");
        await AccountSeeder.PostFormAsync(admin, $"/users/{repId}/deactivate", []);
        await AccountSeeder.PostFormAsync(admin, "/users?handler=Reactivate", new() { ["memberId"] = repId.ToString() }, formPageUrl: "/users?filter=Deactivated");
        await AccountSeeder.PostFormAsync(admin, $"/users/{new2}/delete", []);
        await AccountSeeder.PostFormAsync(admin, "/settings/login", new() { ["LoginManagement"] = "AllLoginMethods", ["EntraSsoEnabled"] = "false" });

        var entries = await EntriesAsync(_account);

        Assert.Equal(
            [AuditActions.MembersInvited, AuditActions.InvitationResent, AuditActions.InvitationRevoked, AuditActions.MemberRoleChanged,
             AuditActions.MemberDeactivated, AuditActions.MemberReactivated, AuditActions.MemberDeleted, AuditActions.LoginSettingsChanged],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("admin@acme.example", e.ActorEmail));
        Assert.All(entries, e => Assert.Equal(AuditOutcome.Succeeded, e.Outcome));
        Assert.Equal("new1@acme.example, new2@acme.example", entries[0].Target);
        Assert.Equal("2 invited, 0 skipped", entries[0].Details);
        Assert.Equal("rep@acme.example", entries[3].Target);
        Assert.Equal("StandardUser → Admin", entries[3].Details);
        Assert.Equal("new2@acme.example", entries[6].Target);
        Assert.Empty(await EntriesAsync(_other));
    }

    [Fact]
    public async Task The_audit_log_filters_pages_newest_first_and_exports_csv_without_other_accounts_entries()
    {
        var start = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        await using (var scope = App.CreateScope(_account, out var db))
        {
            for (var i = 0; i < 60; i++)
            {
                db.Add(new AuditEntry { At = start.AddMinutes(i), Action = AuditActions.MemberRoleChanged, ActorEmail = "admin@acme.example", Target = $"person{i}@acme.example" });
            }

            db.Add(new AuditEntry { At = start.AddDays(3), Action = AuditActions.MarketoConnected, Outcome = AuditOutcome.Failed, ActorEmail = "admin@acme.example", Target = "=HYPERLINK(\"http://evil\")" });
            await db.SaveChangesAsync();
        }

        await using (var scope = App.CreateScope(_other, out var db))
        {
            db.Add(new AuditEntry { At = start, Action = AuditActions.MemberRoleChanged, ActorEmail = "admin@globex.example", Target = "secret@globex.example" });
            await db.SaveChangesAsync();
        }

        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        var first = await admin.GetStringAsync("/settings/audit-log?type=member.role_changed");
        var olderHref = System.Text.RegularExpressions.Regex.Match(first, "id=\"audit-older\" href=\"(?<h>[^\"]+)\"").Groups["h"].Value;
        var second = await admin.GetStringAsync(WebUtility.HtmlDecode(olderHref));
        var failed = await admin.GetStringAsync("/settings/audit-log?outcome=Failed");
        var byDate = await admin.GetStringAsync("/settings/audit-log?from=2026-03-04&to=2026-03-04");
        var csv = Encoding.UTF8.GetString(await admin.GetByteArrayAsync("/settings/audit-log?handler=Export&outcome=Failed"));
        var all = Encoding.UTF8.GetString(await admin.GetByteArrayAsync("/settings/audit-log?handler=Export"));

        Assert.Equal(50, CountRows(first));
        Assert.Contains("person59@acme.example", first, StringComparison.Ordinal);
        Assert.DoesNotContain("person9@acme.example<", first, StringComparison.Ordinal);
        Assert.True(first.IndexOf("person59@", StringComparison.Ordinal) < first.IndexOf("person58@", StringComparison.Ordinal));
        Assert.Equal(10, CountRows(second));
        Assert.Contains("person0@acme.example", second, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"audit-older\"", second, StringComparison.Ordinal);
        Assert.Equal(1, CountRows(failed));
        Assert.Contains("Marketo connected", failed, StringComparison.Ordinal);
        Assert.Equal(1, CountRows(byDate));
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("Marketo connected,Failed", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("person1@", csv, StringComparison.Ordinal);
        Assert.Equal(62, all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        foreach (var page in new[] { first, second, failed, all })
        {
            Assert.DoesNotContain("globex", page, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_audit_log_is_for_admins_only()
    {
        using var rep = await AccountSeeder.SignInAsync(App, "rep@acme.example");

        var response = await rep.GetAsync("/settings/audit-log");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static int CountRows(string html) => System.Text.RegularExpressions.Regex.Matches(html, "<tr data-action=").Count;
}
