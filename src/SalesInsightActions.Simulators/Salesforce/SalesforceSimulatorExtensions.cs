using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesInsightActions.Simulators.Salesforce.Bulk;
using SalesInsightActions.Simulators.Salesforce.Describe;
using SalesInsightActions.Simulators.Salesforce.OAuth;
using SalesInsightActions.Simulators.Salesforce.Query;
using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Rest;
using SalesInsightActions.Simulators.Salesforce.Setup;
using SalesInsightActions.Simulators.Salesforce.Tasks;

namespace SalesInsightActions.Simulators.Salesforce;

/// <summary>Registration and mounting of the Salesforce simulator.</summary>
public static class SalesforceSimulatorExtensions
{
    /// <summary>Registers the simulator's singletons; settings are the common <see cref="SimulatorOptions.Salesforce"/>.</summary>
    internal static IServiceCollection AddSalesforceSimulator(this IServiceCollection services, SimulatorOptions options)
    {
        services.AddSingleton(options.Salesforce);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SalesforceUserDirectory>();
        services.TryAddSingleton<SalesforceOAuthState>();
        services.TryAddSingleton<SalesforceRecordStore>();
        services.TryAddSingleton<SalesforceApiUsage>();
        services.TryAddSingleton(sp => new QueryCursorStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new BulkQueryJobStore(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SalesforceSimulatorOptions>()));
        services.TryAddSingleton<QueryExecutor>();
        services.TryAddSingleton<TaskValidator>();
        services.TryAddSingleton(sp => new SalesforceSimulatorState(
            sp.GetRequiredService<SalesforceSimulatorOptions>(),
            sp.GetRequiredService<SalesforceUserDirectory>(),
            sp.GetRequiredService<SalesforceOAuthState>(),
            sp.GetRequiredService<SalesforceRecordStore>(),
            sp.GetRequiredService<SalesforceApiUsage>(),
            sp.GetRequiredService<QueryCursorStore>(),
            sp.GetRequiredService<BulkQueryJobStore>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Maps /services/oauth2/…, /id/{org}/{user}, /services/data/… and /_sim/salesforce/… at the root of
    /// the (possibly path-based) base URL.
    /// </summary>
    public static IEndpointRouteBuilder MapSalesforceSimulator(this IEndpointRouteBuilder endpoints)
    {
        SalesforceAuthorizeEndpoints.Map(endpoints);
        SalesforceTokenEndpoints.Map(endpoints);
        SalesforceIdentityEndpoint.Map(endpoints);
        VersionAndLimitsEndpoints.MapVersions(endpoints);

        RouteGroupBuilder rest = endpoints.MapGroup("/services/data/v{version}");
        rest.AddEndpointFilter<SalesforceRestFilter>();
        rest.DisableAntiforgery();
        VersionAndLimitsEndpoints.Map(rest);
        QueryEndpoints.Map(rest);
        DescribeEndpoints.Map(rest);
        ToolingQueryEndpoints.Map(rest);
        TaskEndpoints.Map(rest);
        Records.RecordUpdateEndpoints.Map(rest);
        BulkQueryEndpoints.Map(rest);

        SalesforceControlEndpoints.Map(endpoints);
        return endpoints;
    }
}
