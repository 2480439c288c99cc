using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

public sealed class SalesforceOAuthFlowTests
{
    [Fact]
    public async Task Code_flow_with_pkce_signs_in_consents_and_returns_salesforce_token_response()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);

        string loginPage = await oauth.OpenAuthorizeAsync();
        Assert.Contains("login_form", loginPage, StringComparison.Ordinal);
        string consentPage = await oauth.SubmitLoginAsync(loginPage);
        Assert.Contains("Allow", consentPage, StringComparison.Ordinal);
        Uri callback = await oauth.SubmitConsentAsync(consentPage, allow: true);

        Assert.StartsWith(oauth.RedirectUri, callback.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("xyz", query["state"].ToString());
        (HttpStatusCode status, JsonElement token) = await oauth.ExchangeCodeAsync(query["code"].ToString());

        Assert.Equal(HttpStatusCode.OK, status);
        string baseUrl = server.BaseUrl.ToString().TrimEnd('/');
        Assert.Equal(baseUrl, token.GetProperty("instance_url").GetString());
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.StartsWith("00D000000000001!", token.GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refresh_token").GetString()));
        Assert.False(token.TryGetProperty("expires_in", out _));
        string id = token.GetProperty("id").GetString()!;
        Assert.StartsWith($"{baseUrl}/id/00D000000000001EAA/005", id, StringComparison.Ordinal);
        string issuedAt = token.GetProperty("issued_at").GetString()!;
        Assert.True(long.Parse(issuedAt, CultureInfo.InvariantCulture) > 1_600_000_000_000);
        string expectedSignature = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(SalesforceOAuthClient.ClientSecret), Encoding.UTF8.GetBytes(id + issuedAt)));
        Assert.Equal(expectedSignature, token.GetProperty("signature").GetString());
    }

    [Fact]
    public async Task Identity_url_answers_the_signed_in_user_with_bearer_token()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        JsonElement token = await oauth.SignInAsync();

        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, token.GetProperty("id").GetString());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        HttpResponseMessage response = await http.SendAsync(request);
        JsonElement identity = await SalesforceApi.JsonAsync(response);

        Assert.Equal(SalesforceOAuthClient.Admin, identity.GetProperty("username").GetString());
        Assert.Equal(SalesforceOAuthClient.Admin, identity.GetProperty("email").GetString());
        Assert.Equal("00D000000000001EAA", identity.GetProperty("organization_id").GetString());
        Assert.True(identity.GetProperty("active").GetBoolean());
        Assert.Contains("/services/data/v{version}/", identity.GetProperty("urls").GetProperty("rest").GetString(), StringComparison.Ordinal);

        var anonymous = new HttpRequestMessage(HttpMethod.Get, token.GetProperty("id").GetString());
        anonymous.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "00D000000000001!bogus");
        HttpResponseMessage refused = await http.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Bad_OAuth_Token", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signed_in_browser_skips_login_but_prompt_login_forces_it()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        await oauth.AuthorizeAsync();

        string again = await oauth.OpenAuthorizeAsync();
        Assert.Contains("consent_form", again, StringComparison.Ordinal);
        Assert.DoesNotContain("login_form", again, StringComparison.Ordinal);

        string forced = await oauth.OpenAuthorizeAsync(prompt: "login");
        Assert.Contains("login_form", forced, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_shows_the_login_page_again_with_an_error()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        string login = await oauth.OpenAuthorizeAsync();

        string retry = await oauth.SubmitLoginAsync(login, password: "wrong");

        Assert.Contains("login_form", retry, StringComparison.Ordinal);
        Assert.Contains("check your username and password", retry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deny_redirects_with_access_denied_and_state()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        string consent = await oauth.SubmitLoginAsync(await oauth.OpenAuthorizeAsync());

        Uri callback = await oauth.SubmitConsentAsync(consent, allow: false);

        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("access_denied", query["error"].ToString());
        Assert.False(string.IsNullOrEmpty(query["error_description"].ToString()));
        Assert.Equal("xyz", query["state"].ToString());
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Unknown_client_or_unregistered_callback_gets_an_error_page_not_a_redirect()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);

        HttpResponseMessage unknownClient = await oauth.Browser.GetAsync(oauth.AuthorizeUrl(clientId: "someone-else"));
        HttpResponseMessage badCallback = await oauth.Browser.GetAsync(oauth.AuthorizeUrl(redirectUri: "https://evil.example/callback"));

        Assert.Equal(HttpStatusCode.BadRequest, unknownClient.StatusCode);
        Assert.Null(unknownClient.Headers.Location);
        Assert.Contains("invalid_client_id", await unknownClient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badCallback.StatusCode);
        Assert.Null(badCallback.Headers.Location);
        Assert.Contains("redirect_uri_mismatch", await badCallback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorization_code_is_single_use()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        string code = await oauth.AuthorizeAsync();
        (HttpStatusCode first, _) = await oauth.ExchangeCodeAsync(code);

        (HttpStatusCode second, JsonElement error) = await oauth.ExchangeCodeAsync(code);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.BadRequest, second);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_exchange_checks_pkce_verifier_secret_and_redirect_uri()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);

        (HttpStatusCode badVerifierStatus, JsonElement badVerifier) = await oauth.ExchangeCodeAsync(await oauth.AuthorizeAsync(), verifier: "not-the-verifier-used-for-the-challenge-000000");
        (HttpStatusCode badSecretStatus, JsonElement badSecret) = await oauth.ExchangeCodeAsync(await oauth.AuthorizeAsync(), secret: "wrong");
        (HttpStatusCode badRedirectStatus, JsonElement badRedirect) = await oauth.ExchangeCodeAsync(await oauth.AuthorizeAsync(), redirectUri: "http://127.0.0.1:1/other");
        (HttpStatusCode badGrantStatus, JsonElement badGrant) = await oauth.PostFormAsync("services/oauth2/token", new() { ["grant_type"] = "password", ["client_id"] = SalesforceOAuthClient.ClientId });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (badVerifierStatus, badVerifier.GetProperty("error").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_client"), (badSecretStatus, badSecret.GetProperty("error").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "redirect_uri_mismatch"), (badRedirectStatus, badRedirect.GetProperty("error").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), (badGrantStatus, badGrant.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Refresh_token_grant_issues_a_new_access_token_without_a_new_refresh_token()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        JsonElement first = await oauth.SignInAsync();

        (HttpStatusCode status, JsonElement refreshed) = await oauth.RefreshAsync(first.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(first.GetProperty("access_token").GetString(), refreshed.GetProperty("access_token").GetString());
        Assert.False(refreshed.TryGetProperty("refresh_token", out _));
        Assert.Equal(first.GetProperty("id").GetString(), refreshed.GetProperty("id").GetString());
        Assert.Equal(first.GetProperty("instance_url").GetString(), refreshed.GetProperty("instance_url").GetString());
    }

    [Fact]
    public async Task Revoking_the_refresh_token_kills_its_access_tokens_and_further_refreshes()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        string refreshToken = api.TokenResponse.GetProperty("refresh_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"services/data/{SalesforceApi.Version}/limits")).StatusCode);

        (HttpStatusCode revokeStatus, _) = await oauth.PostFormAsync("services/oauth2/revoke", new() { ["token"] = refreshToken });
        (HttpStatusCode againStatus, JsonElement again) = await oauth.PostFormAsync("services/oauth2/revoke", new() { ["token"] = refreshToken });
        (HttpStatusCode refreshStatus, JsonElement refresh) = await oauth.RefreshAsync(refreshToken);

        Assert.Equal(HttpStatusCode.OK, revokeStatus);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_token"), (againStatus, again.GetProperty("error").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (refreshStatus, refresh.GetProperty("error").GetString()));
        Assert.Equal("expired access/refresh token", refresh.GetProperty("error_description").GetString());
        Assert.Equal("INVALID_SESSION_ID", await SalesforceApi.ErrorCodeAsync(await api.GetAsync($"services/data/{SalesforceApi.Version}/limits"), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Access_token_past_the_session_timeout_gets_401_invalid_session_id_and_refresh_recovers()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.Salesforce.SessionTimeoutSeconds = 60, time: clock);
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        Assert.Equal(HttpStatusCode.OK, (await api.QueryAsync("SELECT Id FROM User LIMIT 1")).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(61));
        HttpResponseMessage expired = await api.QueryAsync("SELECT Id FROM User LIMIT 1");
        (HttpStatusCode refreshStatus, _) = await oauth.RefreshAsync(api.TokenResponse.GetProperty("refresh_token").GetString()!);

        JsonElement body = await SalesforceApi.JsonAsync(expired, HttpStatusCode.Unauthorized);
        Assert.Equal("INVALID_SESSION_ID", body[0].GetProperty("errorCode").GetString());
        Assert.Equal("Session expired or invalid", body[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, refreshStatus);
    }

    [Fact]
    public async Task Expire_tokens_control_endpoint_invalidates_live_access_tokens()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);
        using HttpClient control = server.CreateClient();

        HttpResponseMessage expire = await control.PostAsync("_sim/salesforce/expire-tokens", null);

        Assert.Equal(HttpStatusCode.NoContent, expire.StatusCode);
        Assert.Equal("INVALID_SESSION_ID", await SalesforceApi.ErrorCodeAsync(await api.QueryAsync("SELECT Id FROM User"), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Sandbox_user_signs_in_to_the_sandbox_org()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);

        JsonElement token = await oauth.SignInAsync("admin@sim-salesforce-sandbox.example");

        Assert.Contains("/id/00D000000000002EAA/", token.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("00D000000000002!", token.GetProperty("access_token").GetString(), StringComparison.Ordinal);
    }
}
