using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>Test control for Marketo under /_sim/marketo (no auth, no limits).</summary>
internal static class MarketoControlEndpoints
{
    public static void MapMarketoControl(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder sim = endpoints.MapGroup("/_sim/marketo");
        sim.MapGet("/activities", (MarketoState state) => Results.Json(state.Activities.RecordedActivities, SimulatorJson.Options));
        sim.MapGet("/usage", (MarketoState state) => Results.Json(
            new UsageCounters(state.Limiter.DailyCount, state.Limiter.InFlight, state.Limiter.Settings), SimulatorJson.Options));
        sim.MapPost("/limits", (LimitsControlRequest request, MarketoState state) =>
        {
            MarketoLimitSettings current = state.Limiter.Settings;
            state.Limiter.Settings = new MarketoLimitSettings(
                request.Enabled ?? current.Enabled,
                request.CallsPerWindow ?? current.CallsPerWindow,
                request.WindowSeconds ?? current.WindowSeconds,
                request.MaxConcurrentCalls ?? current.MaxConcurrentCalls,
                request.DailyQuota ?? current.DailyQuota);
            if (request.DailyUsed is { } used)
            {
                state.Limiter.SetDailyCount(used);
            }
            return Results.Json(state.Limiter.Settings, SimulatorJson.Options);
        });
        sim.MapPost("/tokens/expire", (MarketoState state) =>
        {
            state.ExpireAllTokens();
            return Results.NoContent();
        });
        sim.MapPost("/settings", (SettingsControlRequest request, SimulatorOptions options) =>
        {
            options.Marketo.TokenLifetimeSeconds = request.TokenLifetimeSeconds ?? options.Marketo.TokenLifetimeSeconds;
            options.Marketo.BulkQueuedSeconds = request.BulkQueuedSeconds ?? options.Marketo.BulkQueuedSeconds;
            options.Marketo.BulkProcessingSeconds = request.BulkProcessingSeconds ?? options.Marketo.BulkProcessingSeconds;
            options.Marketo.UserManagementAccess = request.UserManagementAccess ?? options.Marketo.UserManagementAccess;
            return Results.NoContent();
        });
        sim.MapMethods("/leads/{id:long}", [HttpMethods.Patch, HttpMethods.Post], (long id, Dictionary<string, JsonElement> changes, SeededDataSet dataSet) =>
        {
            foreach (string name in changes.Keys)
            {
                if (MarketoLeadFields.Find(name) is not { Write: not null })
                {
                    return Results.BadRequest($"Field '{name}' is unknown or read-only");
                }
            }
            bool found = dataSet.TryUpdate(id, person =>
            {
                foreach ((string name, JsonElement value) in changes)
                {
                    person = MarketoLeadFields.Find(name)!.Write!(person, value.ValueKind == JsonValueKind.Null ? null : value.ToString());
                }
                return person;
            }, out Person? updated);
            return found ? Results.Json(MarketoLeadFields.Project(updated!, MarketoLeadFields.All), SimulatorJson.Options) : Results.NotFound();
        });
        sim.MapDelete("/leads/{id:long}", (long id, SeededDataSet dataSet) => dataSet.TryDelete(id) ? Results.NoContent() : Results.NotFound());
    }
}

internal sealed record UsageCounters(int DailyCount, int InFlight, MarketoLimitSettings Limits);

internal sealed record LimitsControlRequest(bool? Enabled, int? CallsPerWindow, int? WindowSeconds, int? MaxConcurrentCalls, int? DailyQuota, int? DailyUsed);

internal sealed record SettingsControlRequest(int? TokenLifetimeSeconds, double? BulkQueuedSeconds, double? BulkProcessingSeconds, bool? UserManagementAccess = null);
