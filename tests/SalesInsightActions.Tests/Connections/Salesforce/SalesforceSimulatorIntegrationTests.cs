using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Web.Connections.Salesforce;

namespace SalesInsightActions.Tests.Connections.Salesforce;

/// <summary>The product's Salesforce clients against the Salesforce simulator over real HTTP.</summary>
public sealed class SalesforceSimulatorIntegrationTests : IAsyncLifetime
{
    private static readonly Uri Callback = new("http://127.0.0.1:5999/connections/salesforce/callback");
    private SimulatorServer _server = null!;
    private ServiceProvider _provider = null!;
    private readonly InMemorySalesforceTokenStore _store = new();
    private readonly RequestCounter _sent = new();

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ISalesforceTokenStore>(_store);
        services.AddSalesforceClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Salesforce:LoginHost"] = _server.BaseUrl.AbsoluteUri,
            ["Salesforce:SandboxHost"] = _server.BaseUrl.AbsoluteUri,
            ["Salesforce:ClientId"] = "sim-salesforce-client-id",
            ["Salesforce:ClientSecret"] = "sim-salesforce-client-secret",
            ["Salesforce:RetryBaseDelay"] = "00:00:00.050",
            ["Salesforce:BulkJobPollInterval"] = "00:00:00.100",
        }).Build());
        services.AddHttpClient("Salesforce").AddHttpMessageHandler(() => _sent);
        _provider = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _server.DisposeAsync();
    }

    private ISalesforceOAuthClient OAuth => _provider.GetRequiredService<ISalesforceOAuthClient>();

    /// <summary>Drives the simulator's sign-in and consent pages like a browser and returns the callback URL.</summary>
    private async Task<Uri> SignInAsync(SalesforceAuthorizationRequest request, string decision = "allow")
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
        var login = await browser.GetAsync(request.AuthorizeUrl);
        var loginHtml = await login.Content.ReadAsStringAsync();
        Assert.True(login.StatusCode == HttpStatusCode.OK, loginHtml);
        var consent = await HtmlFormDriver.SubmitAsync(browser, request.AuthorizeUrl, loginHtml,
            new Dictionary<string, string> { ["username"] = "admin@sim-salesforce.example", ["pw"] = "Sandbox-Pass-1" });
        var consentHtml = await consent.Content.ReadAsStringAsync();
        var redirect = await HtmlFormDriver.SubmitAsync(browser, request.AuthorizeUrl, consentHtml, new Dictionary<string, string>(), buttonValue: decision);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        return redirect.Headers.Location!;
    }

    private static Dictionary<string, string> Query(Uri uri) => uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    private async Task<ISalesforceClient> ConnectAsync()
    {
        var request = OAuth.BuildAuthorizationRequest(Callback, forceLogin: true);
        var callback = await SignInAsync(request);
        var tokens = await OAuth.ExchangeCodeAsync(request, Query(callback)["code"]);
        await _store.SaveAsync("member-1", tokens);
        return _provider.CreateScope().ServiceProvider.GetRequiredService<ISalesforceClientFactory>().Create("member-1");
    }

    [Fact]
    public async Task Web_server_flow_with_pkce_signs_in_consents_and_exchanges_the_code_for_working_tokens()
    {
        var request = OAuth.BuildAuthorizationRequest(Callback, forceLogin: true);

        var callback = await SignInAsync(request);
        var query = Query(callback);
        var tokens = await OAuth.ExchangeCodeAsync(request, query["code"]);
        var identity = await OAuth.GetIdentityAsync(tokens);

        Assert.Equal(Callback.GetLeftPart(UriPartial.Path), callback.GetLeftPart(UriPartial.Path));
        Assert.Equal(request.State, query["state"]);
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        Assert.Equal(_server.BaseUrl.Authority, tokens.InstanceUrl.Authority);
        Assert.Equal("00D000000000001EAA", tokens.OrganizationId);
        Assert.InRange(tokens.IssuedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("admin@sim-salesforce.example", identity.Username);
        Assert.Equal(tokens.UserId, identity.UserId);
    }

    [Fact]
    public async Task Denied_consent_redirects_with_access_denied()
    {
        var request = OAuth.BuildAuthorizationRequest(Callback);

        var callback = await SignInAsync(request, decision: "deny");

        Assert.Equal("access_denied", Query(callback)["error"]);
    }

    [Fact]
    public async Task Code_exchange_with_the_wrong_verifier_is_refused_as_invalid_grant()
    {
        var request = OAuth.BuildAuthorizationRequest(Callback);
        var callback = await SignInAsync(request);

        var error = await Assert.ThrowsAsync<SalesforceOAuthException>(() => OAuth.ExchangeCodeAsync(request with { CodeVerifier = "wrong-verifier-wrong-verifier-wrong-verifier-x" }, Query(callback)["code"]));

        Assert.Equal(("invalid_grant", 400), (error.Error, error.HttpStatus));
    }

    [Fact]
    public async Task Query_pages_across_next_records_url_to_the_total_size()
    {
        var client = await ConnectAsync();

        var leads = await client.QueryAsync("SELECT Id, LastName FROM Lead", batchSize: 200).ToListAsync();

        Assert.True(leads.Count > 200, $"only {leads.Count} leads");
        Assert.Equal(leads.Count, leads.Select(l => l.GetProperty("Id").GetString()).Distinct().Count());
        Assert.True(_sent.Count >= 2);
        Assert.NotNull(client.LastApiUsage);
    }

    [Fact]
    public async Task Invalid_session_is_refreshed_once_and_the_call_succeeds()
    {
        var client = await ConnectAsync();
        var before = (await _store.GetAsync("member-1"))!.AccessToken;
        await _server.PostAsync("_sim/salesforce/expire-tokens", new { });

        var describe = await client.DescribeAsync("Task");

        Assert.Equal("Task", describe.Name);
        Assert.NotEqual(before, (await _store.GetAsync("member-1"))!.AccessToken);
        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public async Task Request_limit_exceeded_stops_without_retrying()
    {
        var client = await ConnectAsync();
        await _server.PostAsync("_sim/salesforce/api-usage", new { limit = 1000, used = 1000, enforced = true });

        var error = await Assert.ThrowsAsync<SalesforceDailyLimitExceededException>(() => client.DescribeAsync("Lead"));

        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.ErrorCode);
        Assert.Equal(1, _sent.Count);
    }

    [Fact]
    public async Task Concurrent_requests_limit_is_backed_off_and_retried_until_the_call_succeeds()
    {
        var client = await ConnectAsync();
        await _server.PostAsync("_sim/salesforce/request-limits", new { nextConcurrentLimitErrors = 2 });

        var describe = await client.DescribeAsync("Lead");

        Assert.Equal("Lead", describe.Name);
        Assert.Equal(3, _sent.Count);
    }

    [Fact]
    public async Task Task_is_created_and_visible_to_salesforce()
    {
        var client = await ConnectAsync();
        var lead = (await client.QueryAsync("SELECT Id FROM Lead LIMIT 1").ToListAsync()).Single().GetProperty("Id").GetString();

        var id = await client.CreateTaskAsync(new Web.Connections.Salesforce.Wire.SalesforceTask(lead, "Email: Hello", "2026-01-05", "Completed", "Normal", "Email"));

        Assert.StartsWith("00T", id, StringComparison.Ordinal);
        var tasks = await _server.GetJsonAsync("_sim/salesforce/tasks");
        Assert.Contains(id, tasks.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_query_streams_every_row_across_locator_pages()
    {
        var client = await ConnectAsync();

        var job = await client.CreateBulkQueryJobAsync("SELECT Id FROM Lead");
        var done = await client.WaitForBulkQueryJobAsync(job.Id);
        var rows = await client.ReadBulkQueryResultsAsync(job.Id, maxRecordsPerPage: 500).ToListAsync();

        Assert.Equal("JobComplete", done.State);
        Assert.Equal(done.NumberRecordsProcessed, rows.Count);
        Assert.True(rows.Count > 500);
        Assert.Equal(rows.Count, rows.Select(r => r["Id"]).Distinct().Count());
    }
}
