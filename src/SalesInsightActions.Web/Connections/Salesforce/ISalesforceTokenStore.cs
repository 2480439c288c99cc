namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>Persists the tokens of each Salesforce connection (one per user). The product implementation encrypts them at rest.</summary>
public interface ISalesforceTokenStore
{
    Task<SalesforceTokens?> GetAsync(string connectionId, CancellationToken cancellationToken = default);

    Task SaveAsync(string connectionId, SalesforceTokens tokens, CancellationToken cancellationToken = default);
}
