namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>403 REQUEST_LIMIT_EXCEEDED: the org's rolling 24-hour API allowance is used up. Stop and resume later; never retry now.</summary>
public sealed class SalesforceDailyLimitExceededException : SalesforceApiException
{
    public SalesforceDailyLimitExceededException(string? errorMessage, SalesforceApiUsage? lastUsage)
        : base(403, "REQUEST_LIMIT_EXCEEDED", errorMessage)
    {
        LastUsage = lastUsage;
    }

    public SalesforceApiUsage? LastUsage { get; }
}
