using System.Net;
using System.Text.RegularExpressions;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.TestInfrastructure;

/// <summary>Creates Sales accounts and signed-in members through the app's own services.</summary>
public static partial class AccountSeeder
{
    public const string Password = "Correct-Horse-42";

    public static async Task<Guid> CreateAccountAsync(AppFactory app, string name = "Acme", LoginManagement login = LoginManagement.AllLoginMethods, string? munchkinId = null)
    {
        await using var scope = app.CreateScope(null, out var db);
        var account = new SalesAccount { Name = name, MunchkinId = munchkinId ?? $"{Random.Shared.Next(100, 999)}-{Guid.NewGuid().ToString("N")[..3].ToUpperInvariant()}-{Random.Shared.Next(100, 999)}", CreatedAt = DateTime.UtcNow, LoginManagement = login };
        db.SalesAccounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    /// <summary>An active member with a password sign-in.</summary>
    public static async Task<Member> CreateActiveMemberAsync(AppFactory app, Guid accountId, string email, MemberRole role = MemberRole.Admin, bool isOriginalUser = false)
    {
        await using var scope = app.CreateScope(accountId, out var db);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, SalesAccountId = accountId };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var member = new Member
        {
            Email = email, NormalizedEmail = email.ToUpperInvariant(), Role = role, Status = MemberStatus.Active, UserId = user.Id,
            IsOriginalUser = isOriginalUser, InvitedAt = DateTime.UtcNow, ActivatedAt = DateTime.UtcNow,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member;
    }

    /// <summary>An HttpClient (cookies kept, redirects not followed) signed in through the real sign-in form.</summary>
    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> app, string email, string password = Password)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await PostFormAsync(client, "/sign-in", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A client of the app running as its own process, signed in through the real sign-in form.</summary>
    public static async Task<HttpClient> SignInAsync(AppProcess app, string email, string password = Password)
    {
        var client = app.CreateClient();
        var response = await PostFormAsync(client, "/sign-in", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token of the first form on <paramref name="page"/> that has one.</summary>
    public static string AntiforgeryTokenIn(string page) => AntiforgeryToken().Match(page).Groups["token"].Value;

    /// <summary>
    /// GETs the page, finds the form that posts to <paramref name="url"/> (as a browser would) and posts it with
    /// that form's own antiforgery token — none if the form renders none, so a form missing its token fails here too.
    /// <paramref name="extra"/> adds fields a form repeats (several ticked check boxes of one name).
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient client, string url, Dictionary<string, string> fields, string? formPageUrl = null, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var pageUrl = formPageUrl ?? url;
        var page = await client.GetStringAsync(pageUrl);
        var target = url.Split('?')[0];
        var form = Forms().Matches(page).FirstOrDefault(f =>
        {
            if (!f.Groups["attrs"].Value.Contains("method=\"post\"", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var action = WebUtility.HtmlDecode(ActionAttribute().Match(f.Groups["attrs"].Value).Groups["action"].Value);
            var actionPath = (action.Length == 0 ? pageUrl : action).Split('?')[0];
            return actionPath == target && (action.Length == 0 || action.Contains('?') == url.Contains('?'));
        }) ?? throw new InvalidOperationException($"No form on {pageUrl} posts to {url}.");
        var token = AntiforgeryToken().Match(form.Value);
        if (token.Success)
        {
            fields["__RequestVerificationToken"] = token.Groups["token"].Value;
        }

        return await client.PostAsync(url, new FormUrlEncodedContent(fields.Concat(extra ?? [])));
    }

    /// <summary>Uploads <paramref name="content"/> as the form's file field, with the antiforgery token of the page at <paramref name="url"/>.</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string url, byte[] content, string fileName = "people.csv", string fieldName = "file")
    {
        var page = await client.GetStringAsync(url);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AntiforgeryToken().Match(page).Groups["token"].Value), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, fieldName, fileName);
        return await client.PostAsync(url, form);
    }

    /// <summary>Links a Salesforce user to a member's sign-in, as signing in or activating with Salesforce does.</summary>
    public static async Task LinkSalesforceUserAsync(AppFactory app, Guid accountId, string email, string organizationId = "00D000000000001AAA", string? salesforceUserId = null)
    {
        await using var scope = app.CreateScope(accountId, out _);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"{email} has no sign-in.");
        var sfUser = salesforceUserId ?? "005" + Guid.NewGuid().ToString("N")[..15].ToUpperInvariant();
        var linked = await users.AddLoginAsync(user, new UserLoginInfo(Web.Users.SignIn.SalesforceSignIn.LoginProvider, $"{organizationId}/{sfUser}", email));
        Assert.True(linked.Succeeded, string.Join("; ", linked.Errors.Select(e => e.Description)));
    }

    [GeneratedRegex("""<form(?<attrs>[^>]*)>.*?</form>""", RegexOptions.Singleline)]
    private static partial Regex Forms();

    [GeneratedRegex("""\baction="(?<action>[^"]*)""")]
    private static partial Regex ActionAttribute();

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="(?<token>[^"]+)""")]
    private static partial Regex AntiforgeryToken();
}
