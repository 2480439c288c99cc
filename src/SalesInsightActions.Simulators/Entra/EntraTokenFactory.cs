using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>Builds the RS256 id_token / access_token and client_info the way Entra ID v2.0 shapes them.</summary>
public sealed class EntraTokenFactory(EntraSigningKey signingKey, EntraSimulatorOptions options, TimeProvider clock)
{
    private const string MicrosoftGraphAppId = "00000003-0000-0000-c000-000000000000";
    private static readonly HashSet<string> OidcScopes = new(StringComparer.OrdinalIgnoreCase) { "openid", "profile", "email", "offline_access" };

    public string CreateIdToken(string issuer, string clientId, EntraUser user, string? nonce)
    {
        var payload = StandardClaims(issuer, clientId, user);
        payload["sub"] = PairwiseSubject(user, clientId);
        payload["name"] = user.DisplayName;
        payload["preferred_username"] = user.UserPrincipalName;
        payload["email"] = user.UserPrincipalName;
        if (!string.IsNullOrEmpty(nonce))
        {
            payload["nonce"] = nonce;
        }
        return Sign(payload);
    }

    public string CreateAccessToken(string issuer, string clientId, EntraUser user, string scope)
    {
        string[] resourceScopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => !OidcScopes.Contains(s)).ToArray();
        var payload = StandardClaims(issuer, AudienceFor(resourceScopes, clientId), user);
        payload["sub"] = PairwiseSubject(user, clientId);
        payload["azp"] = clientId;
        payload["scp"] = resourceScopes.Length == 0 ? "openid" : string.Join(' ', resourceScopes.Select(ScopeName));
        payload["name"] = user.DisplayName;
        payload["preferred_username"] = user.UserPrincipalName;
        return Sign(payload);
    }

    /// <summary>base64url JSON {uid, utid}: MSAL builds its account id from it.</summary>
    public string CreateClientInfo(EntraUser user)
    {
        string json = JsonSerializer.Serialize(new Dictionary<string, string> { ["uid"] = user.ObjectId, ["utid"] = options.TenantId });
        return Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
    }

    private JwtPayload StandardClaims(string issuer, string audience, EntraUser user)
    {
        long now = clock.GetUtcNow().ToUnixTimeSeconds();
        return new JwtPayload
        {
            ["aud"] = audience,
            ["iss"] = issuer,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + options.TokenLifetimeSeconds,
            ["oid"] = user.ObjectId,
            ["tid"] = options.TenantId,
            ["uti"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            ["ver"] = "2.0",
        };
    }

    private string Sign(JwtPayload payload)
    {
        var token = new JwtSecurityToken(new JwtHeader(signingKey.Credentials), payload);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    // Entra's sub is pairwise: stable per (user, application) and different across applications.
    private static string PairwiseSubject(EntraUser user, string clientId) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(user.ObjectId + "|" + clientId)));

    private static string AudienceFor(string[] resourceScopes, string clientId)
    {
        string? first = resourceScopes.FirstOrDefault();
        if (first is null)
        {
            return clientId;
        }
        int slash = first.LastIndexOf('/');
        return slash > 0 && first.Contains("://", StringComparison.Ordinal) ? first[..slash] : MicrosoftGraphAppId;
    }

    private static string ScopeName(string scope)
    {
        int slash = scope.LastIndexOf('/');
        return slash >= 0 ? scope[(slash + 1)..] : scope;
    }
}
