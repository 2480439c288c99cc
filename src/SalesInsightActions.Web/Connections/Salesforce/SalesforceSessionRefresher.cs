using System.Collections.Concurrent;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>
/// Refreshes a connection's session once even when many calls see INVALID_SESSION_ID together: the first refreshes and saves,
/// the others find a different access token in the store and use it.
/// </summary>
public sealed class SalesforceSessionRefresher(ISalesforceOAuthClient oauth)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <param name="store">Passed per call: the product's store may be scoped (database), while the gates are process-wide.</param>
    public async Task<SalesforceTokens> RefreshAsync(string connectionId, string rejectedAccessToken, ISalesforceTokenStore store, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(connectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await store.GetAsync(connectionId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"No Salesforce tokens stored for connection {connectionId}.");
            if (current.AccessToken != rejectedAccessToken)
            {
                return current;
            }

            var refreshed = await oauth.RefreshAsync(current, cancellationToken).ConfigureAwait(false);
            await store.SaveAsync(connectionId, refreshed, cancellationToken).ConfigureAwait(false);
            return refreshed;
        }
        finally
        {
            gate.Release();
        }
    }
}
