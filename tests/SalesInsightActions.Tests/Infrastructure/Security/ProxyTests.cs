using System.Net;
using Microsoft.Extensions.Configuration;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Infrastructure.Security;

namespace SalesInsightActions.Tests.Infrastructure.Security;

/// <summary>
/// Issue 10, finding 4: behind a TLS-terminating proxy the sign-in cookie was not Secure and no HSTS was sent; a
/// forged Host header steered emailed links. The scheme is now taken from X-Forwarded-Proto — from known proxies only —
/// and production refuses to start without a public address and a host list.
/// </summary>
public sealed class ProxyTests
{
    private const string Email = "proxy.admin@acme.example";

    [Fact]
    public async Task Https_forwarded_by_a_known_proxy_makes_the_sign_in_cookie_secure_and_sends_hsts()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        // The test client connects from 127.0.0.1, which is the default (and here the only) known proxy.
        await using var app = new AppFactory(database.ConnectionString, realHttp: true);
        var (cookies, hsts) = await SignInThroughProxyAsync(app);

        Assert.Contains(cookies, c => c.Contains("secure", StringComparison.OrdinalIgnoreCase) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies.Where(c => c.Contains("httponly", StringComparison.OrdinalIgnoreCase)), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(hsts);
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_claim_from_an_address_that_is_not_a_known_proxy_is_ignored()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies"] = "10.9.8.7",
        }, realHttp: true);
        var (cookies, hsts) = await SignInThroughProxyAsync(app);

        Assert.NotEmpty(cookies);
        Assert.DoesNotContain(cookies, c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Null(hsts);
    }

    [Theory]
    [InlineData(null, "sales.example.com", "Invitations:PublicBaseUrl")]
    [InlineData("not a url", "sales.example.com", "Invitations:PublicBaseUrl")]
    [InlineData("https://sales.example.com", "*", "AllowedHosts")]
    [InlineData("https://sales.example.com", null, "AllowedHosts")]
    public void Production_refuses_to_start_without_a_public_address_and_a_host_list(string? publicBaseUrl, string? allowedHosts, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Invitations:PublicBaseUrl"] = publicBaseUrl,
            ["AllowedHosts"] = allowedHosts,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => ProxySetup.RequireProductionAddressing(configuration));

        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_starts_with_both_set()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Invitations:PublicBaseUrl"] = "https://sales.example.com",
            ["AllowedHosts"] = "sales.example.com",
        }).Build();

        ProxySetup.RequireProductionAddressing(configuration);
    }

    [Fact]
    public async Task A_known_proxy_setting_that_is_not_an_address_stops_the_start_with_its_name()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks"] = "proxy.local" });

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("ForwardedHeaders:KnownNetworks", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(List<string> Cookies, string? Hsts)> SignInThroughProxyAsync(AppFactory app)
    {
        app.CreateClient().Dispose(); // starts the host (and Kestrel) before seeding, as AppTest does
        var accountId = await AccountSeeder.CreateAccountAsync(app);
        await AccountSeeder.CreateActiveMemberAsync(app, accountId, Email);
        // A plain client over the loopback socket, as a proxy connects (the factory's client follows redirects here).
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = app.ServerAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        // The proxy passes the public host name (HSTS is never sent for localhost names).
        client.DefaultRequestHeaders.Host = "sales.example.com";

        var response = await AccountSeeder.PostFormAsync(client, "/sign-in", new() { ["Email"] = Email, ["Password"] = AccountSeeder.Password });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        var hsts = response.Headers.TryGetValues("Strict-Transport-Security", out var h) ? h.Single() : null;
        return (cookies, hsts);
    }
}
