using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

/// <summary>
/// Drives the Salesforce web-server flow over raw HTTP like a browser plus a confidential client:
/// its own cookie jar, no automatic redirects, forms submitted as a user would.
/// </summary>
internal sealed class SalesforceOAuthClient : IDisposable
{
    public const string ClientId = "sim-salesforce-client-id";
    public const string ClientSecret = "sim-salesforce-client-secret";
    public const string Password = "Sandbox-Pass-1";
    public const string Admin = "admin@sim-salesforce.example";

    private readonly HttpClientHandler _handler;

    public SalesforceOAuthClient(Uri baseUrl)
    {
        BaseUrl = baseUrl;
        _handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };
        Browser = new HttpClient(_handler) { BaseAddress = baseUrl };
        RedirectUri = $"http://127.0.0.1:{baseUrl.Port}/callback";
    }

    public Uri BaseUrl { get; }
    public HttpClient Browser { get; }
    public CookieContainer Cookies => _handler.CookieContainer;
    public string RedirectUri { get; set; }
    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));
    public string Challenge => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public string AuthorizeUrl(string state = "xyz", string? prompt = null, string? clientId = null, string? redirectUri = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId ?? ClientId,
            ["redirect_uri"] = redirectUri ?? RedirectUri,
            ["state"] = state,
            ["scope"] = "api refresh_token",
            ["code_challenge"] = Challenge,
            ["code_challenge_method"] = "S256",
        };
        if (prompt is not null)
        {
            query["prompt"] = prompt;
        }
        return QueryHelpers.AddQueryString("services/oauth2/authorize", query);
    }

    /// <summary>GET authorize and return the page (login or consent).</summary>
    public async Task<string> OpenAuthorizeAsync(string? prompt = null, string state = "xyz")
    {
        HttpResponseMessage response = await Browser.GetAsync(AuthorizeUrl(state, prompt));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<string> SubmitLoginAsync(string loginPage, string username = Admin, string password = Password)
    {
        HtmlForm form = HtmlForm.Parse(loginPage, "login_form");
        HttpResponseMessage response = await Browser.PostAsync(Relative(form.Action), form.With(("username", username), ("pw", password)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Clicks Allow or Deny and returns the redirect target.</summary>
    public async Task<Uri> SubmitConsentAsync(string consentPage, bool allow)
    {
        HtmlForm form = HtmlForm.Parse(consentPage, "consent_form");
        HttpResponseMessage response = await Browser.PostAsync(Relative(form.Action), form.With(("sim_action", allow ? "allow" : "deny")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Sign-in (unless the browser session is still signed in) + Allow; returns the authorization code.</summary>
    public async Task<string> AuthorizeAsync(string username = Admin)
    {
        string page = await OpenAuthorizeAsync();
        string consent = page.Contains("login_form", StringComparison.Ordinal) ? await SubmitLoginAsync(page, username) : page;
        Uri callback = await SubmitConsentAsync(consent, allow: true);
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("xyz", query["state"].ToString());
        return query["code"].ToString();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> ExchangeCodeAsync(string code, string? verifier = null, string? secret = ClientSecret, string? redirectUri = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = ClientId,
            ["redirect_uri"] = redirectUri ?? RedirectUri,
            ["code_verifier"] = verifier ?? Verifier,
        };
        if (secret is not null)
        {
            form["client_secret"] = secret;
        }
        return await PostFormAsync("services/oauth2/token", form);
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(string refreshToken) =>
        PostFormAsync("services/oauth2/token", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
        });

    /// <summary>Signs in as <paramref name="username"/> and returns the token response.</summary>
    public async Task<JsonElement> SignInAsync(string username = Admin)
    {
        string code = await AuthorizeAsync(username);
        (HttpStatusCode status, JsonElement body) = await ExchangeCodeAsync(code);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostFormAsync(string path, Dictionary<string, string> form)
    {
        using var api = new HttpClient { BaseAddress = BaseUrl };
        HttpResponseMessage response = await api.PostAsync(path, new FormUrlEncodedContent(form));
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public void Dispose()
    {
        Browser.Dispose();
        _handler.Dispose();
    }

    /// <summary>Form actions are absolute paths (they carry any PathBase), so resolve them against the origin.</summary>
    private Uri Relative(string action) => new(BaseUrl, action);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
