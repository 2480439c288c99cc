using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Infrastructure.Sandbox;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>A started web server flow: what the callback needs to finish it, and what it was started for.</summary>
/// <param name="Purpose">What the caller does on success (e.g. sign in, connect the account).</param>
/// <param name="Context">The caller's own value (an invitation or hand-off token, …).</param>
public sealed record SalesforceOAuthFlowState(
    string State,
    string CodeVerifier,
    string AuthorizationHost,
    string RedirectUri,
    string Purpose,
    string? Context,
    string ReturnUrl,
    bool UseSandbox,
    DateTimeOffset StartedAt)
{
    public SalesforceAuthorizationRequest ToAuthorizationRequest() =>
        new(new Uri(AuthorizationHost), State, CodeVerifier, new Uri(AuthorizationHost), new Uri(RedirectUri));

    public override string ToString() => $"SalesforceOAuthFlowState {{ Purpose = {Purpose}, AuthorizationHost = {AuthorizationHost} }}";
}

/// <summary>
/// The browser half of the OAuth web server flow with PKCE and state, shared by "Sign in with Salesforce" and the
/// account connection (step 2): the state, verifier and purpose travel in a short-lived cookie encrypted with Data
/// Protection, so any app instance can finish the flow another one started; the cookie is deleted when read, so a
/// replayed callback finds no flow.
/// </summary>
public sealed class SalesforceOAuthFlow(
    ISalesforceOAuthClient oauth,
    IOptions<SalesforceClientOptions> salesforceOptions,
    IOptions<SandboxOptions> sandboxOptions,
    IDataProtectionProvider dataProtection,
    TimeProvider clock)
{
    private static readonly TimeSpan FlowLifetime = TimeSpan.FromMinutes(15);
    private readonly IDataProtector _protector = dataProtection.CreateProtector("SalesInsightActions.SalesforceOAuthFlow.v1");

    /// <param name="cookieName">One per kind of flow, so a sign-in and a connection started in one browser do not overwrite each other.</param>
    /// <param name="redirectPath">Our callback path; null is the configured <see cref="SalesforceClientOptions.RedirectPath"/>.</param>
    /// <param name="useSandbox">Sign in at the sandbox login host (test.salesforce.com) instead of production.</param>
    public Uri Start(HttpContext http, string cookieName, string purpose, string? context = null, string? returnUrl = null,
        string? redirectPath = null, bool useSandbox = false, bool forceLogin = false)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var redirectUri = new Uri(baseUrl + (redirectPath ?? salesforceOptions.Value.RedirectPath));
        // In sandbox mode the simulated Salesforce (production and sandbox orgs alike) answers under this app's own /sandbox prefix.
        Uri? host = sandboxOptions.Value.Enabled ? new Uri(baseUrl + sandboxOptions.Value.PathPrefix) : null;
        var request = oauth.BuildAuthorizationRequest(redirectUri, useSandbox, forceLogin, host);

        var flow = new SalesforceOAuthFlowState(request.State, request.CodeVerifier, request.AuthorizationHost.ToString(), request.RedirectUri.ToString(),
            purpose, context, IsLocal(returnUrl) ? returnUrl! : "/", useSandbox, clock.GetUtcNow());
        http.Response.Cookies.Append(cookieName, _protector.Protect(JsonSerializer.Serialize(flow)), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax, // sent on Salesforce's top-level redirect back to us
            MaxAge = FlowLifetime,
            Path = http.Request.PathBase.HasValue ? http.Request.PathBase.Value : "/",
            IsEssential = true,
        });
        return request.AuthorizeUrl;
    }

    /// <summary>
    /// The flow this browser started, if <paramref name="state"/> is its state and it is recent; null otherwise (another
    /// browser, too slow, replayed callback). The cookie is removed either way.
    /// </summary>
    public SalesforceOAuthFlowState? Take(HttpContext http, string cookieName, string? state)
    {
        var flow = Read(http, cookieName);
        http.Response.Cookies.Delete(cookieName, new CookieOptions { Path = http.Request.PathBase.HasValue ? http.Request.PathBase.Value : "/" });
        return flow is not null && !string.IsNullOrEmpty(state) && string.Equals(flow.State, state, StringComparison.Ordinal) ? flow : null;
    }

    private SalesforceOAuthFlowState? Read(HttpContext http, string cookieName)
    {
        if (!http.Request.Cookies.TryGetValue(cookieName, out var value))
        {
            return null;
        }

        try
        {
            var flow = JsonSerializer.Deserialize<SalesforceOAuthFlowState>(_protector.Unprotect(value));
            return flow is not null && clock.GetUtcNow() - flow.StartedAt <= FlowLifetime ? flow : null;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        // A control character ("/\t/evil") is dropped by browsers, turning the path into "//evil"; LocalRedirect refuses it.
        && !url.Any(char.IsControl);
}
