using System.Net;
using System.Text;
using System.Text.Json;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Core of the Marketo client: building requests, reading envelopes and turning errors into typed exceptions.</summary>
internal sealed partial class MarketoClient(
    HttpClient http,
    MarketoConnection connection,
    MarketoTokenCache tokenCache,
    MarketoSubscriptionLimiter limiter,
    TimeProvider timeProvider,
    MarketoClientOptions options,
    ILogger<MarketoClient> logger,
    bool failFast = false) : IMarketoClient
{
    internal const int MaxRecordsPerCall = 300;

    public MarketoConnection Connection => connection;

    public Task<MarketoAccessToken> GetTokenAsync(CancellationToken cancellationToken = default) =>
        tokenCache.GetTokenAsync(connection, cancellationToken);

    public async Task<MarketoUsage?> GetUsageAsync(CancellationToken cancellationToken = default)
    {
        var envelope = await GetEnvelopeAsync<MarketoUsage>("rest/v1/stats/usage.json", [], cancellationToken).ConfigureAwait(false);
        return envelope.Result?.FirstOrDefault();
    }

    /// <summary>GET with a query; above the URI limit Marketo wants POST + <c>_method=GET</c> and the parameters as a form body.</summary>
    private async Task<MarketoResponse<T>> GetEnvelopeAsync<T>(string path, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        using var request = BuildGet(path, query);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadEnvelopeAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MarketoResponse<T>> PostEnvelopeAsync<T>(string path, object? body, CancellationToken cancellationToken, bool unsafeToRepeat = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, connection.Resolve(path));
        if (unsafeToRepeat)
        {
            request.Options.Set(MarketoRequestContext.UnsafeToRepeat, true);
        }

        if (body is not null)
        {
            // Buffered string content: the retry pipeline may need to send it again.
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), MarketoJson.Options), Encoding.UTF8, "application/json");
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadEnvelopeAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage BuildGet(string path, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var queryString = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var uri = connection.Resolve(queryString.Length == 0 ? path : $"{path}?{queryString}");
        if (uri.AbsoluteUri.Length <= options.MaxUriLength)
        {
            return new HttpRequestMessage(HttpMethod.Get, uri);
        }

        LogLongUriAsPost(connection.MunchkinId, path, uri.AbsoluteUri.Length);
        return new HttpRequestMessage(HttpMethod.Post, connection.Resolve($"{path}?_method=GET"))
        {
            Content = new FormUrlEncodedContent(query),
        };
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(MarketoRequestContext.Connection, connection);
        if (failFast)
        {
            request.Options.Set(MarketoRequestContext.FailFast, true);
        }
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private async Task<MarketoResponse<T>> ReadEnvelopeAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw HttpFailure(response);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var envelope = await JsonSerializer.DeserializeAsync<MarketoResponse<T>>(stream, MarketoJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new MarketoApiException("empty", "Marketo returned an empty body.", MarketoErrorClassification.Retry, (int)response.StatusCode);
            if (!envelope.Success)
            {
                throw EnvelopeFailure(envelope.Errors, envelope.RequestId, (int)response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw HttpFailure(response);
            }

            return envelope;
        }
    }

    private MarketoApiException EnvelopeFailure(IReadOnlyList<MarketoError>? errors, string? requestId, int httpStatus)
    {
        var error = errors?.FirstOrDefault() ?? new MarketoError("unknown", "success:false without errors");
        LogMarketoError(connection.MunchkinId, error.Code, error.Message, requestId);
        if (error.Code == MarketoErrorCodes.DailyQuotaReached)
        {
            return new MarketoDailyQuotaExceededException(limiter.MarkQuotaExhausted(), reportedByMarketo: true, requestId);
        }

        return new MarketoApiException(error.Code, error.Message, MarketoErrorCodes.Classify(error.Code, error.Message), httpStatus, requestId);
    }

    private MarketoApiException HttpFailure(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var error = response.RequestMessage?.GetEnvelopeError();
        if (error is not null)
        {
            return EnvelopeFailure([error], null, status);
        }

        LogHttpError(connection.MunchkinId, status);
        var classification = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            ? MarketoErrorClassification.Retry
            : MarketoErrorClassification.Fix;
        return new MarketoApiException($"http-{status}", response.ReasonPhrase, classification, status);
    }

    private static IEnumerable<IReadOnlyList<T>> Batches<T>(IReadOnlyList<T> items, int size)
    {
        for (var i = 0; i < items.Count; i += size)
        {
            yield return items.Skip(i).Take(size).ToList();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marketo error {ErrorCode} for {MunchkinId}: {ErrorMessage} (request {RequestId})")]
    private partial void LogMarketoError(string munchkinId, string errorCode, string? errorMessage, string? requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marketo HTTP error {HttpStatus} for {MunchkinId}")]
    private partial void LogHttpError(string munchkinId, int httpStatus);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sending {Path} for {MunchkinId} as POST with _method=GET: URI would be {UriLength} characters")]
    private partial void LogLongUriAsPost(string munchkinId, string path, int uriLength);
}
