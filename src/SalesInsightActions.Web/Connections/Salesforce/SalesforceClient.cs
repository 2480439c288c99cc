using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SalesInsightActions.Web.Connections.Salesforce.Wire;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>Core: authenticated sends with one refresh on INVALID_SESSION_ID, and error mapping.</summary>
internal sealed partial class SalesforceClient(
    HttpClient http,
    string connectionId,
    ISalesforceTokenStore tokenStore,
    SalesforceSessionRefresher refresher,
    SalesforceApiUsageTracker usageTracker,
    SalesforceClientOptions options,
    TimeProvider timeProvider,
    ILogger<SalesforceClient> logger) : ISalesforceClient
{
    private Uri? _lastInstance;

    public string ConnectionId => connectionId;

    public SalesforceApiUsage? LastApiUsage => _lastInstance is null ? null : usageTracker.LastFor(_lastInstance);

    private string DataPath => $"services/data/{options.ApiVersion}/";

    /// <summary>
    /// Sends a request built from the current tokens. On 401 the session is refreshed once and the request rebuilt
    /// (the instance URL may change); a second 401 is an error. Non-success answers become typed exceptions.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<SalesforceTokens, HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var tokens = await tokenStore.GetAsync(connectionId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No Salesforce tokens stored for connection {connectionId}.");
        for (var attempt = 0; ; attempt++)
        {
            _lastInstance = tokens.InstanceUrl;
            using var request = build(tokens);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var error = SalesforceErrors.FromBody((int)response.StatusCode, body, LastApiUsage);
                LogApiError(connectionId, error.ErrorCode, (int)response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    LogRefreshingSession(connectionId, error.ErrorCode);
                    tokens = await refresher.RefreshAsync(connectionId, tokens.AccessToken, tokenStore, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw error;
            }
        }
    }

    private async Task<T> SendForJsonAsync<T>(Func<SalesforceTokens, HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(build, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, SalesforceJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new SalesforceApiException((int)response.StatusCode, "empty", "Salesforce returned an empty body.");
        }
    }

    private Uri Data(SalesforceTokens tokens, string relative) => new(Root(tokens) + DataPath + relative);

    /// <summary>instance_url without a trailing slash, so root-relative paths such as nextRecordsUrl append cleanly.</summary>
    private static string Root(SalesforceTokens tokens) => tokens.InstanceUrl.AbsoluteUri.TrimEnd('/') + "/";

    private static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body, body.GetType(), SalesforceJson.Options), Encoding.UTF8, "application/json");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Salesforce error {ErrorCode} (HTTP {HttpStatus}) on connection {ConnectionId}")]
    private partial void LogApiError(string connectionId, string errorCode, int httpStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshing the Salesforce session of connection {ConnectionId} after {ErrorCode}")]
    private partial void LogRefreshingSession(string connectionId, string errorCode);
}
