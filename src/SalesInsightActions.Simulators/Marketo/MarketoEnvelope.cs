using System.Text.Json.Serialization;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>Marketo's response envelope. Error codes are strings; absent members are left out.</summary>
internal sealed record MarketoEnvelope(
    string RequestId,
    bool Success,
    IReadOnlyList<object>? Result = null,
    IReadOnlyList<MarketoError>? Errors = null,
    IReadOnlyList<string>? Warnings = null,
    string? NextPageToken = null,
    bool? MoreResult = null);

internal sealed record MarketoError(string Code, string Message);

/// <summary>Per-record outcome of a batch write; keeps input order.</summary>
internal sealed record MarketoRecordResult(
    [property: JsonPropertyOrder(0)] long? Id,
    [property: JsonPropertyOrder(1)] string Status,
    [property: JsonPropertyOrder(2)] IReadOnlyList<MarketoError>? Reasons = null);

/// <summary>The error codes the simulator emits, with the messages the real service uses.</summary>
internal static class MarketoErrorCodes
{
    public const string EmptyAccessToken = "600";
    public const string AccessTokenInvalid = "601";
    public const string AccessTokenExpired = "602";
    public const string AccessDenied = "603";
    public const string RateLimit = "606";
    public const string DailyQuota = "607";
    public const string ApiTemporarilyUnavailable = "608";
    public const string InvalidJson = "609";
    public const string RequestedResourceNotFound = "610";
    public const string SystemError = "611";
    public const string ConcurrencyLimit = "615";
    public const string InvalidValue = "1003";
    public const string LeadNotFound = "1004";
    public const string LeadAlreadyExists = "1005";
    public const string FieldNotFound = "1006";
    public const string MultipleLeadsMatch = "1007";
    public const string BulkQueueFull = "1029";

    public static string MessageFor(string code) => code switch
    {
        EmptyAccessToken => "Access token not specified",
        AccessTokenInvalid => "Access token invalid",
        AccessTokenExpired => "Access token expired",
        AccessDenied => "Access denied",
        "604" => "Request timed out",
        RateLimit => "Max rate limit '100' exceeded with in '20' secs",
        DailyQuota => "Daily quota reached",
        ApiTemporarilyUnavailable => "API Temporarily Unavailable",
        InvalidJson => "Invalid JSON",
        RequestedResourceNotFound => "Requested resource not found",
        SystemError => "System error",
        "614" => "Invalid Subscription",
        ConcurrencyLimit => "Concurrent access limit reached",
        "713" => "Transient Error",
        _ => "Error " + code,
    };
}
