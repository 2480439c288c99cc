using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

using SalesInsightActions.Tests.Simulators.Marketo;
using SalesInsightActions.Tests.Simulators.Salesforce;

namespace SalesInsightActions.Tests.Simulators;

/// <summary>
/// The app mounts the simulators under /sandbox (app.Map + UseRouting + MapVendorSimulators): absolute URLs
/// and cookie paths must carry the prefix, Salesforce's root-relative nextRecordsUrl must not.
/// </summary>
public sealed class SimulatorPathPrefixTests
{
    private const string Prefix = "/sandbox";
    private const string EntraTenant = "7f1c2d3e-0000-4000-8000-00000000e1d0";

    [Fact]
    public async Task Salesforce_instance_url_and_id_url_include_the_prefix_and_the_id_url_answers()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(pathPrefix: Prefix);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        string root = $"{server.Origin}sandbox";
        Assert.Equal(root, api.TokenResponse.GetProperty("instance_url").GetString()!.TrimEnd('/'));
        string id = api.TokenResponse.GetProperty("id").GetString()!;
        Assert.StartsWith($"{root}/id/00D000000000001EAA/", id, StringComparison.Ordinal);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, id);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.AccessToken);
        JsonElement identity = await SalesforceApi.JsonAsync(await http.SendAsync(request));
        Assert.Equal("admin@sim-salesforce.example", identity.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Salesforce_next_records_url_is_root_relative_and_concatenates_with_instance_url()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(pathPrefix: Prefix);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        string instanceUrl = api.TokenResponse.GetProperty("instance_url").GetString()!.TrimEnd('/');

        JsonElement first = await SalesforceApi.JsonAsync(await api.QueryAsync("SELECT Id FROM Lead", batchSize: 200));
        string next = first.GetProperty("nextRecordsUrl").GetString()!;
        string recordUrl = first.GetProperty("records")[0].GetProperty("attributes").GetProperty("url").GetString()!;

        Assert.StartsWith($"/services/data/{SalesforceApi.Version}/query/", next, StringComparison.Ordinal);
        Assert.StartsWith($"/services/data/{SalesforceApi.Version}/sobjects/Lead/", recordUrl, StringComparison.Ordinal);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.AccessToken);
        JsonElement second = await SalesforceApi.JsonAsync(await http.GetAsync(instanceUrl + next));
        Assert.Equal(200, second.GetProperty("records").GetArrayLength());
        Assert.NotEqual(first.GetProperty("records")[0].GetProperty("Id").GetString(), second.GetProperty("records")[0].GetProperty("Id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(server.Origin + next.TrimStart('/'))).StatusCode);
    }

    [Fact]
    public async Task Salesforce_sign_in_session_cookie_is_scoped_to_the_prefix_and_skips_the_second_login()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(pathPrefix: Prefix);
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);

        string loginPage = await oauth.OpenAuthorizeAsync();
        Assert.Contains("action=\"/sandbox/services/oauth2/authorize\"", loginPage, StringComparison.Ordinal);
        await oauth.SubmitLoginAsync(loginPage);
        string secondVisit = await oauth.OpenAuthorizeAsync();

        Assert.DoesNotContain("login_form", secondVisit, StringComparison.Ordinal);
        Assert.Contains("consent_form", secondVisit, StringComparison.Ordinal);
        CookieContainer jar = oauth.Cookies;
        Cookie session = Assert.Single(jar.GetCookies(server.BaseUrl), c => c.Name == "sim_sf_sid");
        Assert.Equal(Prefix, session.Path);
        Assert.DoesNotContain(jar.GetCookies(server.Origin), c => c.Name == "sim_sf_sid");
    }

    [Fact]
    public async Task Entra_issuer_and_endpoints_include_the_prefix()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(pathPrefix: Prefix);
        using HttpClient http = server.CreateClient();

        JsonElement config = await SalesforceApi.JsonAsync(await http.GetAsync($"{EntraTenant}/v2.0/.well-known/openid-configuration"));

        string root = $"{server.Origin}sandbox/{EntraTenant}";
        Assert.Equal($"{root}/v2.0", config.GetProperty("issuer").GetString());
        Assert.Equal($"{root}/oauth2/v2.0/authorize", config.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{root}/oauth2/v2.0/token", config.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{root}/discovery/v2.0/keys", config.GetProperty("jwks_uri").GetString());
        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync(config.GetProperty("jwks_uri").GetString())).StatusCode);
    }

    [Fact]
    public async Task Marketo_identity_and_rest_paths_work_under_the_prefix_and_not_at_the_root()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(pathPrefix: Prefix);
        using HttpClient http = await MarketoTestClient.CreateAuthorizedClientAsync(server);

        using JsonDocument leads = await MarketoTestClient.GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=1,2");

        Assert.Equal(2, MarketoTestClient.Result(leads).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(server.Origin, "rest/v1/leads.json?filterType=id&filterValues=1"))).StatusCode);
    }
}
