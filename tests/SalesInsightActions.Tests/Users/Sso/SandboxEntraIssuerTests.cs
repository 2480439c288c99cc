using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Users.SignIn.Sso;

namespace SalesInsightActions.Tests.Users.Sso;

/// <summary>
/// Issue 10, finding 12 (leftover): Development named the sandbox's Entra issuer http://localhost:5080, so on any other
/// port "Sign in with Microsoft" failed. In sandbox mode the issuer is now the address the visitor used, like the
/// sandbox's Marketo and Salesforce URLs. This app listens on a free port (never 5080) and keeps Development's setting.
/// </summary>
public sealed class SandboxEntraIssuerTests : AppTest
{
    private const string Tenant = "7f1c2d3e-0000-4000-8000-00000000e1d0";

    protected override bool RealHttp => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "true",
        ["AzureAd:Instance"] = "http://localhost:5080/sandbox/",
        ["AzureAd:TenantId"] = Tenant,
        ["AzureAd:ClientId"] = "sim-entra-client-id",
        ["AzureAd:ClientSecret"] = "sim-entra-client-secret",
        ["AzureAd:CallbackPath"] = "/signin-entra",
    };

    [Fact]
    public async Task Sign_in_with_microsoft_goes_to_the_sandbox_issuer_on_the_port_the_app_answers_on()
    {
        Assert.NotEqual(5080, App.ServerAddress.Port);
        // The sandbox's own account, which an anonymous visitor of a sandbox acts for, turns Microsoft sign-in on.
        await using (var scope = App.CreateScope(null, out var db))
        {
            await db.SalesAccounts.Where(a => a.IsSandbox).ExecuteUpdateAsync(a => a.SetProperty(x => x.EntraSsoEnabled, true));
        }

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = App.ServerAddress };
        var start = await AccountSeeder.PostFormAsync(browser, "/sign-in/entra", new() { ["returnUrl"] = "/" }, formPageUrl: "/sign-in");

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith($"{App.ServerAddress}sandbox/{Tenant}/oauth2/v2.0/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString($"{App.ServerAddress}signin-entra"), authorize.Query, StringComparison.Ordinal);
        var issuerPage = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, issuerPage.StatusCode);
        Assert.Contains("passwd", await issuerPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:6123", "http://localhost:6123/sandbox/")]
    [InlineData("127.0.0.1:40111", "http://127.0.0.1:40111/sandbox/")]
    [InlineData("[::1]:40111", "http://[::1]:40111/sandbox/")]
    [InlineData("evil.example", "http://localhost:5080/sandbox/")]
    [InlineData("192.168.1.20:5080", "http://localhost:5080/sandbox/")]
    public void Only_a_loopback_host_in_the_request_chooses_the_issuer(string host, string expected)
    {
        var issuer = new SandboxEntraIssuer(new HttpContextAccessor(), new Uri("http://localhost:5080/sandbox/"), Tenant, new HttpClient());
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString(host);

        Assert.Equal(expected, issuer.InstanceFor(request));
    }
}
