namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>An OAuth endpoint said no: <c>{error, error_description}</c> (invalid_grant, invalid_client_id, redirect_uri_mismatch …).</summary>
public sealed class SalesforceOAuthException : Exception
{
    public SalesforceOAuthException(int httpStatus, string error, string? errorDescription)
        : base($"Salesforce OAuth error {error} (HTTP {httpStatus}): {errorDescription}")
    {
        HttpStatus = httpStatus;
        Error = error;
        ErrorDescription = errorDescription;
    }

    public int HttpStatus { get; }

    public string Error { get; }

    public string? ErrorDescription { get; }

    /// <summary>The refresh token is expired or revoked: the user must connect again.</summary>
    public bool RequiresReconnect => Error == "invalid_grant";
}
