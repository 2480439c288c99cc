namespace SalesInsightActions.Web.Connections.Salesforce;

internal static class SalesforceRequestOptions
{
    /// <summary>Set on creates: a 5xx after Salesforce may already have written the record, so retrying could duplicate it.</summary>
    public static readonly HttpRequestOptionsKey<bool> NotRetryable = new("Salesforce.NotRetryable");

    public static HttpRequestMessage WithoutRetries(this HttpRequestMessage request)
    {
        request.Options.Set(NotRetryable, true);
        return request;
    }
}
