using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SalesInsightActions.Simulators.DataSet;
using SalesInsightActions.Simulators.Salesforce.Bulk;
using SalesInsightActions.Simulators.Salesforce.Describe;
using SalesInsightActions.Simulators.Salesforce.OAuth;
using SalesInsightActions.Simulators.Salesforce.Query;
using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Rest;
using SalesInsightActions.Simulators.Salesforce.Tasks;

namespace SalesInsightActions.Simulators.Salesforce;

/// <summary>Registration and mounting of the Salesforce simulator.</summary>
public static class SalesforceSimulatorExtensions
{
    /// <summary>
    /// Registers the simulator's singletons. Settings come from <paramref name="options"/> when given,
    /// otherwise from the common <see cref="SimulatorOptions"/>' Salesforce section (defaults if neither).
    /// The shared <see cref="SeededDataSet"/> is used when registered, else one is built from SimulatorOptions.DataSet.
    /// </summary>
    public static IServiceCollection AddSalesforceSimulator(this IServiceCollection services, SalesforceSimulatorOptions? options = null)
    {
        if (options is not null)
        {
            services.AddSingleton(options);
        }
        services.TryAddSingleton(FromCommonOptions);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SeededDataSet(CommonOptions(sp)?.DataSet ?? new DataSetOptions(), sp.GetRequiredService<TimeProvider>()));
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
        TaskEndpoints.Map(rest);
        BulkQueryEndpoints.Map(rest);

        SalesforceControlEndpoints.Map(endpoints);
        return endpoints;
    }

    private static SimulatorOptions? CommonOptions(IServiceProvider services) =>
        services.GetService<SimulatorOptions>() ?? services.GetService<IOptions<SimulatorOptions>>()?.Value;

    private static SalesforceSimulatorOptions FromCommonOptions(IServiceProvider services)
    {
        SimulatorOptions? common = CommonOptions(services);
        if (common is null)
        {
            return new SalesforceSimulatorOptions();
        }
        // The common section may carry this very type or a subset with the same property names.
        object section = common.Salesforce;
        if (section is SalesforceSimulatorOptions own)
        {
            return own;
        }
        var source = common.Salesforce;
        return new SalesforceSimulatorOptions
        {
            ClientId = source.ClientId,
            ClientSecret = source.ClientSecret,
            OrgId = source.OrgId,
            UserPassword = source.UserPassword,
            SessionTimeoutSeconds = source.SessionTimeoutSeconds,
            DailyApiRequestLimit = source.DailyApiRequestLimit,
        };
    }
}
