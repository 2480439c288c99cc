using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SalesInsightActions.Simulators.Salesforce.Records;

using SalesInsightActions.Simulators.Salesforce.Rest;

namespace SalesInsightActions.Simulators.Salesforce.OAuth;

/// <summary>/services/oauth2/token (authorization_code with PKCE, refresh_token) and /services/oauth2/revoke.</summary>
internal static class SalesforceTokenEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/services/oauth2/token", async (HttpContext context, SalesforceSimulatorState simulator) =>
        {
            if (!context.Request.HasFormContentType)
            {
                return OAuthError("invalid_request", "must use Content-Type: application/x-www-form-urlencoded");
            }
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            SalesforceSimulatorOptions options = simulator.Options;
            string grantType = form["grant_type"].ToString();
            if (grantType is not ("authorization_code" or "refresh_token"))
            {
                return OAuthError("unsupported_grant_type", "grant type not supported");
            }
            (string? clientId, string? clientSecret) = OAuthClientCredentials.Read(context.Request, form);
            if (string.IsNullOrEmpty(clientId) || !string.Equals(clientId, options.ClientId, StringComparison.Ordinal))
            {
                return OAuthError("invalid_client_id", "client identifier invalid");
            }

            if (grantType == "authorization_code")
            {
                // The secret is required for the web-server flow of a confidential connected app.
                if (!string.Equals(clientSecret, options.ClientSecret, StringComparison.Ordinal))
                {
                    return OAuthError("invalid_client", "invalid client credentials");
                }
                string codeValue = form["code"].ToString();
                if (codeValue.Length == 0)
                {
                    return OAuthError("invalid_request", "missing required code parameter");
                }
                SalesforceAuthorizationCode? code = simulator.OAuth.RedeemCode(codeValue);
                if (code is null || code.ClientId != clientId)
                {
                    return OAuthError("invalid_grant", "invalid authorization code");
                }
                if (code.ExpiresAt < simulator.Clock.GetUtcNow())
                {
                    return OAuthError("invalid_grant", "expired authorization code");
                }
                if (!string.Equals(form["redirect_uri"].ToString(), code.RedirectUri, StringComparison.Ordinal))
                {
                    return OAuthError("redirect_uri_mismatch", "redirect_uri must match configuration");
                }
                if (code.CodeChallenge is not null && !Pkce.VerifierMatches(code.CodeChallenge, form["code_verifier"].ToString()))
                {
                    return OAuthError("invalid_grant", "invalid code verifier");
                }
                string refreshToken = simulator.OAuth.IssueRefreshToken(new SalesforceRefreshGrant(clientId, code.User, code.Scope));
                string accessToken = simulator.OAuth.IssueAccessToken(clientId, code.User, code.Scope, refreshToken);
                return TokenResponse(context.Request, options, code.User, code.Scope, accessToken, refreshToken);
            }

            // Refresh: the secret is optional (public clients), but a wrong one is refused.
            if (clientSecret is not null && !string.Equals(clientSecret, options.ClientSecret, StringComparison.Ordinal))
            {
                return OAuthError("invalid_client", "invalid client credentials");
            }
            string presented = form["refresh_token"].ToString();
            SalesforceRefreshGrant? grant = presented.Length == 0 ? null : simulator.OAuth.FindRefreshToken(presented);
            if (grant is null || grant.ClientId != clientId || simulator.Setup.ConnectedAppBlocked)
            {
                return OAuthError("invalid_grant", "expired access/refresh token");
            }
            string? rotated = null;
            if (options.RotateRefreshTokens)
            {
                simulator.OAuth.Revoke(presented);
                rotated = simulator.OAuth.IssueRefreshToken(grant);
            }
            string newAccess = simulator.OAuth.IssueAccessToken(clientId, grant.User, grant.Scope, rotated ?? presented);
            return TokenResponse(context.Request, options, grant.User, grant.Scope, newAccess, rotated);
        }).DisableAntiforgery();

        endpoints.MapPost("/services/oauth2/revoke", async (HttpContext context, SalesforceSimulatorState simulator) =>
        {
            string? token = context.Request.HasFormContentType
                ? (await context.Request.ReadFormAsync(context.RequestAborted))["token"].ToString()
                : context.Request.Query["token"].ToString();
            return Revoke(simulator, token);
        }).DisableAntiforgery();

        endpoints.MapGet("/services/oauth2/revoke", (HttpContext context, SalesforceSimulatorState simulator) =>
            Revoke(simulator, context.Request.Query["token"].ToString()));
    }

    private static IResult Revoke(SalesforceSimulatorState simulator, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return OAuthError("unsupported_token_type", "this token type is not supported");
        }
        return simulator.OAuth.Revoke(token) ? Results.Ok() : OAuthError("invalid_token", "invalid token");
    }

    private static IResult TokenResponse(HttpRequest request, SalesforceSimulatorOptions options, SalesforceLoginUser user, string scope, string accessToken, string? refreshToken)
    {
        string baseUrl = SimulatorUrls.Root(request);
        string id = $"{baseUrl}/id/{user.OrgId}/{user.Id}";
        string issuedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        // signature = base64(HMAC-SHA256(client secret, id + issued_at)): lets a client check the id URL was not tampered with.
        string signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.ClientSecret), Encoding.UTF8.GetBytes(id + issuedAt)));
        var body = new Dictionary<string, object?> { ["access_token"] = accessToken };
        if (refreshToken is not null)
        {
            body["refresh_token"] = refreshToken;
        }
        body["signature"] = signature;
        body["scope"] = string.IsNullOrWhiteSpace(scope) ? "full" : scope;
        body["instance_url"] = baseUrl;
        body["id"] = id;
        body["token_type"] = "Bearer";
        body["issued_at"] = issuedAt;
        return SalesforceJson.Result(body);
    }

    private static IResult OAuthError(string error, string description) =>
        SalesforceJson.Result(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);
}
