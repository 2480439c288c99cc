using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Users.SignIn;

/// <summary>A sign-in cookie is only as good as the membership behind it, checked on every request.</summary>
public sealed class SessionValidityTests : AppTest
{
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@session.example");
    }

    [Fact]
    public async Task A_deactivated_member_cannot_sign_in_with_a_password()
    {
        var member = await AccountSeeder.CreateActiveMemberAsync(App, _account, "gone@session.example", MemberRole.StandardUser);
        await SetStatusAsync(member.Id, MemberStatus.Deactivated);
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = "gone@session.example", ["Password"] = AccountSeeder.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your membership is not active", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await IsSignedInAsync(client));
    }

    [Fact]
    public async Task The_cookie_of_a_member_who_is_then_deactivated_stops_working_on_every_page()
    {
        var member = await AccountSeeder.CreateActiveMemberAsync(App, _account, "soon-gone@session.example", MemberRole.StandardUser);
        using var client = await AccountSeeder.SignInAsync(App, "soon-gone@session.example");
        Assert.True(await IsSignedInAsync(client));

        await SetStatusAsync(member.Id, MemberStatus.Deactivated);

        Assert.False(await IsSignedInAsync(client));
    }

    [Fact]
    public async Task A_cookie_captured_before_sign_out_is_refused_afterwards()
    {
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "leaves@session.example", MemberRole.StandardUser);
        var jar = new CookieContainer();
        using var browser = App.CreateDefaultClient(new CookieContainerHandler(jar));
        var signedIn = await AccountSeeder.PostFormAsync(browser, "/sign-in", new() { ["Email"] = "leaves@session.example", ["Password"] = AccountSeeder.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var captured = jar.GetCookieHeader(App.Server.BaseAddress);
        Assert.True(await IsSignedInWithAsync(captured));

        var signedOut = await AccountSeeder.PostFormAsync(browser, "/sign-out", [], "/home");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.False(await IsSignedInWithAsync(captured));
    }

    private async Task<bool> IsSignedInWithAsync(string cookieHeader)
    {
        using var thief = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        // A standard member's page (/ sends them on to /home): signed in, it renders with the sign-out form.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/home");
        request.Headers.Add("Cookie", cookieHeader);
        return (await (await thief.SendAsync(request)).Content.ReadAsStringAsync()).Contains("action=\"/sign-out\"", StringComparison.Ordinal);
    }

    private static async Task<bool> IsSignedInAsync(HttpClient client) =>
        (await (await client.GetAsync("/home")).Content.ReadAsStringAsync()).Contains("action=\"/sign-out\"", StringComparison.Ordinal);

    private async Task SetStatusAsync(Guid memberId, MemberStatus status)
    {
        await using var scope = App.CreateScope(_account, out var db);
        await db.Members.Where(m => m.Id == memberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status));
    }
}
