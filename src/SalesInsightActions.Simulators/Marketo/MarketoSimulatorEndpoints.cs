using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>Maps the whole Marketo simulator: identity, REST, bulk, user management, control.</summary>
public static class MarketoSimulatorEndpoints
{
    public static IEndpointRouteBuilder MapMarketoSimulator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMarketoIdentity();
        RouteGroupBuilder api = endpoints.MapGroup("");
        api.AddEndpointFilter<MarketoRequestGate>();
        api.MapMarketoLeads();
        api.MapMarketoActivities();
        api.MapMarketoCustomActivities();
        api.MapMarketoBulkExport();
        api.MapMarketoUsage();
        api.MapMarketoUserManagement();
        endpoints.MapMarketoControl();
        return endpoints;
    }
}
