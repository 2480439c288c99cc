using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Connections.Salesforce;

public static class SalesforceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Salesforce OAuth and REST clients bound to section "Salesforce". The app must also register an
    /// <see cref="ISalesforceTokenStore"/> (tokens persisted per connection).
    /// </summary>
    public static IServiceCollection AddSalesforceClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SalesforceClientOptions>()
            .Bind(configuration.GetSection(SalesforceClientOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SalesforceApiUsageTracker>();
        services.TryAddSingleton<ISalesforceOAuthClient, SalesforceOAuthClient>();
        services.TryAddSingleton<SalesforceSessionRefresher>();
        services.TryAddSingleton<SalesforceOAuthFlow>();
        // Scoped: it reads the token store, which the app may back with a scoped DbContext.
        services.TryAddScoped<ISalesforceClientFactory, SalesforceClientFactory>();
        services.TryAddTransient<SalesforceLimitInfoHandler>();

        foreach (var name in new[] { SalesforceClientFactory.HttpClientName, SalesforceOAuthClient.HttpClientName })
        {
            var client = services.AddHttpClient(name, c => c.Timeout = Timeout.InfiniteTimeSpan);
            client.AddResilienceHandler(SalesforceResilience.PipelineName, (builder, context) =>
                SalesforceResilience.Configure(builder, context.ServiceProvider.GetRequiredService<IOptions<SalesforceClientOptions>>().Value));
            client.AddHttpMessageHandler<SalesforceLimitInfoHandler>();
        }

        return services;
    }
}
