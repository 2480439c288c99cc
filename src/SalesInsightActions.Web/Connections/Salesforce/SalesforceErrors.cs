using System.Text.Json;
using SalesInsightActions.Web.Connections.Salesforce.Wire;

namespace SalesInsightActions.Web.Connections.Salesforce;

internal static class SalesforceErrors
{
    public const string InvalidSessionId = "INVALID_SESSION_ID";
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";

    /// <summary>Turns <c>[{message, errorCode, fields}]</c> (or a bare object of that shape) into a typed exception.</summary>
    public static SalesforceApiException FromBody(int status, string body, SalesforceApiUsage? lastUsage)
    {
        var error = FirstError(body);
        var code = error?.ErrorCode ?? $"http-{status}";
        if (status == 403 && code == RequestLimitExceeded)
        {
            return IsConcurrentRequestsLimit(error?.Message)
                ? new SalesforceConcurrentRequestLimitException(error?.Message)
                : new SalesforceDailyLimitExceededException(error?.Message, lastUsage);
        }

        return new SalesforceApiException(status, code, error?.Message, error?.Fields);
    }

    /// <summary>
    /// REQUEST_LIMIT_EXCEEDED has two causes told apart only by the message: "TotalRequests Limit exceeded."
    /// (the rolling 24 hours: pause) or "ConcurrentRequests (Concurrent API Requests) Limit exceeded." (too many
    /// long-running requests at once: back off and retry). Anything else is read as the daily one: pausing is safe.
    /// </summary>
    public static bool IsConcurrentRequestsLimit(string? message) =>
        message?.Contains("Concurrent", StringComparison.OrdinalIgnoreCase) == true;

    public static SalesforceError? FirstError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var first = root.ValueKind switch
            {
                JsonValueKind.Array when root.GetArrayLength() > 0 => root[0],
                JsonValueKind.Object => root,
                _ => default,
            };
            return first.ValueKind == JsonValueKind.Object ? first.Deserialize<SalesforceError>(SalesforceJson.Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
