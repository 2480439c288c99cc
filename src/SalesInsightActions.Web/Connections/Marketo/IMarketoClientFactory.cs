namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Creates clients bound to one subscription; clients of one subscription share its token and limiter.</summary>
public interface IMarketoClientFactory
{
    IMarketoClient Create(MarketoConnection connection);

    /// <summary>
    /// A client for checking credentials a person just typed: each call is tried once (transient faults are not retried),
    /// so the person hears at once that Marketo is unreachable or failing.
    /// </summary>
    IMarketoClient CreateForCredentialCheck(MarketoConnection connection);
}
