using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Salesforce.Rest;

/// <summary>REST errors in Salesforce's array shape: [{"message", "errorCode", "fields"?}].</summary>
internal static class SalesforceErrors
{
    public static IResult Single(int status, string errorCode, string message, IReadOnlyList<string>? fields = null) =>
        SalesforceJson.Result(new[] { Error(errorCode, message, fields) }, statusCode: status);

    public static Dictionary<string, object> Error(string errorCode, string message, IReadOnlyList<string>? fields = null)
    {
        var error = new Dictionary<string, object> { ["message"] = message, ["errorCode"] = errorCode };
        if (fields is not null)
        {
            error["fields"] = fields;
        }
        return error;
    }

    public static IResult InvalidSession() =>
        Single(StatusCodes.Status401Unauthorized, "INVALID_SESSION_ID", "Session expired or invalid");

    /// <summary>The rolling 24-hour total is used up (clients pause until capacity frees).</summary>
    public static IResult LimitExceeded() =>
        Single(StatusCodes.Status403Forbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");

    /// <summary>Too many long-running requests at once (clients back off and retry).</summary>
    public static IResult ConcurrentRequestsExceeded() =>
        Single(StatusCodes.Status403Forbidden, "REQUEST_LIMIT_EXCEEDED", "ConcurrentRequests (Concurrent API Requests) Limit exceeded.");

    public static IResult NotFound() =>
        Single(StatusCodes.Status404NotFound, "NOT_FOUND", "The requested resource does not exist");
}
