namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>Creates a client for one Salesforce connection (one user's tokens in <see cref="ISalesforceTokenStore"/>).</summary>
public interface ISalesforceClientFactory
{
    ISalesforceClient Create(string connectionId);

    /// <summary>A client over tokens not stored yet (to verify a new connection before saving it); refreshed tokens stay in memory.</summary>
    ISalesforceClient Create(SalesforceTokens tokens);
}
