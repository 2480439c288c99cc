using System.Net.Http.Headers;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Puts the subscription's current bearer token on every attempt (the query-string token is being retired).</summary>
internal sealed class MarketoAuthHandler(MarketoTokenCache tokenCache) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var connection = request.GetConnection();
        var token = await tokenCache.GetTokenAsync(connection, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        request.Options.Set(MarketoRequestContext.TokenUsed, token.Value);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
