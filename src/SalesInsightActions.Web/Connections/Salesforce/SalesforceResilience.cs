using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>
/// Retries only what can heal by itself: 5xx, 408, timeouts, network failures and the concurrent-requests 403
/// (backing off <see cref="SalesforceClientOptions.ConcurrentLimitRetryDelay"/>, doubling). Never another 4xx: 401
/// is handled by a token refresh in the client, the daily 403 REQUEST_LIMIT_EXCEEDED means "pause until capacity
/// frees" (no tight retries), and the rest need a fix, not a retry.
/// </summary>
internal static class SalesforceResilience
{
    public const string PipelineName = "salesforce";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, SalesforceClientOptions options)
    {
        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            ShouldHandle = async args => options.MaxRetryAttempts > 0
                && (ShouldRetry(args.Outcome, args.Context) || await IsConcurrentRequestsLimitAsync(args.Outcome, args.Context).ConfigureAwait(false)),
            // Only the concurrent-requests 403 is retried among 4xx: it waits for long requests to finish.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result?.StatusCode == HttpStatusCode.Forbidden
                ? options.ConcurrentLimitRetryDelay * Math.Pow(2, args.AttemptNumber) * (1 + (Random.Shared.NextDouble() * 0.2))
                : null),
        });
        builder.AddTimeout(options.AttemptTimeout);
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (IsNotRetryable(outcome, context))
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException
                || (outcome.Exception is OperationCanceledException && !context.CancellationToken.IsCancellationRequested);
        }

        var status = outcome.Result!.StatusCode;
        return (int)status >= 500 || status == HttpStatusCode.RequestTimeout;
    }

    /// <summary>403 REQUEST_LIMIT_EXCEEDED whose message names concurrent requests (the body is buffered, so the client can still read it).</summary>
    internal static async Task<bool> IsConcurrentRequestsLimitAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Result is not { StatusCode: HttpStatusCode.Forbidden } response || IsNotRetryable(outcome, context))
        {
            return false;
        }

        await response.Content.LoadIntoBufferAsync(context.CancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false);
        return SalesforceErrors.FirstError(body) is { ErrorCode: SalesforceErrors.RequestLimitExceeded } error
            && SalesforceErrors.IsConcurrentRequestsLimit(error.Message);
    }

    private static bool IsNotRetryable(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var request = outcome.Result?.RequestMessage ?? context.GetRequestMessage();
        return request is not null && request.Options.TryGetValue(SalesforceRequestOptions.NotRetryable, out var notRetryable) && notRetryable;
    }
}
