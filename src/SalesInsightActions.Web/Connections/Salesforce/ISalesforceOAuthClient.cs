using SalesInsightActions.Web.Connections.Salesforce.Wire;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>OAuth 2.0 web server flow with PKCE against login.salesforce.com, test.salesforce.com or a My Domain.</summary>
public interface ISalesforceOAuthClient
{
    /// <param name="redirectUri">Absolute callback URI registered on the connected app.</param>
    /// <param name="useSandbox">Use the sandbox login host instead of production.</param>
    /// <param name="forceLogin">Add <c>prompt=login</c> so Salesforce asks for credentials even with a live session.</param>
    /// <param name="authorizationHost">A My Domain host; overrides <paramref name="useSandbox"/>.</param>
    SalesforceAuthorizationRequest BuildAuthorizationRequest(Uri redirectUri, bool useSandbox = false, bool forceLogin = false, Uri? authorizationHost = null);

    Task<SalesforceTokens> ExchangeCodeAsync(SalesforceAuthorizationRequest request, string code, CancellationToken cancellationToken = default);

    /// <summary>New access token; keeps the old refresh token unless Salesforce rotated it.</summary>
    Task<SalesforceTokens> RefreshAsync(SalesforceTokens tokens, CancellationToken cancellationToken = default);

    Task RevokeAsync(SalesforceTokens tokens, CancellationToken cancellationToken = default);

    Task<SalesforceIdentity> GetIdentityAsync(SalesforceTokens tokens, CancellationToken cancellationToken = default);
}
