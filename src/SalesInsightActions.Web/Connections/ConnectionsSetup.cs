using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce;

namespace SalesInsightActions.Web.Connections;

public static class ConnectionsSetup
{
    /// <summary>The Marketo and Salesforce API clients, with Marketo client secrets and Salesforce tokens stored encrypted.</summary>
    public static WebApplicationBuilder AddConnections(this WebApplicationBuilder builder)
    {
        builder.Services.AddMarketoClient(builder.Configuration);
        builder.Services.AddSalesforceClient(builder.Configuration);
        builder.Services.AddScoped<ISalesforceTokenStore, SalesforceTokenStore>();
        builder.Services.AddScoped<MarketoConnectionStore>();
        return builder;
    }
}
