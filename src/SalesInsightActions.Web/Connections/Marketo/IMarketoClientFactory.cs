namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Creates clients bound to one subscription; clients of one subscription share its token and limiter.</summary>
public interface IMarketoClientFactory
{
    IMarketoClient Create(MarketoConnection connection);
}
