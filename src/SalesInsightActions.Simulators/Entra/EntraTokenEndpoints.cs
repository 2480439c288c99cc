using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>/{tenant}/oauth2/v2.0/token: authorization_code (with PKCE) and refresh_token grants, client secret by post or basic.</summary>
internal static class EntraTokenEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpContext context, EntraSimulatorOptions options,
            EntraAuthorizationState state, EntraTokenFactory tokens, TimeProvider clock) =>
        {
            if (!EntraErrors.IsKnownTenant(tenant, options))
            {
                return EntraErrors.UnknownTenant(tenant);
            }
            if (!context.Request.HasFormContentType)
            {
                return EntraErrors.OAuthError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
            }
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            (string? clientId, string? clientSecret) = OAuthClientCredentials.Read(context.Request, form);
            if (string.IsNullOrEmpty(clientId))
            {
                return EntraErrors.OAuthError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
            }
            if (!string.Equals(clientId, options.ClientId, StringComparison.Ordinal))
            {
                return EntraErrors.OAuthError(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory.");
            }
            if (string.IsNullOrEmpty(clientSecret))
            {
                return EntraErrors.OAuthError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            }
            if (!string.Equals(clientSecret, options.ClientSecret, StringComparison.Ordinal))
            {
                return EntraErrors.OAuthError(401, "invalid_client", 7000215, "Invalid client secret provided.");
            }

            string issuer = EntraUrls.Issuer(context.Request, options.TenantId);
            string grantType = form["grant_type"].ToString();
            switch (grantType)
            {
                case "authorization_code":
                    EntraAuthorizationCode? code = state.RedeemCode(form["code"].ToString());
                    if (code is null || code.ClientId != clientId)
                    {
                        return EntraErrors.OAuthError(400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
                    }
                    if (code.ExpiresAt < clock.GetUtcNow())
                    {
                        return EntraErrors.OAuthError(400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity.");
                    }
                    if (!string.Equals(form["redirect_uri"].ToString(), code.RedirectUri, StringComparison.Ordinal))
                    {
                        return EntraErrors.OAuthError(400, "invalid_grant", 500117, "The reply uri specified in the request isn't expected.");
                    }
                    if (code.CodeChallenge is not null && !Pkce.VerifierMatches(code.CodeChallenge, form["code_verifier"].ToString()))
                    {
                        return EntraErrors.OAuthError(400, "invalid_grant", 50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");
                    }
                    return TokenResponse(issuer, clientId, code.User, code.Scope, code.Nonce, options, state, tokens, clock);

                case "refresh_token":
                    EntraRefreshGrant? grant = state.RedeemRefreshToken(form["refresh_token"].ToString());
                    if (grant is null || grant.ClientId != clientId || grant.ExpiresAt < clock.GetUtcNow())
                    {
                        return EntraErrors.OAuthError(400, "invalid_grant", 700082, "The refresh token has expired or is invalid.");
                    }
                    string scope = form["scope"].ToString().NullIfEmpty() ?? grant.Scope;
                    return TokenResponse(issuer, clientId, grant.User, scope, nonce: null, options, state, tokens, clock);

                default:
                    return EntraErrors.OAuthError(400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grantType}'.");
            }
        }).DisableAntiforgery();
    }

    private static IResult TokenResponse(string issuer, string clientId, EntraUser user, string scope, string? nonce,
        EntraSimulatorOptions options, EntraAuthorizationState state, EntraTokenFactory tokens, TimeProvider clock)
    {
        string[] scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var body = new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = string.Join(' ', scopes.Where(s => s is not ("openid" or "offline_access" or "profile" or "email")).DefaultIfEmpty("openid")),
            ["expires_in"] = options.TokenLifetimeSeconds,
            ["ext_expires_in"] = options.TokenLifetimeSeconds,
            ["access_token"] = tokens.CreateAccessToken(issuer, clientId, user, scope),
        };
        // As in Entra: a refresh token only for offline_access, an id_token only for openid.
        if (scopes.Contains("offline_access", StringComparer.Ordinal))
        {
            body["refresh_token"] = state.IssueRefreshToken(new EntraRefreshGrant(clientId, user, scope, clock.GetUtcNow().AddSeconds(options.RefreshTokenLifetimeSeconds)));
        }
        if (scopes.Contains("openid", StringComparer.Ordinal))
        {
            body["id_token"] = tokens.CreateIdToken(issuer, clientId, user, nonce);
        }
        body["client_info"] = tokens.CreateClientInfo(user);
        return EntraJson.Result(body);
    }
}
