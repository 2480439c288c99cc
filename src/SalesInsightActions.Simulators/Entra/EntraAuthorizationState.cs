using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>An issued authorization code and what it was bound to at the authorize step.</summary>
internal sealed record EntraAuthorizationCode(
    string ClientId,
    string RedirectUri,
    EntraUser User,
    string Scope,
    string? Nonce,
    string? CodeChallenge,
    DateTimeOffset ExpiresAt);

/// <summary>A live refresh token (rotated on every use, as Entra does).</summary>
internal sealed record EntraRefreshGrant(string ClientId, EntraUser User, string Scope, DateTimeOffset ExpiresAt);

/// <summary>In-memory sign-in sessions, codes and refresh tokens of the issuer.</summary>
public sealed class EntraAuthorizationState
{
    private readonly ConcurrentDictionary<string, EntraUser> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EntraAuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EntraRefreshGrant> _refreshTokens = new(StringComparer.Ordinal);

    internal string StartSession(EntraUser user)
    {
        string sessionId = NewOpaqueValue();
        _sessions[sessionId] = user;
        return sessionId;
    }

    internal EntraUser? FindSession(string? sessionId) =>
        sessionId is not null && _sessions.TryGetValue(sessionId, out EntraUser? user) ? user : null;

    internal void EndSession(string? sessionId)
    {
        if (sessionId is not null)
        {
            _sessions.TryRemove(sessionId, out _);
        }
    }

    internal string IssueCode(EntraAuthorizationCode code)
    {
        string value = "1.AQ" + NewOpaqueValue();
        _codes[value] = code;
        return value;
    }

    /// <summary>Codes are single-use: redeeming removes the code whatever the outcome of the checks after it.</summary>
    internal EntraAuthorizationCode? RedeemCode(string code) =>
        _codes.TryRemove(code, out EntraAuthorizationCode? found) ? found : null;

    internal string IssueRefreshToken(EntraRefreshGrant grant)
    {
        string value = "0.AR" + NewOpaqueValue() + NewOpaqueValue();
        _refreshTokens[value] = grant;
        return value;
    }

    internal EntraRefreshGrant? RedeemRefreshToken(string token) =>
        _refreshTokens.TryRemove(token, out EntraRefreshGrant? found) ? found : null;

    /// <summary>Forgets every session, code and refresh token (test control).</summary>
    public void Reset()
    {
        _sessions.Clear();
        _codes.Clear();
        _refreshTokens.Clear();
    }

    private static string NewOpaqueValue() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
