using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using SalesInsightActions.Simulators.Salesforce.Records;

namespace SalesInsightActions.Simulators.Salesforce.OAuth;

/// <summary>An authorization code and what the authorize step bound it to.</summary>
internal sealed record SalesforceAuthorizationCode(string ClientId, string RedirectUri, SalesforceLoginUser User, string Scope, string? CodeChallenge, DateTimeOffset ExpiresAt);

/// <summary>A refresh token: lives until revoked.</summary>
internal sealed record SalesforceRefreshGrant(string ClientId, SalesforceLoginUser User, string Scope);

/// <summary>An access token; <see cref="RefreshToken"/> links it to the refresh token that minted it (revoking that kills it).</summary>
public sealed record SalesforceAccessGrant(string ClientId, SalesforceLoginUser User, string Scope, DateTimeOffset IssuedAt, string? RefreshToken);

/// <summary>Sign-in sessions (the simulator's own cookie), codes, access and refresh tokens.</summary>
public sealed class SalesforceOAuthState(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, SalesforceLoginUser> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SalesforceAuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SalesforceRefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SalesforceAccessGrant> _accessTokens = new(StringComparer.Ordinal);
    private long _notBeforeTicks;

    /// <summary>Every access and refresh token issued since the last reset (for secrets-at-rest checks).</summary>
    public IReadOnlyCollection<string> IssuedTokens() => [.. _accessTokens.Keys, .. _refreshTokens.Keys];

    internal string StartSession(SalesforceLoginUser user)
    {
        string id = Opaque(24);
        _sessions[id] = user;
        return id;
    }

    internal SalesforceLoginUser? FindSession(string? sessionId) =>
        sessionId is not null && _sessions.TryGetValue(sessionId, out SalesforceLoginUser? user) ? user : null;

    internal string IssueCode(SalesforceAuthorizationCode code)
    {
        // Real codes look like "aPrx…==" (base64); single use.
        string value = "aPrx" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(36));
        _codes[value] = code;
        return value;
    }

    internal SalesforceAuthorizationCode? RedeemCode(string code) =>
        _codes.TryRemove(code, out SalesforceAuthorizationCode? found) ? found : null;

    internal string IssueRefreshToken(SalesforceRefreshGrant grant)
    {
        string value = "5Aep861" + Opaque(48).Replace('-', '.').Replace('_', '.');
        _refreshTokens[value] = grant;
        return value;
    }

    internal SalesforceRefreshGrant? FindRefreshToken(string token) => _refreshTokens.GetValueOrDefault(token);

    internal string IssueAccessToken(string clientId, SalesforceLoginUser user, string scope, string? refreshToken)
    {
        // Salesforce session ids start with the 15-char org id and "!".
        string value = user.OrgId[..15] + "!" + Opaque(72).Replace('-', '.').Replace('_', '.');
        _accessTokens[value] = new SalesforceAccessGrant(clientId, user, scope, clock.GetUtcNow(), refreshToken);
        return value;
    }

    /// <summary>The grant behind a bearer token, or null when unknown, revoked or past the session timeout.</summary>
    public SalesforceAccessGrant? ValidateAccessToken(string? token, TimeSpan sessionTimeout)
    {
        if (token is null || !_accessTokens.TryGetValue(token, out SalesforceAccessGrant? grant))
        {
            return null;
        }
        DateTimeOffset now = clock.GetUtcNow();
        bool expired = now - grant.IssuedAt >= sessionTimeout || grant.IssuedAt.UtcTicks < Interlocked.Read(ref _notBeforeTicks);
        return expired ? null : grant;
    }

    /// <summary>Revokes an access token, or a refresh token together with every access token it minted.</summary>
    internal bool Revoke(string token)
    {
        if (_refreshTokens.TryRemove(token, out _))
        {
            foreach ((string access, SalesforceAccessGrant grant) in _accessTokens)
            {
                if (grant.RefreshToken == token)
                {
                    _accessTokens.TryRemove(access, out _);
                }
            }
            return true;
        }
        return _accessTokens.TryRemove(token, out _);
    }

    /// <summary>Every access token issued so far stops working (refresh tokens stay valid), as after a session timeout.</summary>
    public void ExpireAllAccessTokens() => Interlocked.Exchange(ref _notBeforeTicks, clock.GetUtcNow().UtcTicks + 1);

    public int LiveRefreshTokenCount => _refreshTokens.Count;

    public void Reset()
    {
        _sessions.Clear();
        _codes.Clear();
        _refreshTokens.Clear();
        _accessTokens.Clear();
        Interlocked.Exchange(ref _notBeforeTicks, 0);
    }

    private static string Opaque(int bytes) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));
}
