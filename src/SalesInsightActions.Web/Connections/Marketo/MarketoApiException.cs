namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Marketo refused a call (an error envelope or an HTTP error) and the client will not retry it further.</summary>
public class MarketoApiException : Exception
{
    public MarketoApiException(string errorCode, string? errorMessage, MarketoErrorClassification classification, int? httpStatus = null, string? requestId = null)
        : base($"Marketo error {errorCode}: {errorMessage}")
    {
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Classification = classification;
        HttpStatus = httpStatus;
        RequestId = requestId;
    }

    /// <summary>Marketo's code as sent (a string, e.g. "1003"), or "http-NNN" for HTTP-level failures.</summary>
    public string ErrorCode { get; }

    public string? ErrorMessage { get; }

    public MarketoErrorClassification Classification { get; }

    public int? HttpStatus { get; }

    public string? RequestId { get; }
}
