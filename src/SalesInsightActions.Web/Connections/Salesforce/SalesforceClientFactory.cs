using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Connections.Salesforce;

internal sealed class SalesforceClientFactory(
    IHttpClientFactory httpClientFactory,
    ISalesforceTokenStore tokenStore,
    SalesforceSessionRefresher refresher,
    SalesforceApiUsageTracker usageTracker,
    IOptions<SalesforceClientOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : ISalesforceClientFactory
{
    internal const string HttpClientName = "Salesforce";

    public ISalesforceClient Create(string connectionId) => new SalesforceClient(
        httpClientFactory.CreateClient(HttpClientName),
        connectionId,
        tokenStore,
        refresher,
        usageTracker,
        options.Value,
        timeProvider,
        loggerFactory.CreateLogger<SalesforceClient>());
}
