using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Tests.Users;

/// <summary>
/// Issue 10, finding 13: right-to-left overrides and zero-width characters were accepted in emails, names and team names,
/// 100-character local parts were accepted, and role values 5, -1 or none silently demoted an admin. Each is refused with a
/// sentence, wherever the value enters: the invite box, the CSV rows, Actions Config (the same invitation service), the
/// Teams page and the role change.
/// </summary>
public sealed class InputValidationTests : AppTest
{
    private const string HiddenInEmail = "This email address contains invisible or control characters (such as NUL, a right-to-left override or a zero-width space). Type the address again.";
    private const string HiddenInFields = "The name, team or role contains invisible or control characters (such as NUL, a right-to-left override or a zero-width space). Remove them and try again.";
    private const string LocalPartTooLong = "The part of the email address before @ can be at most 64 characters.";
    private const string RoleRequired = "Choose a role: admin or standard user. Nothing was changed.";
    private const string TeamHidden = "Team names and descriptions cannot contain invisible or control characters (such as a right-to-left override or a zero-width space).";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private Guid _account;
    private Member _otherAdmin = null!;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, $"admin-{_run}@acme.example");
        _otherAdmin = await AccountSeeder.CreateActiveMemberAsync(App, _account, $"second-{_run}@acme.example");
    }

    public static TheoryData<string, string> RefusedEmails => new()
    {
        { "\u202Eevil-{0}@acme.example", HiddenInEmail },        // right-to-left override
        { "ze\u200Bro-{0}@acme.example", HiddenInEmail },         // zero-width space
        { "join\u2060er-{0}@acme.example", HiddenInEmail },       // word joiner
        { "bom\uFEFF-{0}@acme.example", HiddenInEmail },          // zero-width no-break space
        { "iso\u2067late-{0}@acme.example", HiddenInEmail },      // right-to-left isolate
        { new string('a', 92) + "-{0}@acme.example", LocalPartTooLong }, // 101-character local part (RFC 5321: 64)
    };

    [Theory]
    [MemberData(nameof(RefusedEmails))]
    public async Task The_invite_box_refuses_hidden_characters_and_long_local_parts_and_writes_nothing(string template, string reason)
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var email = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _run);
        var before = await TableCounts.ReadAsync(App);

        var posted = await AccountSeeder.PostFormAsync(admin, "/users/invite", new() { ["Emails"] = email, ["Role"] = "standard" });

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/users/invite"));
        Assert.Contains("Invited 0, skipped 1", page, StringComparison.Ordinal);
        Assert.Contains(reason, page, StringComparison.Ordinal);
        await TableCounts.AssertUnchangedAsync(App, before, "a refused address");
    }

    [Fact]
    public async Task A_64_character_local_part_is_still_accepted()
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var email = new string('b', 64 - _run.Length - 1) + "-" + _run + "@acme.example";

        await AccountSeeder.PostFormAsync(admin, "/users/invite", new() { ["Emails"] = email, ["Role"] = "standard" });

        await using var scope = App.CreateScope(_account, out var db);
        Assert.True(await db.Members.AnyAsync(m => m.NormalizedEmail == email.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("Sales\u202Egnp.exe")]
    [InlineData("Sa\u200Bles")]
    public async Task The_invite_box_refuses_a_team_name_with_hidden_characters(string team)
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var before = await TableCounts.ReadAsync(App);

        await AccountSeeder.PostFormAsync(admin, "/users/invite", new() { ["Emails"] = $"team-{_run}@acme.example", ["Team"] = team, ["Role"] = "standard" });

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/users/invite"));
        Assert.Contains(HiddenInFields, page, StringComparison.Ordinal);
        await TableCounts.AssertUnchangedAsync(App, before, "a refused team name");
    }

    [Theory]
    [InlineData("Ann\u202Ee", null, null)]
    [InlineData(null, "Sm\u200Bith", null)]
    [InlineData(null, null, "Ops\u2066")]
    [InlineData("\u200D", null, null)]
    public async Task Csv_rows_and_marketo_admins_with_hidden_characters_in_names_or_teams_get_a_refusing_verdict(string? first, string? last, string? team)
    {
        // CSV rows, the invite box and Actions Config's Marketo admins all become InviteRequests planned by this service.
        await using var scope = App.CreateScope(_account, out _);
        var plan = await scope.ServiceProvider.GetRequiredService<InvitationService>()
            .PlanAsync([new InviteRequest(1, $"row-{_run}@acme.example", first, last, team, "admin")]);

        var verdict = Assert.Single(plan.Verdicts);
        Assert.False(verdict.WillInvite);
        Assert.Equal(HiddenInFields, verdict.MessageKey);
    }

    [Fact]
    public async Task Names_in_scripts_that_need_joiners_are_still_accepted()
    {
        await using var scope = App.CreateScope(_account, out _);
        var plan = await scope.ServiceProvider.GetRequiredService<InvitationService>()
            .PlanAsync([new InviteRequest(1, $"fa-{_run}@acme.example", "می\u200Cخواهم", "李", "销售一部", "standard user")]);

        Assert.True(Assert.Single(plan.Verdicts).WillInvite);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Owner")]
    public async Task A_role_change_with_an_unknown_or_missing_role_is_refused_and_the_admin_stays_admin(string? role)
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var fields = new Dictionary<string, string> { ["memberId"] = _otherAdmin.Id.ToString() };
        if (role is not null)
        {
            fields["role"] = role;
        }

        var posted = await AccountSeeder.PostFormAsync(admin, "/users?handler=Role", fields, "/users");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains(RoleRequired, WebUtility.HtmlDecode(await admin.GetStringAsync(posted.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        Assert.Equal(MemberRole.Admin, (await db.Members.AsNoTracking().SingleAsync(m => m.Id == _otherAdmin.Id)).Role);
    }

    [Theory]
    [InlineData("/users/invite", "/users/invite", "Team")]
    [InlineData("/users/teams?handler=Create", "/users/teams", "name")]
    public async Task A_nul_in_a_form_field_is_refused_before_anything_is_written(string url, string page, string field)
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var before = await TableCounts.ReadAsync(App);
        var fields = new Dictionary<string, string> { [field] = "Sales\0" };
        if (field == "Team")
        {
            fields["Emails"] = $"nul-team-{_run}@acme.example";
        }

        var posted = await AccountSeeder.PostFormAsync(admin, url, fields, page);

        // The framework's form reader refuses it (400) or our check does (a notice after the redirect): never a 500.
        Assert.True((int)posted.StatusCode < 500, $"{(int)posted.StatusCode}");
        await TableCounts.AssertUnchangedAsync(App, before, "a NUL in a form field");
    }

    [Fact]
    public async Task The_role_service_refuses_an_undefined_role_value()
    {
        await using var scope = App.CreateScope(_account, out _);
        var refusal = await scope.ServiceProvider.GetRequiredService<MemberAdministration>().SetRoleAsync(_otherAdmin.Id, (MemberRole)5);

        Assert.NotEqual(MemberChangeRefusal.None, refusal);
        Assert.Equal(RoleRequired, refusal.MessageKey());
    }

    [Theory]
    [InlineData("Sales\u202Etxt.exe", null)]
    [InlineData("Ze\u200Bro", null)]
    [InlineData("Fine", "Desc\u202Ekcab")]
    public async Task The_teams_page_refuses_hidden_characters_in_names_and_descriptions(string name, string? description)
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var fields = new Dictionary<string, string> { ["name"] = name };
        if (description is not null)
        {
            fields["description"] = description;
        }

        var posted = await AccountSeeder.PostFormAsync(admin, "/users/teams?handler=Create", fields, "/users/teams");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains(TeamHidden, WebUtility.HtmlDecode(await admin.GetStringAsync("/users/teams")), StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        Assert.False(await db.Teams.AnyAsync(t => !t.IsEveryone));
    }
}
