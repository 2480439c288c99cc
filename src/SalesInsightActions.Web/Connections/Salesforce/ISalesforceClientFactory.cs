namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>Creates a client for one Salesforce connection (one user's tokens in <see cref="ISalesforceTokenStore"/>).</summary>
public interface ISalesforceClientFactory
{
    ISalesforceClient Create(string connectionId);
}
