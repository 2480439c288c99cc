using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Connections.Marketo;

internal sealed class MarketoClientFactory(
    IHttpClientFactory httpClientFactory,
    MarketoTokenCache tokenCache,
    MarketoLimiterRegistry limiters,
    TimeProvider timeProvider,
    IOptions<MarketoClientOptions> options,
    ILoggerFactory loggerFactory) : IMarketoClientFactory
{
    internal const string HttpClientName = "Marketo";

    public IMarketoClient Create(MarketoConnection connection) => Build(connection, failFast: false);

    public IMarketoClient CreateForCredentialCheck(MarketoConnection connection) => Build(connection, failFast: true);

    private MarketoClient Build(MarketoConnection connection, bool failFast) => new(
        httpClientFactory.CreateClient(HttpClientName),
        connection,
        tokenCache,
        limiters.For(connection),
        timeProvider,
        options.Value,
        loggerFactory.CreateLogger<MarketoClient>(),
        failFast);
}
