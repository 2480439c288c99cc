using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Users.SignIn;

/// <summary>Nobody learns from the sign-in page or the invite box whether an address has an account.</summary>
public sealed class EnumerationAndRateLimitTests : AppTest
{
    private const string Generic = "The email or password is not right. Check them and try again.";
    private Guid _account;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:SignInPerMinute"] = "1000",
        ["RateLimiting:InvitePerMinute"] = "1000",
    };

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@enum.example");
        var salesforceOnly = await AccountSeeder.CreateAccountAsync(App, "Globex", LoginManagement.SalesforceOnly);
        await AccountSeeder.CreateActiveMemberAsync(App, salesforceOnly, "rep@globex-enum.example", MemberRole.StandardUser);
    }

    [Theory]
    [InlineData("nobody@enum.example")]
    [InlineData("admin@enum.example")]
    [InlineData("rep@globex-enum.example")]
    public async Task Unknown_known_and_salesforce_only_addresses_get_the_same_answer_to_a_wrong_password(string email)
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = email, ["Password"] = "Wrong-Password-1" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Generic, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Salesforce only", html, StringComparison.Ordinal);
    }

    /// <summary>Timing: an unknown address costs a password hash check too, as a known one does.</summary>
    [Fact]
    public async Task An_unknown_address_costs_a_password_hash_check_like_a_known_one()
    {
        var hasher = new CountingHasher();
        await using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = "nobody@enum.example", ["Password"] = "Wrong-Password-1" });

        Assert.Equal(1, hasher.Verifications);
    }

    [Fact]
    public async Task The_salesforce_only_notice_is_shown_only_to_someone_who_knows_the_password()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = "rep@globex-enum.example", ["Password"] = AccountSeeder.Password });

        Assert.Contains("Your Sales account signs in with Salesforce only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invite_box_says_only_cannot_be_invited_for_another_accounts_member()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@enum.example");

        var response = await AccountSeeder.PostFormAsync(admin, "/users/invite", new() { ["Emails"] = "rep@globex-enum.example", ["Role"] = "standard" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // The invite box shows its per-address verdicts on the page the POST redirects to.
        var html = await admin.GetStringAsync(response.Headers.Location);

        Assert.Contains("This email address can&#x27;t be invited.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("another Sales account", html, StringComparison.Ordinal);
        Assert.DoesNotContain("AnotherAccount", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_a_too_many_attempts_page()
    {
        await using var limited = App.WithWebHostBuilder(b => b.UseSetting("RateLimiting:SignInPerMinute", "3"));
        using var client = limited.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 3; i++)
        {
            var allowed = await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = $"guess{i}@enum.example", ["Password"] = "Wrong-Password-1" });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var refused = await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = "admin@enum.example", ["Password"] = AccountSeeder.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("Wait a minute, then try again.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();
        private int _verifications;

        public int Verifications => _verifications;

        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
