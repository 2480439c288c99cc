using Microsoft.AspNetCore.Routing;

using SalesInsightActions.Simulators.Entra;
using SalesInsightActions.Simulators.Faults;
using SalesInsightActions.Simulators.Marketo;
using SalesInsightActions.Simulators.Salesforce;

namespace SalesInsightActions.Simulators;

public static class SimulatorEndpointRouteBuilderExtensions
{
    /// <summary>Maps every vendor simulator at the root of the (possibly path-based) base URL, plus /_sim control.</summary>
    public static IEndpointRouteBuilder MapVendorSimulators(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSimulatorControl();
        endpoints.MapMarketoSimulator();
        endpoints.MapSalesforceSimulator();
        endpoints.MapEntraSimulator();
        return endpoints;
    }
}
