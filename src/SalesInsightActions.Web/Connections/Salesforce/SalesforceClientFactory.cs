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

    public ISalesforceClient Create(string connectionId) => Create(connectionId, tokenStore);

    public ISalesforceClient Create(SalesforceTokens tokens) => Create("unsaved-" + Guid.NewGuid().ToString("N"), new InMemoryTokenStore(tokens));

    private SalesforceClient Create(string connectionId, ISalesforceTokenStore store) => new(
        httpClientFactory.CreateClient(HttpClientName),
        connectionId,
        store,
        refresher,
        usageTracker,
        options.Value,
        timeProvider,
        loggerFactory.CreateLogger<SalesforceClient>());
}

internal sealed class InMemoryTokenStore(SalesforceTokens tokens) : ISalesforceTokenStore
{
    private SalesforceTokens _tokens = tokens;

    public Task<SalesforceTokens?> GetAsync(string connectionId, CancellationToken cancellationToken = default) => Task.FromResult<SalesforceTokens?>(_tokens);

    public Task SaveAsync(string connectionId, SalesforceTokens tokens, CancellationToken cancellationToken = default)
    {
        _tokens = tokens;
        return Task.CompletedTask;
    }
}
