namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>Salesforce refused a REST call: body <c>[{message, errorCode, fields}]</c>.</summary>
public class SalesforceApiException : Exception
{
    public SalesforceApiException(int httpStatus, string errorCode, string? errorMessage, IReadOnlyList<string>? fields = null)
        : base($"Salesforce {errorCode} (HTTP {httpStatus}): {errorMessage}")
    {
        HttpStatus = httpStatus;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Fields = fields ?? [];
    }

    public int HttpStatus { get; }

    /// <summary>e.g. INVALID_FIELD, MALFORMED_QUERY, INVALID_SESSION_ID; "http-NNN" when the body had none.</summary>
    public string ErrorCode { get; }

    public string? ErrorMessage { get; }

    public IReadOnlyList<string> Fields { get; }
}
