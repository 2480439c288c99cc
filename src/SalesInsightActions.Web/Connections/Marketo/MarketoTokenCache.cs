using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>
/// Access tokens per (endpoint, client id), shared process-wide. One refresh at a time per key (single flight):
/// callers that queued behind a refresh reuse its result instead of asking again.
/// </summary>
public sealed partial class MarketoTokenCache(
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    IOptions<MarketoClientOptions> options,
    ILogger<MarketoTokenCache> logger)
{
    internal const string IdentityClientName = "Marketo.Identity";

    private readonly ConcurrentDictionary<(string Endpoint, string ClientId), Entry> _entries = new();

    /// <summary>Counts identity calls, for diagnostics and tests.</summary>
    public int TokensFetched => Volatile.Read(ref _tokensFetched);

    private int _tokensFetched;

    /// <summary>A token valid for at least the refresh margin, fetching one if needed.</summary>
    public async Task<MarketoAccessToken> GetTokenAsync(MarketoConnection connection, CancellationToken cancellationToken)
    {
        var entry = EntryFor(connection);
        if (IsUsable(entry.Token))
        {
            return entry.Token!;
        }

        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsUsable(entry.Token))
            {
                return entry.Token!;
            }

            entry.Token = await FetchAsync(connection, cancellationToken).ConfigureAwait(false);
            return entry.Token;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// Asks the identity service now, ignoring any cached token: a cached token (same endpoint and client id) would
    /// otherwise let a wrong secret pass a credential check. The fresh token replaces the cached one.
    /// </summary>
    public async Task<MarketoAccessToken> VerifyAsync(MarketoConnection connection, CancellationToken cancellationToken)
    {
        var token = await FetchAsync(connection, cancellationToken).ConfigureAwait(false);
        var entry = EntryFor(connection);
        lock (entry)
        {
            entry.Token = token;
        }

        return token;
    }

    /// <summary>
    /// Marketo said 601/602 for <paramref name="rejectedToken"/>: forget it, unless another caller already replaced it
    /// (then the fresh one is kept and no extra identity call is made).
    /// </summary>
    public void Invalidate(MarketoConnection connection, string rejectedToken)
    {
        var entry = EntryFor(connection);
        lock (entry)
        {
            if (entry.Token?.Value == rejectedToken)
            {
                entry.Token = null;
            }
        }
    }

    private bool IsUsable(MarketoAccessToken? token) =>
        token is not null && timeProvider.GetUtcNow() < token.ExpiresAt - options.Value.TokenRefreshMargin;

    private Entry EntryFor(MarketoConnection connection) =>
        _entries.GetOrAdd((connection.SubscriptionKey, connection.ClientId), _ => new Entry());

    private async Task<MarketoAccessToken> FetchAsync(MarketoConnection connection, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(IdentityClientName);
        var uri = connection.Resolve(
            "identity/oauth/token?grant_type=client_credentials" +
            $"&client_id={Uri.EscapeDataString(connection.ClientId)}&client_secret={Uri.EscapeDataString(connection.ClientSecret)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var requestedAt = timeProvider.GetUtcNow();
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _tokensFetched);

        MarketoTokenResponse? body = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = await response.Content.ReadFromJsonAsync<MarketoTokenResponse>(MarketoJson.Options, cancellationToken).ConfigureAwait(false);
        }

        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(body?.AccessToken))
        {
            LogTokenRefused(connection.MunchkinId, (int)response.StatusCode, body?.Error);
            if ((int)response.StatusCode >= 500)
            {
                throw new HttpRequestException($"Marketo identity answered {(int)response.StatusCode}.", null, response.StatusCode);
            }

            throw new MarketoAuthenticationException((int)response.StatusCode, body?.Error, body?.ErrorDescription);
        }

        // Measured from before the request: a token is never believed to live longer than it does.
        var token = new MarketoAccessToken(body.AccessToken!, requestedAt.AddSeconds(body.ExpiresIn));
        LogTokenFetched(connection.MunchkinId, body.ExpiresIn);
        return token;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched a Marketo access token for {MunchkinId}, valid {ExpiresInSeconds} s")]
    private partial void LogTokenFetched(string munchkinId, int expiresInSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marketo identity refused a token for {MunchkinId}: HTTP {HttpStatus}, {OAuthError}")]
    private partial void LogTokenRefused(string munchkinId, int httpStatus, string? oAuthError);

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public MarketoAccessToken? Token { get; set; }
    }
}
