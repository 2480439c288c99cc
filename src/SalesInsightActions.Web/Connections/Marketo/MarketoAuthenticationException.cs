namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>The identity service refused the client id/secret (HTTP 401/400): an admin must fix the credentials.</summary>
public sealed class MarketoAuthenticationException : MarketoApiException
{
    public MarketoAuthenticationException(int httpStatus, string? error, string? errorDescription)
        : base(error ?? $"http-{httpStatus}", errorDescription, MarketoErrorClassification.Fix, httpStatus)
    {
        OAuthError = error;
    }

    public string? OAuthError { get; }
}
