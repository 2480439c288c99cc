using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Users;

/// <summary>Links in invitation emails point at the configured public address, not whatever Host header the request carried.</summary>
public sealed class InvitationLinkTests : AppTest
{
    private Guid _account;

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Invitations:PublicBaseUrl"] = "https://sales.example.com/" };

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");
    }

    [Fact]
    public async Task Invitation_links_use_the_configured_public_base_url()
    {
        using var admin = await AccountSeeder.SignInAsync(App, "admin@acme.example");

        await AccountSeeder.PostFormAsync(admin, "/users/invite", new() { ["Emails"] = "linked@acme.example", ["Role"] = "standard" });

        await using var scope = App.CreateScope(_account, out var db);
        var email = await db.OutboxEmails.SingleAsync(e => e.ToAddress == "linked@acme.example");
        var text = scope.ServiceProvider.GetRequiredService<SalesInsightActions.Web.Email.OutboxBodies>().Open(email.TextBody);
        Assert.Contains("https://sales.example.com/invitations/accept?token=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http://localhost", text, StringComparison.Ordinal);
    }
}
