using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Connections.Marketo;

public static class MarketoServiceCollectionExtensions
{
    /// <summary>Registers the Marketo client factory, its shared token cache and per-subscription limiters, bound to section "Marketo".</summary>
    public static IServiceCollection AddMarketoClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarketoClientOptions>()
            .Bind(configuration.GetSection(MarketoClientOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MarketoQuotaClock>();
        services.TryAddSingleton<MarketoLimiterRegistry>();
        services.TryAddSingleton<MarketoTokenCache>();
        services.TryAddSingleton<IMarketoClientFactory, MarketoClientFactory>();
        services.TryAddTransient<MarketoAuthHandler>();
        services.TryAddTransient<MarketoEnvelopeHandler>();

        // Identity calls bypass the limiter (they do not count against Marketo's limits) and the envelope handler.
        // Its URI carries the client secret (Marketo's documented GET form), so the default request logging is removed.
        services.AddHttpClient(MarketoTokenCache.IdentityClientName, (sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptions<MarketoClientOptions>>().Value.AttemptTimeout)
            .ConfigurePrimaryHttpMessageHandler(ShortConnectTimeout)
            .RemoveAllLoggers();

        var rest = services.AddHttpClient(MarketoClientFactory.HttpClientName, client =>
        {
            // Attempts are timed by the pipeline; bulk downloads may legitimately stream for a long time.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        rest.ConfigurePrimaryHttpMessageHandler(ShortConnectTimeout);

        // Handlers run outer to inner in the order added: pipeline (retry → limiter → timeout), then token, then envelope peek.
        rest.AddResilienceHandler(MarketoResilience.PipelineName, (builder, context) =>
            MarketoResilience.Configure(builder, context.ServiceProvider, context.ServiceProvider.GetRequiredService<IOptions<MarketoClientOptions>>().Value));
        rest.AddHttpMessageHandler<MarketoAuthHandler>();
        rest.AddHttpMessageHandler<MarketoEnvelopeHandler>();

        return services;
    }

    private static HttpMessageHandler ShortConnectTimeout(IServiceProvider services) =>
        new SocketsHttpHandler { ConnectTimeout = services.GetRequiredService<IOptions<MarketoClientOptions>>().Value.ConnectTimeout };
}
