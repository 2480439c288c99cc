using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>
/// Retries only what can heal by itself: 5xx, 408, timeouts and network failures. Never a 4xx: 401 is handled by a token
/// refresh in the client, 403 REQUEST_LIMIT_EXCEEDED means "stop for today", and the rest need a fix, not a retry.
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
            ShouldHandle = args => ValueTask.FromResult(options.MaxRetryAttempts > 0 && ShouldRetry(args.Outcome, args.Context)),
        });
        builder.AddTimeout(options.AttemptTimeout);
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var request = outcome.Result?.RequestMessage ?? context.GetRequestMessage();
        if (request is not null && request.Options.TryGetValue(SalesforceRequestOptions.NotRetryable, out var notRetryable) && notRetryable)
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
}
