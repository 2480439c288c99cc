namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>
/// 403 REQUEST_LIMIT_EXCEEDED "ConcurrentRequests (Concurrent API Requests) Limit exceeded.": more than 25
/// long-running requests were in flight. Transient: the resilience pipeline already backed off and retried;
/// seeing this means it did not clear in time — try again later, there is no need to pause for the day.
/// </summary>
public sealed class SalesforceConcurrentRequestLimitException(string? errorMessage)
    : SalesforceApiException(403, SalesforceErrors.RequestLimitExceeded, errorMessage);
