using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Tests.Users;

public sealed partial class InvitationAcceptanceTests : AppTest
{
    private async Task<(Guid Account, string Token)> InviteAsync(string email, LoginManagement login = LoginManagement.AllLoginMethods)
    {
        var account = await AccountSeeder.CreateAccountAsync(App, login: login);
        string? token = null;
        await using var scope = App.CreateScope(account, out _);
        await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync([new InviteRequest(1, email)], t =>
        {
            token = t;
            return new Uri("https://app.example/invitations/accept?token=" + t);
        });
        return (account, token!);
    }

    [Fact]
    public async Task Setting_a_password_activates_the_member_and_signs_them_in()
    {
        var (account, token) = await InviteAsync("new@acme.example");
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await AccountSeeder.PostFormAsync(client, "/invitations/accept",
            new() { ["token"] = token, ["password"] = "Brand-New-Pass-9", ["confirmPassword"] = "Brand-New-Pass-9" },
            formPageUrl: "/invitations/accept?token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sia.auth=", StringComparison.Ordinal));
        await using var scope = App.CreateScope(account, out var db);
        var member = await db.Members.SingleAsync();
        Assert.Equal(MemberStatus.Active, member.Status);
        Assert.NotNull(member.UserId);
        // The same link cannot be used twice.
        var again = await client.GetAsync("/invitations/accept?token=" + Uri.EscapeDataString(token));
        Assert.Contains("This invitation has already been used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Issue 10, finding 12: ten simultaneous accepts of one link on PostgreSQL gave one success and 500s.
    [Fact]
    public async Task Ten_simultaneous_accepts_of_one_link_activate_once_and_tell_the_others_it_is_used()
    {
        var (account, token) = await InviteAsync("race@acme.example");
        var clients = Enumerable.Range(0, 10).Select(_ => App.CreateClient(new() { AllowAutoRedirect = false })).ToList();
        var page = "/invitations/accept?token=" + Uri.EscapeDataString(token);
        var forms = await Task.WhenAll(clients.Select(c => c.GetStringAsync(page)));

        var responses = await Task.WhenAll(clients.Select((c, i) => PostAcceptAsync(c, forms[i], token)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Redirect))
        {
            Assert.NotEqual(HttpStatusCode.InternalServerError, refused.StatusCode);
            Assert.Contains("This invitation has already been used", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var scope = App.CreateScope(account, out var db);
        Assert.Equal(MemberStatus.Active, (await db.Members.SingleAsync()).Status);
        Assert.Equal(1, await db.Users.CountAsync());
        clients.ForEach(c => c.Dispose());
    }

    /// <summary>Posts the accept form already fetched, so all posts leave together.</summary>
    private static Task<HttpResponseMessage> PostAcceptAsync(HttpClient client, string formPage, string token)
    {
        var antiforgery = System.Text.RegularExpressions.Regex.Match(formPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return client.PostAsync("/invitations/accept", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["password"] = "Brand-New-Pass-9", ["confirmPassword"] = "Brand-New-Pass-9", ["__RequestVerificationToken"] = antiforgery,
        }));
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_reasons_and_nothing_is_activated()
    {
        var (account, token) = await InviteAsync("weak@acme.example");
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await AccountSeeder.PostFormAsync(client, "/invitations/accept",
            new() { ["token"] = token, ["password"] = "short", ["confirmPassword"] = "short" },
            formPageUrl: "/invitations/accept?token=" + Uri.EscapeDataString(token));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The password needs at least 12 characters.", html, StringComparison.Ordinal);
        Assert.Contains("The password needs at least one digit (0-9).", html, StringComparison.Ordinal);
        await using var scope = App.CreateScope(account, out var db);
        Assert.Equal(MemberStatus.Invited, (await db.Members.SingleAsync()).Status);
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Unknown_expired_and_replaced_links_each_explain_what_to_do()
    {
        var (account, token) = await InviteAsync("old@acme.example");
        using var client = App.CreateClient();

        var unknown = await client.GetAsync("/invitations/accept?token=not-a-real-token");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("This invitation link is not valid", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Guid memberId;
        await using (var scope = App.CreateScope(account, out var db))
        {
            memberId = (await db.Members.SingleAsync()).Id;
            var invitation = await db.Invitations.SingleAsync();
            invitation.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        }

        var expired = await client.GetAsync("/invitations/accept?token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("This invitation has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var scope = App.CreateScope(account, out _))
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<InvitationService>().ResendAsync(memberId, t => new Uri("https://app.example/?token=" + t)));
        }

        var replaced = await client.GetAsync("/invitations/accept?token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.Gone, replaced.StatusCode);
        Assert.Contains("This invitation is no longer valid", await replaced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_salesforce_only_login_no_password_can_be_set()
    {
        var (account, token) = await InviteAsync("sf@acme.example", LoginManagement.SalesforceOnly);
        using var client = App.CreateClient();

        var page = await client.GetStringAsync("/invitations/accept?token=" + Uri.EscapeDataString(token));
        var response = await client.PostAsync("/invitations/accept", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["password"] = "Brand-New-Pass-9", ["confirmPassword"] = "Brand-New-Pass-9",
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value,
        }));

        Assert.DoesNotContain("name=\"password\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = App.CreateScope(account, out var db);
        Assert.Equal(MemberStatus.Invited, (await db.Members.SingleAsync()).Status);
    }

    [Fact]
    public async Task Invitations_expire_after_the_configured_lifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (_, token) = await InviteAsync("clock@acme.example");
        await using var scope = App.Services.CreateAsyncScope();
        var acceptance = new InvitationAcceptance(scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>(), clock,
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<InvitationAcceptance>>());

        clock.Advance(TimeSpan.FromDays(6.9));
        Assert.Equal(InvitationState.Valid, (await acceptance.FindAsync(token)).State);
        clock.Advance(TimeSpan.FromDays(0.2));
        Assert.Equal(InvitationState.Expired, (await acceptance.FindAsync(token)).State);
    }

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryToken();
}
