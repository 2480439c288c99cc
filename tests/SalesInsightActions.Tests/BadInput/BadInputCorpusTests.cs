using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.CsvInvites;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Tests.BadInput;

/// <summary>
/// The bad-input corpus (issue 10): malformed CSVs kept as files under BadInput/corpus (the big ones generated here),
/// oversize forms, tampered OAuth callbacks, replayed / expired / foreign / garbage invitation tokens and credentials with
/// stray spaces or NUL — each through the whole HTTP pipeline (test server) on PostgreSQL and on SQLite. Every answer is a page with a
/// sentence, never a 500, and a refused request writes nothing (every table's row count is compared).
/// </summary>
public abstract partial class BadInputCorpusTests : AppTest
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "BadInput", "corpus");
    private const string Admin = "admin@corpus.example";

    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App, "Corpus");
        await AccountSeeder.CreateActiveMemberAsync(App, _account, Admin);
    }

    /// <summary>A file of the corpus and what must happen to it: refused with a sentence of the reader, or read (then its rows get verdicts).</summary>
    public static TheoryData<string, string?> CsvFiles => new()
    {
        { "empty.csv", CsvInviteReader.EmptyFile },
        { "blank-lines.csv", CsvInviteReader.EmptyFile },
        { "header-only.csv", CsvInviteReader.HeaderOnly },
        { "latin1.csv", CsvInviteReader.NotText },
        { "bare-quote-unclosed.csv", null },
        { "bare-quote-mid-field.csv", null },
        { "ragged-rows.csv", null },
        { "bom-utf8.csv", null },
        { "utf16-le-bom.csv", null },
        { "utf16-be-bom.csv", null },
        { "utf16-le-no-bom.csv", null },
        { "nul-and-control.csv", null },
        { "formula-cells.csv", null },
        { "generated:just-over-the-size-limit", CsvInviteReader.TooLarge },
        { "generated:10k-columns", null },
        { "generated:4mb-line", null },
    };

    private static byte[] Load(string name) => name switch
    {
        "generated:just-over-the-size-limit" => JustOverTheLimit(),
        "generated:10k-columns" => TenThousandColumns(),
        "generated:4mb-line" => FourMegabyteLine(),
        _ => File.ReadAllBytes(Path.Combine(CorpusDirectory, name)),
    };

    private static byte[] JustOverTheLimit()
    {
        var text = new StringBuilder("email,first name\r\n");
        for (var i = 0; text.Length <= CsvImport.MaxFileBytes; i++)
        {
            text.Append(CultureInvariant($"big{i}@corpus.example,Name{i}\r\n"));
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] TenThousandColumns()
    {
        var header = "email," + string.Join(',', Enumerable.Range(1, 9_999).Select(i => CultureInvariant($"c{i}")));
        var row = "wide@corpus.example," + string.Join(',', Enumerable.Range(1, 9_999).Select(i => CultureInvariant($"v{i}")));
        return Encoding.UTF8.GetBytes(header + "\r\n" + row + "\r\n");
    }

    private static byte[] FourMegabyteLine() =>
        Encoding.UTF8.GetBytes("email,first name\r\nlong@corpus.example," + new string('x', 4 * 1024 * 1024) + "\r\nshort@corpus.example,Short\r\n");

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    [Theory]
    [MemberData(nameof(CsvFiles))]
    public async Task Every_malformed_csv_gets_a_sentence_or_row_verdicts_and_nothing_is_half_written(string file, string? refusal)
    {
        using var admin = await AccountSeeder.SignInAsync(App, Admin);
        var before = await TableCounts.ReadAsync(App);

        var uploaded = await AccountSeeder.PostFileAsync(admin, "/users/import", Load(file), Path.GetFileName(file));

        Assert.True((int)uploaded.StatusCode < 500, $"{file}: {(int)uploaded.StatusCode}");
        if (uploaded.StatusCode == HttpStatusCode.OK)
        {
            // Refused at upload: a sentence of the reader, and nothing stored.
            var page = WebUtility.HtmlDecode(await uploaded.Content.ReadAsStringAsync());
            var message = ErrorParagraph().Match(page);
            Assert.True(message.Success, $"{file}: refused without a message");
            if (refusal is not null)
            {
                Assert.StartsWith(refusal.Split('{')[0], message.Groups["text"].Value, StringComparison.Ordinal);
            }

            await TableCounts.AssertUnchangedAsync(App, before, file);
            return;
        }

        Assert.True(refusal is null, $"{file} was accepted but must be refused with: {refusal}");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var mappingUrl = uploaded.Headers.Location!.OriginalString;
        var importUrl = mappingUrl[..^"/mapping".Length];
        var mapping = await admin.GetAsync(mappingUrl);
        Assert.Equal(HttpStatusCode.OK, mapping.StatusCode);
        var confirmed = await AccountSeeder.PostFormAsync(admin, mappingUrl, new() { ["Columns[Email]"] = "0", ["Columns[FirstName]"] = "1" });
        Assert.True((int)confirmed.StatusCode < 500, $"{file}: mapping answered {(int)confirmed.StatusCode}");

        var review = await admin.GetAsync(importUrl + "/review");
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        var reviewPage = await review.Content.ReadAsStringAsync();
        var willInvite = int.Parse(WillInviteCount().Match(reviewPage).Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var membersBefore = before["members"];
        if (willInvite > 0)
        {
            var invited = await AccountSeeder.PostFormAsync(admin, importUrl + "/review?handler=Invite", [], importUrl + "/review");
            Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(importUrl + "/done")).StatusCode);
        }

        // The dry run's count is exactly what the commit wrote, on either database.
        var after = await TableCounts.ReadAsync(App);
        Assert.Equal(membersBefore + willInvite, after["members"]);
        await using var scope = App.CreateScope(_account, out var db);
        var members = await db.Members.AsNoTracking().ToListAsync();
        Assert.DoesNotContain(members, m => !InputText.IsClean(m.Email) || !InputText.IsClean(m.FirstName) || m.FirstName?.Length > 100);
        if (file == "formula-cells.csv")
        {
            // Formulas are names like any other; the members export neutralizes them for spreadsheets.
            var export = Encoding.UTF8.GetString(await admin.GetByteArrayAsync("/users?handler=Export"));
            Assert.Contains("'=1+2", export, StringComparison.Ordinal);
            Assert.Contains("'+cmd", export, StringComparison.Ordinal);
            Assert.DoesNotContain(",=1+2", export, StringComparison.Ordinal);
            Assert.DoesNotContain(",+cmd", export, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_oversize_invite_form_is_refused_without_a_500_and_writes_nothing()
    {
        using var admin = await AccountSeeder.SignInAsync(App, Admin);
        var before = await TableCounts.ReadAsync(App);
        var addresses = string.Join(' ', Enumerable.Range(0, 300_000).Select(i => CultureInvariant($"p{i}@corpus.example")));

        var posted = await AccountSeeder.PostFormAsync(admin, "/users/invite", new() { ["Emails"] = addresses, ["Role"] = "standard" });

        Assert.True((int)posted.StatusCode < 500, $"{(int)posted.StatusCode}");
        await TableCounts.AssertUnchangedAsync(App, before, "an oversize form");
    }

    [Theory]
    [InlineData("?code=forged&state=forged")]
    [InlineData("?code=forged")]
    [InlineData("?state=only")]
    [InlineData("?error=access_denied&state=forged")]
    [InlineData("?code=%00&state=%00")]
    public async Task A_tampered_salesforce_callback_or_one_without_its_pkce_verifier_gets_a_sentence(string query)
    {
        // No flow cookie means no state to match and no PKCE verifier: the callback must say so, not fail.
        using var browser = App.CreateClient(new() { AllowAutoRedirect = true });
        var before = await TableCounts.ReadAsync(App);

        var callback = await browser.GetAsync("/connections/salesforce/callback" + query);

        Assert.True((int)callback.StatusCode < 500, $"{(int)callback.StatusCode}");
        Assert.Matches(ErrorParagraph(), WebUtility.HtmlDecode(await callback.Content.ReadAsStringAsync()));
        await TableCounts.AssertUnchangedAsync(App, before, "a tampered callback");
    }

    [Fact]
    public async Task Replayed_expired_foreign_and_garbage_invitation_tokens_each_get_a_page_and_write_nothing()
    {
        var token = await InviteAsync(_account, "invitee@corpus.example");
        var otherAccount = await AccountSeeder.CreateAccountAsync(App, "Other");
        var foreignToken = await InviteAsync(otherAccount, "foreign@corpus.example");
        using var browser = App.CreateClient(new() { AllowAutoRedirect = false });

        var accepted = await AcceptAsync(browser, token);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var before = await TableCounts.ReadAsync(App);

        // Replayed: the same link again, and with the other account's member signed in.
        var replayed = await browser.GetAsync("/invitations/accept?token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("This invitation has already been used", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var replayedPost = await browser.PostAsync("/invitations/accept?token=" + Uri.EscapeDataString(token), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["password"] = "Bad-Input-Corpus-2", ["confirmPassword"] = "Bad-Input-Corpus-2",
        }));
        Assert.True((int)replayedPost.StatusCode < 500, $"replayed post: {(int)replayedPost.StatusCode}");
        var foreign = await browser.GetAsync("/invitations/accept?token=" + Uri.EscapeDataString(foreignToken));
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode); // the link itself is the proof; it names its own account
        Assert.Contains("Other", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var garbage in new[] { "", "x", new string('A', 5000), "\0", "%00%00", "../../etc/passwd", token + "x", token.ToUpperInvariant() })
        {
            var response = await browser.GetAsync("/invitations/accept?token=" + Uri.EscapeDataString(garbage));
            Assert.True((int)response.StatusCode < 500, $"token '{garbage[..Math.Min(garbage.Length, 20)]}': {(int)response.StatusCode}");
        }

        await TableCounts.AssertUnchangedAsync(App, before, "replayed and garbage tokens");

        // Expired: a clock past the lifetime sees the other account's still-open invitation as expired.
        await using var scope = App.CreateScope(null, out var db);
        await db.Invitations.IgnoreQueryFilters().Where(i => i.SalesAccountId == otherAccount)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        var expired = await browser.GetAsync("/invitations/accept?token=" + Uri.EscapeDataString(foreignToken));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("This invitation has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await TableCounts.AssertUnchangedAsync(App, before, "an expired token");
    }

    [Theory]
    [InlineData(" admin@corpus.example ", AccountSeeder.Password, true)]
    [InlineData("admin@corpus.example", " " + AccountSeeder.Password, false)]
    [InlineData("admin@corpus.example", AccountSeeder.Password + " ", false)]
    // A NUL in a form field is refused before the page runs (InputValidationTests.A_nul_in_a_form_field_is_refused_before_anything_is_written).
    [InlineData("ad\u200Bmin@corpus.example", AccountSeeder.Password, false)]
    [InlineData("\t", "\t", false)]
    public async Task Credentials_with_stray_spaces_or_hidden_characters_get_an_answer_not_a_500(string email, string password, bool signsIn)
    {
        using var browser = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await AccountSeeder.PostFormAsync(browser, "/sign-in", new() { ["Email"] = email, ["Password"] = password });

        if (signsIn)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("The email or password is not right.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
    }

    private async Task<string> InviteAsync(Guid accountId, string email)
    {
        await using var scope = App.CreateScope(accountId, out _);
        string? token = null;
        await scope.ServiceProvider.GetRequiredService<InvitationService>()
            .InviteAsync([new InviteRequest(1, email)], t => { token = t; return new Uri("http://localhost/invitations/accept?token=" + t); });
        return token ?? throw new InvalidOperationException("No invitation was created.");
    }

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient browser, string token) =>
        AccountSeeder.PostFormAsync(browser, "/invitations/accept?token=" + Uri.EscapeDataString(token),
            new() { ["token"] = token, ["password"] = "Bad-Input-Corpus-1", ["confirmPassword"] = "Bad-Input-Corpus-1" });

    [GeneratedRegex("""<p class="error" role="alert">(?<text>[^<]+)</p>""")]
    private static partial Regex ErrorParagraph();

    [GeneratedRegex("""class="will-invite-count" data-count="(?<n>\d+)""")]
    private static partial Regex WillInviteCount();
}

public sealed class BadInputCorpusTestsOnPostgres : BadInputCorpusTests;

public sealed class BadInputCorpusTestsOnSqlite : BadInputCorpusTests
{
    protected override bool UseSqlite => true;
}
