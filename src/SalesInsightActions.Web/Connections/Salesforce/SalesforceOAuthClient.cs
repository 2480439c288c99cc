using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Connections.Salesforce.Wire;

namespace SalesInsightActions.Web.Connections.Salesforce;

internal sealed partial class SalesforceOAuthClient(
    IHttpClientFactory httpClientFactory,
    IOptions<SalesforceClientOptions> options,
    ILogger<SalesforceOAuthClient> logger) : ISalesforceOAuthClient
{
    internal const string HttpClientName = "Salesforce.OAuth";

    private SalesforceClientOptions Options => options.Value;

    public SalesforceAuthorizationRequest BuildAuthorizationRequest(Uri redirectUri, bool useSandbox = false, bool forceLogin = false, Uri? authorizationHost = null)
    {
        var host = authorizationHost ?? (useSandbox ? Options.SandboxHost : Options.LoginHost);
        var verifier = Pkce.CreateVerifier();
        var state = Pkce.CreateState();
        var query = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", Options.ClientId),
            new("redirect_uri", redirectUri.AbsoluteUri),
            new("state", state),
            new("scope", Options.Scopes),
            new("code_challenge", Pkce.Challenge(verifier)),
            new("code_challenge_method", "S256"),
        };
        if (forceLogin)
        {
            query.Add(new("prompt", "login"));
        }

        var url = new Uri(Endpoint(Options.BrowserHostFor(host), "services/oauth2/authorize") + "?" + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
        return new SalesforceAuthorizationRequest(url, state, verifier, host, redirectUri);
    }

    public async Task<SalesforceTokens> ExchangeCodeAsync(SalesforceAuthorizationRequest request, string code, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = Options.ClientId,
            ["client_secret"] = Options.ClientSecret,
            ["redirect_uri"] = request.RedirectUri.AbsoluteUri,
            ["code_verifier"] = request.CodeVerifier,
        };
        // An authorization code is single-use: a retry after a server error would only earn invalid_grant.
        var response = await PostTokenAsync(request.AuthorizationHost, form, retryable: false, cancellationToken).ConfigureAwait(false);
        var tokens = ToTokens(response, request.AuthorizationHost, previousRefreshToken: null);
        LogConnected(tokens.OrganizationId, tokens.UserId, tokens.InstanceUrl.Authority);
        return tokens;
    }

    public async Task<SalesforceTokens> RefreshAsync(SalesforceTokens tokens, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(tokens.RefreshToken))
        {
            throw new SalesforceOAuthException(400, "invalid_grant", "The connection has no refresh token; connect again.");
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken,
            ["client_id"] = Options.ClientId,
            ["client_secret"] = Options.ClientSecret,
        };
        var response = await PostTokenAsync(tokens.AuthorizationHost, form, retryable: true, cancellationToken).ConfigureAwait(false);
        var refreshed = ToTokens(response, tokens.AuthorizationHost, tokens.RefreshToken);
        LogRefreshed(refreshed.OrganizationId, refreshed.UserId);
        return refreshed;
    }

    public async Task RevokeAsync(SalesforceTokens tokens, CancellationToken cancellationToken = default)
    {
        // Revoking the refresh token also ends the access tokens issued from it.
        var token = tokens.RefreshToken ?? tokens.AccessToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(tokens.AuthorizationHost, "services/oauth2/revoke"))
        {
            Content = new FormUrlEncodedContent([new("token", token)]),
        };
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await OAuthFailureAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<SalesforceIdentity> GetIdentityAsync(SalesforceTokens tokens, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, tokens.IdUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw SalesforceErrors.FromBody((int)response.StatusCode, body, null);
        }

        return await response.Content.ReadFromJsonAsync<SalesforceIdentity>(SalesforceJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new SalesforceApiException((int)response.StatusCode, "empty", "The identity URL returned an empty body.");
    }

    internal static SalesforceTokens ToTokens(SalesforceTokenResponse response, Uri authorizationHost, string? previousRefreshToken)
    {
        if (string.IsNullOrEmpty(response.AccessToken) || string.IsNullOrEmpty(response.InstanceUrl) || string.IsNullOrEmpty(response.Id))
        {
            throw new SalesforceOAuthException(200, "invalid_response", "The token response lacks access_token, instance_url or id.");
        }

        var issuedAt = long.TryParse(response.IssuedAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epochMs)
            ? DateTimeOffset.FromUnixTimeMilliseconds(epochMs)
            : DateTimeOffset.UtcNow;
        return new SalesforceTokens(
            response.AccessToken,
            response.RefreshToken ?? previousRefreshToken,
            new Uri(response.InstanceUrl),
            new Uri(response.Id),
            issuedAt,
            response.Scope,
            authorizationHost);
    }

    private HttpClient Http => httpClientFactory.CreateClient(HttpClientName);

    private static string Endpoint(Uri host, string path) => host.GetLeftPart(UriPartial.Authority) + host.AbsolutePath.TrimEnd('/') + "/" + path;

    private async Task<SalesforceTokenResponse> PostTokenAsync(Uri host, Dictionary<string, string> form, bool retryable, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(host, "services/oauth2/token"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!retryable)
        {
            request.WithoutRetries();
        }

        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await OAuthFailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync<SalesforceTokenResponse>(SalesforceJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new SalesforceOAuthException((int)response.StatusCode, "invalid_response", "Empty token response.");
    }

    private async Task<SalesforceOAuthException> OAuthFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        SalesforceOAuthErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize<SalesforceOAuthErrorResponse>(body, SalesforceJson.Options);
        }
        catch (JsonException)
        {
            // Not JSON (e.g. a proxy page): the status code is all we know.
        }

        var code = error?.Error ?? $"http-{status}";
        LogOAuthError(code, status);
        return new SalesforceOAuthException(status, code, error?.ErrorDescription);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected Salesforce org {OrganizationId} user {SalesforceUserId} on {InstanceHost}")]
    private partial void LogConnected(string? organizationId, string? salesforceUserId, string instanceHost);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed Salesforce access for org {OrganizationId} user {SalesforceUserId}")]
    private partial void LogRefreshed(string? organizationId, string? salesforceUserId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Salesforce OAuth error {OAuthError} (HTTP {HttpStatus})")]
    private partial void LogOAuthError(string oAuthError, int httpStatus);
}
