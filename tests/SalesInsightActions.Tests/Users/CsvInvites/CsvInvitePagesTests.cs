using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.CsvInvites;

namespace SalesInsightActions.Tests.Users.CsvInvites;

public sealed partial class CsvInvitePagesTests : AppTest
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, $"admin-{_run}@acme.example");
        await AccountSeeder.CreateActiveMemberAsync(App, _account, $"rep-{_run}@acme.example", MemberRole.StandardUser);
    }

    /// <summary>A UTF-16 LE, semicolon-separated file with Chinese headers: three people, one of them already a member.</summary>
    private byte[] ChineseFile()
    {
        var text = $"邮箱;名;姓;团队;角色\r\nli-{_run}@acme.example;雷;李;销售一部;管理员\r\nhan-{_run}@acme.example;梅梅;韩;销售一部;\r\nrep-{_run}@acme.example;Rep;One;;\r\n";
        var encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName = "people.csv")
    {
        var page = await client.GetStringAsync("/users/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AntiforgeryToken().Match(page).Groups["token"].Value), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/users/import", form);
    }

    [Fact]
    public async Task Admin_uploads_confirms_the_mapping_reviews_and_invites_once()
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");

        var uploaded = await UploadAsync(admin, ChineseFile());
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var mappingUrl = uploaded.Headers.Location!.OriginalString;
        Assert.Matches("^/users/import/[0-9a-f-]{36}/mapping$", mappingUrl);
        var importUrl = mappingUrl[..^"/mapping".Length];

        var mappingPage = await admin.GetStringAsync(mappingUrl);
        Assert.Contains("<option value=\"0\" selected=\"selected\">邮箱</option>", mappingPage, StringComparison.Ordinal);
        Assert.Contains("<option value=\"4\" selected=\"selected\">角色</option>", mappingPage, StringComparison.Ordinal);
        Assert.Contains("梅梅", mappingPage, StringComparison.Ordinal); // preview

        var confirmed = await AccountSeeder.PostFormAsync(admin, mappingUrl, new()
        {
            ["Columns[Email]"] = "0", ["Columns[FirstName]"] = "1", ["Columns[LastName]"] = "2", ["Columns[Team]"] = "3", ["Columns[Role]"] = "4",
        });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(importUrl + "/review", confirmed.Headers.Location!.OriginalString);

        var review = await admin.GetStringAsync(importUrl + "/review");
        Assert.Contains("2 people will be invited.", review, StringComparison.Ordinal);
        Assert.Contains("1 rows will be skipped:", review, StringComparison.Ordinal);
        Assert.Contains("Email has already been taken", review, StringComparison.Ordinal);
        Assert.Contains("New teams to create: 销售一部", review, StringComparison.Ordinal);
        await using (var scope = App.CreateScope(_account, out var db))
        {
            Assert.Equal(2, await db.Members.CountAsync()); // the dry run wrote nothing
        }

        var invited = await AccountSeeder.PostFormAsync(admin, importUrl + "/review?handler=Invite", [], importUrl + "/review");
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        Assert.Equal(importUrl + "/done", invited.Headers.Location!.OriginalString);

        var done = await admin.GetStringAsync(importUrl + "/done");
        Assert.Contains("Invited 2, skipped 1", done, StringComparison.Ordinal);
        Assert.Contains($"rep-{_run}@acme.example", done, StringComparison.Ordinal);
        Assert.DoesNotContain($"li-{_run}@acme.example", done, StringComparison.Ordinal);
        await using (var scope = App.CreateScope(_account, out var db))
        {
            var li = await db.Members.SingleAsync(m => m.NormalizedEmail == $"LI-{_run}@ACME.EXAMPLE".ToUpperInvariant());
            Assert.Equal(MemberRole.Admin, li.Role);
            Assert.Equal("雷", li.FirstName);
            var import = await db.CsvImports.SingleAsync();
            Assert.Equal((CsvImportStatus.Invited, 2, 1), (import.Status, import.InvitedCount, import.SkippedCount));
            Assert.Contains("\"Email\":0", import.MappingJson, StringComparison.Ordinal);
        }

        // Invite again (a second tab, a double click): nothing more happens, the confirmation is shown.
        var again = await admin.PostAsync(importUrl + "/review?handler=Invite", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(done).Groups["token"].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(importUrl + "/done", again.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync(importUrl + "/review")).StatusCode);

        // Uploading the same file again invites nobody twice.
        var reupload = await UploadAsync(admin, ChineseFile());
        var secondMapping = reupload.Headers.Location!.OriginalString;
        Assert.Contains("This file was already imported on", await admin.GetStringAsync(secondMapping), StringComparison.Ordinal);
        await AccountSeeder.PostFormAsync(admin, secondMapping, new() { ["Columns[Email]"] = "0" });
        var secondReview = await admin.GetStringAsync(secondMapping.Replace("/mapping", "/review", StringComparison.Ordinal));
        Assert.Contains("0 people will be invited.", secondReview, StringComparison.Ordinal);
        Assert.Contains("Nobody in this file can be invited.", secondReview, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Invite", secondReview, StringComparison.Ordinal);

        var mail = await Maildev.WaitForAsync(a => a == $"han-{_run}@acme.example", 1, TimeSpan.FromSeconds(20));
        Assert.Contains("/invitations/accept?token=", Assert.Single(mail).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_download_has_the_published_columns_and_an_example_row()
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");

        var response = await admin.GetAsync("/users/import/template");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CsvInviteTemplate.FileName, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("email,first name,last name,team,role\r\n", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Oversized_empty_and_garbage_uploads_get_a_sentence_not_an_error_page()
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var tooBig = new byte[CsvImport.MaxFileBytes + 10];
        Array.Fill(tooBig, (byte)'x');

        var big = await UploadAsync(admin, tooBig);
        var empty = await UploadAsync(admin, []);
        var garbage = await UploadAsync(admin, [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xFF, 0xFE, 0xFD, 0x00, 0x00, 0x01]);
        var headerOnly = await UploadAsync(admin, Encoding.UTF8.GetBytes("email,team\r\n"));

        Assert.Equal(HttpStatusCode.OK, big.StatusCode);
        Assert.Contains("The file is larger than 5 MB.", await big.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("The file is empty.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("This file is not readable text in UTF-8 or UTF-16.", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The file has a header row but no people.", await headerOnly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = App.CreateScope(_account, out var db);
        Assert.Equal(0, await db.CsvImports.CountAsync());
    }

    [Fact]
    public async Task Errors_are_shown_in_chinese_for_a_chinese_browser()
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var headerOnly = await UploadAsync(admin, Encoding.UTF8.GetBytes("email,team\r\n"));

        Assert.Contains("文件只有标题行，没有人员。", await headerOnly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_users_cannot_import_and_other_accounts_imports_are_not_found()
    {
        using var rep = await AccountSeeder.SignInAsync(App, $"rep-{_run}@acme.example");
        var denied = await rep.GetAsync("/users/import");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/access-denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var other = await AccountSeeder.CreateAccountAsync(App, "Globex");
        await AccountSeeder.CreateActiveMemberAsync(App, other, $"admin-{_run}@globex.example");
        using var globex = await AccountSeeder.SignInAsync(App, $"admin-{_run}@globex.example");
        var globexUpload = await UploadAsync(globex, Encoding.UTF8.GetBytes("email\r\nsomeone@globex.example\r\n"));
        var globexMapping = globexUpload.Headers.Location!.OriginalString;

        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(globexMapping)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(globexMapping.Replace("/mapping", "/review", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task Review_of_a_large_file_is_paged_and_can_show_skipped_rows_only()
    {
        using var admin = await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example");
        var text = new StringBuilder("email\r\n");
        for (var i = 0; i < 450; i++)
        {
            text.Append(i % 3 == 0 ? $"not-an-address-{i}\r\n" : $"p{i}-{_run}@acme.example\r\n");
        }

        var uploaded = await UploadAsync(admin, Encoding.UTF8.GetBytes(text.ToString()));
        var mappingUrl = uploaded.Headers.Location!.OriginalString;
        await AccountSeeder.PostFormAsync(admin, mappingUrl, new() { ["Columns[Email]"] = "0" });
        var reviewUrl = mappingUrl.Replace("/mapping", "/review", StringComparison.Ordinal);

        var first = await admin.GetStringAsync(reviewUrl);
        var third = await admin.GetStringAsync(reviewUrl + "?p=3");
        var skippedOnly = await admin.GetStringAsync(reviewUrl + "?skippedOnly=true");

        Assert.Equal(200, DataRows().Matches(first).Count);
        Assert.Contains("Page 1 of 3", first, StringComparison.Ordinal);
        Assert.Equal(50, DataRows().Matches(third).Count);
        Assert.Contains("98 people will be invited.", first, StringComparison.Ordinal); // 100 seats, 2 taken
        // 150 malformed + 202 beyond the seat limit = 352 skipped rows: two pages.
        Assert.Contains("data-reason=\"MalformedEmail\" data-count=\"150\"", first, StringComparison.Ordinal);
        Assert.Contains("data-reason=\"NoSeatsLeft\" data-count=\"202\"", first, StringComparison.Ordinal);
        Assert.Equal(200, Regex.Matches(skippedOnly, "<tr class=\"skipped\"").Count);
        Assert.Contains("Page 1 of 2", skippedOnly, StringComparison.Ordinal);
        Assert.Contains("skippedOnly=true", skippedOnly, StringComparison.Ordinal); // the pager keeps the filter
        Assert.DoesNotContain("class=\"will-invite\"", skippedOnly, StringComparison.Ordinal);
    }

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="(?<token>[^"]+)""")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<tr class=\"(will-invite|skipped)\"")]
    private static partial Regex DataRows();
}
