using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>
/// The one pipeline every Marketo REST/bulk call goes through: retry (transient faults and token refresh) → per-subscription
/// limiter → attempt timeout. The limiter sits inside the retry so every attempt, retries included, is counted and throttled;
/// the timeout sits inside the limiter so waiting for a permit never times an attempt out.
/// </summary>
internal static partial class MarketoResilience
{
    public const string PipelineName = "marketo";

    private static readonly ResiliencePropertyKey<bool> TokenRefreshed = new("Marketo.TokenRefreshed");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, IServiceProvider services, MarketoClientOptions options)
    {
        var limiters = services.GetRequiredService<MarketoLimiterRegistry>();
        var tokens = services.GetRequiredService<MarketoTokenCache>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MarketoResilience));

        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, args.AttemptNumber, options.MaxRetryAttempts)),
            // A token refresh is not a fault: retry at once with the new token.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                MarketoErrorCodes.IsTokenProblem(ErrorCodeOf(args.Outcome)) ? TimeSpan.Zero : null),
            OnRetry = args =>
            {
                var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
                var code = ErrorCodeOf(args.Outcome);
                if (request is not null && MarketoErrorCodes.IsTokenProblem(code)
                    && request.Options.TryGetValue(MarketoRequestContext.TokenUsed, out var used))
                {
                    args.Context.Properties.Set(TokenRefreshed, true);
                    tokens.Invalidate(request.GetConnection(), used);
                }

                LogRetry(logger, request is null ? "?" : request.GetConnection().MunchkinId, code ?? DescribeFault(args.Outcome), args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        });

        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = args =>
            {
                var request = args.Context.GetRequestMessage()
                    ?? throw new InvalidOperationException("The Marketo pipeline runs only inside its HTTP client.");
                return limiters.For(request.GetConnection()).AcquireAsync(args.Context.CancellationToken);
            },
        });

        builder.AddTimeout(options.AttemptTimeout);
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber, int maxTransientRetries)
    {
        var request = outcome.Result?.RequestMessage ?? context.GetRequestMessage();
        if (request.IsUnsafeToRepeat() && OutcomeUnknown(outcome))
        {
            return false;
        }

        if (request?.IsFailFast() == true && !MarketoErrorCodes.IsTokenProblem(ErrorCodeOf(outcome)))
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException
                || (outcome.Exception is OperationCanceledException && !context.CancellationToken.IsCancellationRequested);
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            return attemptNumber < maxTransientRetries;
        }

        var code = ErrorCodeOf(outcome);
        if (MarketoErrorCodes.IsTokenProblem(code))
        {
            // Refresh once per call; a second 601/602 with a brand-new token is not going to heal by itself.
            return !context.Properties.GetValue(TokenRefreshed, false);
        }

        return MarketoErrorCodes.IsTransient(code) && attemptNumber < maxTransientRetries;
    }

    /// <summary>Whether Marketo may have applied the call although it did not say so (no answer, 5xx, 604 timed out).</summary>
    internal static bool OutcomeUnknown(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is not null
        || (int)outcome.Result!.StatusCode >= 500
        || outcome.Result.StatusCode == HttpStatusCode.RequestTimeout
        || ErrorCodeOf(outcome) is MarketoErrorCodes.RequestTimedOut or MarketoErrorCodes.SystemError or MarketoErrorCodes.ActivityProcessingFailed;

    private static string? ErrorCodeOf(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.RequestMessage?.GetEnvelopeError()?.Code;

    private static string DescribeFault(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.GetType().Name ?? $"http-{(int)outcome.Result!.StatusCode}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying a Marketo call for {MunchkinId} after {ErrorCode} (attempt {Attempt}, delay {DelayMs} ms)")]
    private static partial void LogRetry(ILogger logger, string munchkinId, string errorCode, int attempt, double delayMs);
}
