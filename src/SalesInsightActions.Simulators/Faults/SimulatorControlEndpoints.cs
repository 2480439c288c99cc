using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using SalesInsightActions.Simulators.DataSet;
using SalesInsightActions.Simulators.Entra;
using SalesInsightActions.Simulators.Marketo;
using SalesInsightActions.Simulators.Salesforce;

namespace SalesInsightActions.Simulators.Faults;

/// <summary>Vendor-neutral test-control endpoints: /_sim/reset (every vendor) and /_sim/faults.</summary>
internal static class SimulatorControlEndpoints
{
    public static void MapSimulatorControl(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder sim = endpoints.MapGroup("/_sim");
        sim.MapPost("/reset", (SeededDataSet dataSet, FaultInjector faults, MarketoState marketo, IServiceProvider services) =>
        {
            dataSet.Reset();
            faults.Reset();
            marketo.Reset();
            // The other vendors keep their own state; reset them too when they are mounted.
            services.GetService<SalesforceSimulatorState>()?.Reset();
            services.GetService<EntraAuthorizationState>()?.Reset();
            return Results.NoContent();
        });
        sim.MapGet("/faults", (FaultInjector faults) => Results.Json(faults.Current, SimulatorJson.Options));
        sim.MapPost("/faults", (FaultControlRequest request, FaultInjector faults) =>
        {
            FaultOptions next = faults.Current;
            next.ServerErrorRate = request.ServerErrorRate ?? next.ServerErrorRate;
            next.ServerErrorStatus = request.ServerErrorStatus ?? next.ServerErrorStatus;
            next.MarketoErrorRate = request.MarketoErrorRate ?? next.MarketoErrorRate;
            next.MarketoErrorCode = request.MarketoErrorCode ?? next.MarketoErrorCode;
            next.MarketoErrorCodes = request.MarketoErrorCodes ?? next.MarketoErrorCodes;
            next.LostWriteAnswerRate = request.LostWriteAnswerRate ?? next.LostWriteAnswerRate;
            next.ResponseDelayMilliseconds = request.ResponseDelayMilliseconds ?? next.ResponseDelayMilliseconds;
            next.RandomSeed = request.RandomSeed ?? next.RandomSeed;
            faults.Apply(next);
            faults.ScriptMarketoErrors(request.NextMarketoErrors ?? []);
            faults.ScriptHttpStatuses(request.NextHttpStatuses ?? []);
            faults.ScriptApplyThenTimeOut(request.ApplyThenTimeOutWrites ?? 0);
            faults.ScriptApplyThenTimeOut(request.ApplyThenTimeOutMarketoWrites ?? 0, request.ApplyThenTimeOutSalesforceWrites ?? 0);
            return Results.Json(faults.Current, SimulatorJson.Options);
        });
    }
}

/// <summary>Body of POST /_sim/faults: every member optional; unset members keep their value.</summary>
internal sealed record FaultControlRequest(
    double? ServerErrorRate,
    int? ServerErrorStatus,
    double? MarketoErrorRate,
    string[]? MarketoErrorCodes,
    double? LostWriteAnswerRate,
    string? MarketoErrorCode,
    int? ResponseDelayMilliseconds,
    int? RandomSeed,
    IReadOnlyList<string>? NextMarketoErrors,
    IReadOnlyList<int>? NextHttpStatuses,
    int? ApplyThenTimeOutWrites = null,
    int? ApplyThenTimeOutMarketoWrites = null,
    int? ApplyThenTimeOutSalesforceWrites = null);
