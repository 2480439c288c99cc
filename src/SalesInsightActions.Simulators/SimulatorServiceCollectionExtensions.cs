using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using SalesInsightActions.Simulators.DataSet;
using SalesInsightActions.Simulators.Entra;
using SalesInsightActions.Simulators.Faults;
using SalesInsightActions.Simulators.Marketo;
using SalesInsightActions.Simulators.Salesforce;

namespace SalesInsightActions.Simulators;

public static class SimulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the simulators' singletons from the "Simulators" configuration section;
    /// <paramref name="configure"/> runs after binding (tests use it to override knobs).
    /// </summary>
    public static IServiceCollection AddVendorSimulators(this IServiceCollection services, IConfiguration simulatorsSection, Action<SimulatorOptions>? configure = null)
    {
        SimulatorOptions options = new();
        simulatorsSection.Bind(options);
        configure?.Invoke(options);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.DataSet);
        services.AddSingleton<SeededDataSet>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<MarketoLimiter>();
        services.AddSingleton<MarketoTokenStore>();
        services.AddSingleton<MarketoCustomActivityStore>();
        services.AddSingleton<MarketoBulkExportStore>();
        services.AddSingleton<MarketoActivityTimeline>();
        services.AddSingleton<MarketoActivityLog>();
        services.AddSingleton<MarketoActivityFeed>();
        services.AddSingleton<MarketoLeadChanges>();
        services.AddSingleton<MarketoRequestGate>();
        services.AddSingleton(sp => new MarketoState(
            sp.GetRequiredService<MarketoTokenStore>(),
            sp.GetRequiredService<MarketoLimiter>(),
            sp.GetRequiredService<MarketoCustomActivityStore>(),
            sp.GetRequiredService<MarketoBulkExportStore>(),
            sp.GetRequiredService<MarketoActivityLog>(),
            sp.GetRequiredService<MarketoActivityFeed>()));
        services.AddSalesforceSimulator(options);
        services.AddEntraSimulator(options);
        return services;
    }
}
