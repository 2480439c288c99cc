namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Our reading of Marketo's documented error codes and what each one means for the client.</summary>
public static class MarketoErrorCodes
{
    public const string AccessTokenInvalid = "601";
    public const string AccessTokenExpired = "602";
    public const string AccessDenied = "603";
    public const string RequestTimedOut = "604";
    public const string RateLimitExceeded = "606";
    public const string DailyQuotaReached = "607";
    public const string ApiTemporarilyUnavailable = "608";
    public const string InvalidJson = "609";
    public const string RequestedResourceNotFound = "610";
    public const string SystemError = "611";
    public const string InvalidContentType = "612";
    public const string InvalidSubscription = "614";
    public const string ConcurrentAccessLimitReached = "615";
    public const string ActivityProcessingFailed = "713";
    public const string ExportQueueFullOrQuotaUsed = "1029";

    private static readonly HashSet<string> Transient = ["604", "606", "608", "611", "614", "615", "713"];
    private static readonly HashSet<string> Token = [AccessTokenInvalid, AccessTokenExpired];

    public static bool IsTransient(string? code) => code is not null && Transient.Contains(code);

    public static bool IsTokenProblem(string? code) => code is not null && Token.Contains(code);

    /// <summary>1029 also answers an enqueue of a job that is already queued: for the caller that is success.</summary>
    public static bool IsJobAlreadyQueued(string? code, string? message) =>
        code == ExportQueueFullOrQuotaUsed && message?.Contains("already queued", StringComparison.OrdinalIgnoreCase) == true;

    public static MarketoErrorClassification Classify(string code, string? message) => code switch
    {
        _ when IsTransient(code) => MarketoErrorClassification.Retry,
        DailyQuotaReached => MarketoErrorClassification.StopUntilReset,
        // 1029 is either "too many jobs in queue" (wait for a slot) or "export daily quota exceeded" (wait for the reset).
        ExportQueueFullOrQuotaUsed => message?.Contains("quota", StringComparison.OrdinalIgnoreCase) == true
            ? MarketoErrorClassification.StopUntilReset
            : MarketoErrorClassification.Retry,
        _ when IsTokenProblem(code) => MarketoErrorClassification.Retry,
        _ => MarketoErrorClassification.Fix,
    };
}
