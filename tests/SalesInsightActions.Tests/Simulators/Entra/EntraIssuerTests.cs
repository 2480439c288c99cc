using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;
using SalesInsightActions.Tests.Simulators.Salesforce;

namespace SalesInsightActions.Tests.Simulators.Entra;

public sealed class EntraIssuerTests
{
    private const string Tenant = "7f1c2d3e-0000-4000-8000-00000000e1d0";
    private const string ClientId = "sim-entra-client-id";
    private const string ClientSecret = "sim-entra-client-secret";

    [Fact]
    public async Task Discovery_document_uses_entra_v2_layout_with_issuer_from_request_host()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient http = server.CreateClient();

        JsonElement config = await SalesforceApi.JsonAsync(await http.GetAsync($"{Tenant}/v2.0/.well-known/openid-configuration"));

        string root = server.BaseUrl.ToString().TrimEnd('/');
        Assert.Equal($"{root}/{Tenant}/v2.0", config.GetProperty("issuer").GetString());
        Assert.Equal($"{root}/{Tenant}/oauth2/v2.0/authorize", config.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{root}/{Tenant}/oauth2/v2.0/token", config.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{root}/{Tenant}/discovery/v2.0/keys", config.GetProperty("jwks_uri").GetString());
        Assert.Contains("form_post", config.GetProperty("response_modes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("RS256", config.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration")).StatusCode);
    }

    [Fact]
    public async Task Jwks_key_is_fixed_across_server_restarts()
    {
        string first;
        string second;
        await using (SimulatorServer server = await SimulatorServer.StartAsync())
        {
            using HttpClient http = server.CreateClient();
            first = (await SalesforceApi.JsonAsync(await http.GetAsync($"{Tenant}/discovery/v2.0/keys"))).GetProperty("keys")[0].GetRawText();
        }
        await using (SimulatorServer server = await SimulatorServer.StartAsync())
        {
            using HttpClient http = server.CreateClient();
            second = (await SalesforceApi.JsonAsync(await http.GetAsync($"{Tenant}/discovery/v2.0/keys"))).GetProperty("keys")[0].GetRawText();
        }

        using JsonDocument firstKey = JsonDocument.Parse(first);
        using JsonDocument secondKey = JsonDocument.Parse(second);
        Assert.Equal("RSA", firstKey.RootElement.GetProperty("kty").GetString());
        Assert.Equal(firstKey.RootElement.GetProperty("kid").GetString(), secondKey.RootElement.GetProperty("kid").GetString());
        Assert.Equal(firstKey.RootElement.GetProperty("n").GetString(), secondKey.RootElement.GetProperty("n").GetString());
    }

    [Fact]
    public async Task Code_flow_with_pkce_form_post_returns_id_token_signed_by_the_jwks_key()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var browser = new EntraBrowser(server.BaseUrl);

        string signIn = await browser.GetPageAsync(browser.AuthorizeUrl("code", nonce: "n-123", extra: ("x-client-SKU", "ID_NET9_0")));
        string formPost = await browser.SubmitSignInAsync(signIn, "admin@sim-entra.example", "Sandbox-Pass-1");
        HtmlForm posted = HtmlForm.Parse(formPost);
        Assert.Equal(browser.RedirectUri, posted.Action);
        Assert.Contains("document.forms[0].submit()", formPost, StringComparison.Ordinal);
        Assert.Equal("st-1", posted.Fields["state"]);
        Assert.True(posted.Fields.ContainsKey("session_state"));

        (HttpStatusCode status, JsonElement tokens) = await browser.RedeemAsync(posted.Fields["code"]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.True(tokens.GetProperty("expires_in").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString()));
        JwtSecurityToken idToken = await ValidateAsync(server, tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("n-123", idToken.Payload["nonce"]);
        Assert.Equal("2.0", idToken.Payload["ver"]);
        Assert.Equal(Tenant, idToken.Payload["tid"]);
        Assert.Equal("admin@sim-entra.example", idToken.Payload["preferred_username"]);
        Assert.Equal("admin@sim-entra.example", idToken.Payload["email"]);
        Assert.False(string.IsNullOrEmpty((string)idToken.Payload["oid"]));
        Assert.False(string.IsNullOrEmpty((string)idToken.Payload["name"]));
        Assert.False(string.IsNullOrEmpty(idToken.Subject));
        using JsonDocument clientInfo = JsonDocument.Parse(Base64UrlEncoder.Decode(tokens.GetProperty("client_info").GetString()!));
        Assert.Equal(idToken.Payload["oid"], clientInfo.RootElement.GetProperty("uid").GetString());
        Assert.Equal(Tenant, clientInfo.RootElement.GetProperty("utid").GetString());
    }

    [Fact]
    public async Task Id_token_response_type_posts_back_only_id_token_state_and_session_state()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var browser = new EntraBrowser(server.BaseUrl);

        string signIn = await browser.GetPageAsync(browser.AuthorizeUrl("id_token", nonce: "n-456", pkce: false));
        HtmlForm posted = HtmlForm.Parse(await browser.SubmitSignInAsync(signIn, "user@sim-entra.example", "Sandbox-Pass-1"));

        Assert.Equal(["id_token", "session_state", "state"], posted.Fields.Keys.Order(StringComparer.Ordinal).ToArray());
        JwtSecurityToken idToken = await ValidateAsync(server, posted.Fields["id_token"]);
        Assert.Equal("n-456", idToken.Payload["nonce"]);
        Assert.Equal("user@sim-entra.example", idToken.Payload["preferred_username"]);
    }

    [Fact]
    public async Task Signed_in_session_skips_the_form_unless_prompt_login_and_bad_password_is_refused()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var browser = new EntraBrowser(server.BaseUrl);
        string signIn = await browser.GetPageAsync(browser.AuthorizeUrl("code"));
        string wrong = await browser.SubmitSignInAsync(signIn, "admin@sim-entra.example", "nope");
        Assert.Contains("incorrect", wrong, StringComparison.Ordinal);
        await browser.SubmitSignInAsync(wrong, "admin@sim-entra.example", "Sandbox-Pass-1");

        string silent = await browser.GetPageAsync(browser.AuthorizeUrl("code"));
        string forced = await browser.GetPageAsync(browser.AuthorizeUrl("code", extra: ("prompt", "login")));

        Assert.Contains("name=\"code\"", silent, StringComparison.Ordinal);
        Assert.Contains("name=\"passwd\"", forced, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompt_none_without_a_session_posts_back_login_required()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var browser = new EntraBrowser(server.BaseUrl);

        HtmlForm posted = HtmlForm.Parse(await browser.GetPageAsync(browser.AuthorizeUrl("code", extra: ("prompt", "none"))));

        Assert.Equal(browser.RedirectUri, posted.Action);
        Assert.Equal("login_required", posted.Fields["error"]);
        Assert.Equal("st-1", posted.Fields["state"]);
    }

    [Fact]
    public async Task Token_endpoint_checks_secret_basic_auth_pkce_code_reuse_and_refreshes()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var browser = new EntraBrowser(server.BaseUrl);
        string code1 = await browser.SignInForCodeAsync();
        (HttpStatusCode wrongSecret, JsonElement wrongSecretBody) = await browser.RedeemAsync(code1, secret: "bad");
        string code2 = await browser.SignInForCodeAsync();
        (HttpStatusCode badVerifier, JsonElement badVerifierBody) = await browser.RedeemAsync(code2, verifier: "wrong-verifier-wrong-verifier-wrong-verifier-00");
        string code3 = await browser.SignInForCodeAsync();
        (HttpStatusCode basic, JsonElement tokens) = await browser.RedeemAsync(code3, useBasicAuth: true);
        (HttpStatusCode reused, JsonElement reusedBody) = await browser.RedeemAsync(code3);

        (HttpStatusCode refreshed, JsonElement refreshedTokens) = await browser.PostTokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["scope"] = "openid profile offline_access",
        });

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (wrongSecret, wrongSecretBody.GetProperty("error").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (badVerifier, badVerifierBody.GetProperty("error").GetString()));
        Assert.Contains("AADSTS50148", badVerifierBody.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, basic);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (reused, reusedBody.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.OK, refreshed);
        Assert.NotEqual(tokens.GetProperty("refresh_token").GetString(), refreshedTokens.GetProperty("refresh_token").GetString());
        await ValidateAsync(server, refreshedTokens.GetProperty("id_token").GetString()!);
    }

    [Fact]
    public async Task Unregistered_redirect_uri_or_client_gets_an_error_page()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using var browser = new EntraBrowser(server.BaseUrl);

        HttpResponseMessage badRedirect = await browser.Http.GetAsync(browser.AuthorizeUrl("code", redirectUri: "https://attacker.example/signin-oidc"));
        HttpResponseMessage badClient = await browser.Http.GetAsync(browser.AuthorizeUrl("code", clientId: "other-app"));

        Assert.Equal(HttpStatusCode.BadRequest, badRedirect.StatusCode);
        Assert.Contains("AADSTS50011", await badRedirect.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badClient.StatusCode);
        Assert.Contains("AADSTS700016", await badClient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JwtSecurityToken> ValidateAsync(SimulatorServer server, string idToken)
    {
        using HttpClient http = server.CreateClient();
        string jwks = await http.GetStringAsync($"{Tenant}/discovery/v2.0/keys");
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = $"{server.BaseUrl.ToString().TrimEnd('/')}/{Tenant}/v2.0",
            ValidAudience = ClientId,
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        };
        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
        handler.ValidateToken(idToken, parameters, out SecurityToken validated);
        return (JwtSecurityToken)validated;
    }

    /// <summary>A browser-like client for the issuer: cookie jar, no auto-redirects, forms posted as typed.</summary>
    private sealed class EntraBrowser : IDisposable
    {
        private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };

        public EntraBrowser(Uri baseUrl)
        {
            Http = new HttpClient(_handler) { BaseAddress = baseUrl };
            RedirectUri = $"http://127.0.0.1:{baseUrl.Port}/signin-oidc";
        }

        public HttpClient Http { get; }
        public string RedirectUri { get; }
        public string Verifier { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        public string AuthorizeUrl(string responseType, string? nonce = null, bool pkce = true, string? redirectUri = null, string? clientId = null, params (string Name, string Value)[] extra)
        {
            var query = new Dictionary<string, string?>
            {
                ["client_id"] = clientId ?? ClientId,
                ["redirect_uri"] = redirectUri ?? RedirectUri,
                ["response_type"] = responseType,
                ["response_mode"] = "form_post",
                ["scope"] = "openid profile offline_access",
                ["state"] = "st-1",
                ["nonce"] = nonce ?? "n-0",
            };
            if (pkce)
            {
                query["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));
                query["code_challenge_method"] = "S256";
            }
            foreach ((string name, string value) in extra)
            {
                query[name] = value;
            }
            return QueryHelpers.AddQueryString($"{Tenant}/oauth2/v2.0/authorize", query);
        }

        public async Task<string> GetPageAsync(string url)
        {
            HttpResponseMessage response = await Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        public async Task<string> SubmitSignInAsync(string page, string login, string password)
        {
            HtmlForm form = HtmlForm.Parse(page, "signin");
            HttpResponseMessage response = await Http.PostAsync(new Uri(Http.BaseAddress!, form.Action), form.With(("login", login), ("passwd", password)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        public async Task<string> SignInForCodeAsync()
        {
            string page = await GetPageAsync(AuthorizeUrl("code"));
            if (page.Contains("name=\"passwd\"", StringComparison.Ordinal))
            {
                page = await SubmitSignInAsync(page, "admin@sim-entra.example", "Sandbox-Pass-1");
            }
            return HtmlForm.Parse(page).Fields["code"];
        }

        public Task<(HttpStatusCode, JsonElement)> RedeemAsync(string code, string? secret = ClientSecret, string? verifier = null, bool useBasicAuth = false)
        {
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = RedirectUri,
                ["code_verifier"] = verifier ?? Verifier,
                ["scope"] = "openid profile offline_access",
            };
            if (!useBasicAuth)
            {
                form["client_id"] = ClientId;
                form["client_secret"] = secret!;
            }
            return PostTokenAsync(form, useBasicAuth ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{secret}")) : null);
        }

        public async Task<(HttpStatusCode, JsonElement)> PostTokenAsync(Dictionary<string, string> form, string? basic = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Tenant}/oauth2/v2.0/token") { Content = new FormUrlEncodedContent(form) };
            if (basic is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            }
            HttpResponseMessage response = await Http.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        public void Dispose()
        {
            Http.Dispose();
            _handler.Dispose();
        }
    }
}
