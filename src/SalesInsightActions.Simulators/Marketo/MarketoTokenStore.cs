using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>Outcome of checking a bearer token.</summary>
internal enum TokenCheck
{
    Valid,
    Missing,
    Invalid,
    Expired,
}

/// <summary>
/// Issued Marketo access tokens. One live token per client: asking again while it lives returns it
/// with its remaining seconds, as the real identity service does.
/// </summary>
internal sealed class MarketoTokenStore(SimulatorOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiryByToken = new(StringComparer.Ordinal);
    private readonly Lock _issueLock = new();
    private string? _liveToken;

    /// <summary>Every token issued since the last reset, so tests can look for them where they must not be.</summary>
    public IReadOnlyCollection<string> Issued => [.. _expiryByToken.Keys];

    public (string Token, int ExpiresIn) IssueOrReuse()
    {
        lock (_issueLock)
        {
            DateTimeOffset now = time.GetUtcNow();
            if (_liveToken is not null && _expiryByToken.TryGetValue(_liveToken, out DateTimeOffset expiry) && expiry > now)
            {
                return (_liveToken, (int)Math.Floor((expiry - now).TotalSeconds));
            }
            string token = Guid.NewGuid().ToString("D") + ":" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
            int lifetime = options.Marketo.TokenLifetimeSeconds;
            _expiryByToken[token] = now.AddSeconds(lifetime);
            _liveToken = token;
            return (token, lifetime);
        }
    }

    public TokenCheck Check(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenCheck.Missing;
        }
        if (!_expiryByToken.TryGetValue(token, out DateTimeOffset expiry))
        {
            return TokenCheck.Invalid;
        }
        return expiry > time.GetUtcNow() ? TokenCheck.Valid : TokenCheck.Expired;
    }

    /// <summary>Makes every issued token expired now (tests of 602 handling).</summary>
    public void ExpireAll()
    {
        DateTimeOffset past = time.GetUtcNow().AddSeconds(-1);
        foreach (string token in _expiryByToken.Keys)
        {
            _expiryByToken[token] = past;
        }
    }

    public void Reset()
    {
        lock (_issueLock)
        {
            _expiryByToken.Clear();
            _liveToken = null;
        }
    }
}
