using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Users.Sso;

/// <summary>Issue 10, finding 12: "Sign in with Microsoft" while the Entra issuer cannot be reached was a 500.</summary>
public sealed class EntraIssuerUnreachableTests : AppTest
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        ["AzureAd:Instance"] = "http://127.0.0.1:9/sandbox/",
        ["AzureAd:TenantId"] = EntraSsoHost.TenantId,
        ["AzureAd:ClientId"] = "sim-entra-client-id",
        ["AzureAd:ClientSecret"] = "sim-entra-client-secret",
        ["AzureAd:CallbackPath"] = "/signin-entra",
    };

    [Fact]
    public async Task An_unreachable_issuer_sends_the_visitor_back_to_sign_in_with_a_sentence()
    {
        var account = await AccountSeeder.CreateAccountAsync(App);
        await using (var scope = App.CreateScope(null, out var db))
        {
            await db.SalesAccounts.Where(a => a.Id == account).ExecuteUpdateAsync(a => a.SetProperty(x => x.EntraSsoEnabled, true));
        }

        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var start = await AccountSeeder.PostFormAsync(client, "/sign-in/entra", new() { ["returnUrl"] = "/" }, formPageUrl: "/sign-in");

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.StartsWith("/sign-in", start.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Microsoft sign-in cannot be reached right now", await client.GetStringAsync(start.Headers.Location), StringComparison.Ordinal);
    }
}
