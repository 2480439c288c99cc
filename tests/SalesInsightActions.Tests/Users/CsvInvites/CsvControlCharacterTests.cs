using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.CsvInvites;

namespace SalesInsightActions.Tests.Users.CsvInvites;

/// <summary>
/// Issue 10, finding 7: a NUL byte in one cell made every commit a 500 on PostgreSQL (22021) while the dry run passed.
/// Rows with control characters get their own verdict, the same on both databases, and the dry run and commit agree.
/// </summary>
public abstract class CsvControlCharacterTests : AppTest
{
    internal const string HiddenInEmail = "This email address contains invisible or control characters (such as NUL, a right-to-left override or a zero-width space). Type the address again.";
    internal const string HiddenInFields = "The name, team or role contains invisible or control characters (such as NUL, a right-to-left override or a zero-width space). Remove them and try again.";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, $"admin-{_run}@acme.example");
    }

    /// <summary>
    /// 90 good rows, then rows with NUL in a name, U+0001 in a team, NUL in an email and an ESC in a role; the good rows push the
    /// bad ones past the first 8 KB, which is all the binary-file check ever looked at.
    /// </summary>
    private (byte[] File, int Good) FileWithControlCharacters()
    {
        var text = new StringBuilder("email,first name,last name,team,role\r\n");
        const int good = 90; // an admin is seated already: 91 of 100 seats
        for (var i = 0; i < good; i++)
        {
            text.Append($"person{i:D3}-{_run}@acme.example,Firstname{i:D3},Lastname-long-enough-to-fill-the-first-eight-kilobytes-{i:D3},Sales,standard user\r\n");
        }

        text.Append($"nul-name-{_run}@acme.example,Ann\0e,Smith,Sales,\r\n");
        text.Append($"soh-team-{_run}@acme.example,Bob,Jones,Sa\u0001les,\r\n");
        text.Append($"nul\0mail-{_run}@acme.example,Cy,Young,,\r\n");
        text.Append($"esc-role-{_run}@acme.example,Dee,Dot,,admin\u001b\r\n");
        return (Encoding.UTF8.GetBytes(text.ToString()), good);
    }

    [Fact]
    public async Task Rows_with_control_characters_are_skipped_with_a_reason_and_the_dry_run_and_commit_agree()
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var (file, good) = FileWithControlCharacters();
        Assert.True(Encoding.UTF8.GetString(file).IndexOf('\0', StringComparison.Ordinal) > 8192);

        var uploaded = await AccountSeeder.PostFileAsync(admin, "/users/import", file);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var mappingUrl = uploaded.Headers.Location!.OriginalString;
        var importUrl = mappingUrl[..^"/mapping".Length];
        var confirmed = await AccountSeeder.PostFormAsync(admin, mappingUrl, new()
        {
            ["Columns[Email]"] = "0", ["Columns[FirstName]"] = "1", ["Columns[LastName]"] = "2", ["Columns[Team]"] = "3", ["Columns[Role]"] = "4",
        });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        var review = await admin.GetAsync(importUrl + "/review?skippedOnly=true");
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        var reviewText = WebUtility.HtmlDecode(await review.Content.ReadAsStringAsync());
        Assert.Contains($"{good} people will be invited.", reviewText, StringComparison.Ordinal);
        Assert.Contains("4 rows will be skipped:", reviewText, StringComparison.Ordinal);
        Assert.Contains(HiddenInEmail, reviewText, StringComparison.Ordinal);
        Assert.Contains(HiddenInFields, reviewText, StringComparison.Ordinal);

        var invited = await AccountSeeder.PostFormAsync(admin, importUrl + "/review?handler=Invite", [], importUrl + "/review");
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        Assert.Equal(importUrl + "/done", invited.Headers.Location!.OriginalString);
        var done = WebUtility.HtmlDecode(await admin.GetStringAsync(importUrl + "/done"));
        Assert.Contains($"Invited {good}, skipped 4", done, StringComparison.Ordinal);

        await using var scope = App.CreateScope(_account, out var db);
        var members = await db.Members.AsNoTracking().ToListAsync();
        Assert.Equal(good + 1, members.Count);
        Assert.DoesNotContain(members, m => (m.Email + m.FirstName + m.LastName).Any(char.IsControl));
        var teams = await db.Teams.Select(t => t.Name).ToListAsync();
        Assert.DoesNotContain(teams, t => t.Any(char.IsControl));
        var import = await db.CsvImports.SingleAsync();
        Assert.Equal((CsvImportStatus.Invited, good, 4), (import.Status, import.InvitedCount, import.SkippedCount));
    }

    [Fact]
    public async Task A_nul_in_the_first_rows_is_a_row_verdict_not_a_rejected_file()
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var file = Encoding.UTF8.GetBytes($"email,first name\r\nearly-{_run}@acme.example,Z\0e\r\nfine-{_run}@acme.example,Fine\r\n");

        var uploaded = await AccountSeeder.PostFileAsync(admin, "/users/import", file);

        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var mappingUrl = uploaded.Headers.Location!.OriginalString;
        await AccountSeeder.PostFormAsync(admin, mappingUrl, new() { ["Columns[Email]"] = "0", ["Columns[FirstName]"] = "1" });
        var review = WebUtility.HtmlDecode(await admin.GetStringAsync(mappingUrl.Replace("/mapping", "/review", StringComparison.Ordinal)));
        Assert.Contains("1 people will be invited.", review, StringComparison.Ordinal);
        Assert.Contains(HiddenInFields, review, StringComparison.Ordinal);
    }
}

public sealed class CsvControlCharacterTestsOnPostgres : CsvControlCharacterTests;

public sealed class CsvControlCharacterTestsOnSqlite : CsvControlCharacterTests
{
    protected override bool UseSqlite => true;
}
