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
            new UsageCounters(state.Limiter.DailyCount, state.Limiter.InFlight, state.Limiter.Settings, state.Limiter.Refusals), SimulatorJson.Options));
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
        sim.MapPost("/settings", (SettingsControlRequest request, SimulatorOptions options, MarketoActivityFeed feed) =>
        {
            options.Marketo.TokenLifetimeSeconds = request.TokenLifetimeSeconds ?? options.Marketo.TokenLifetimeSeconds;
            options.Marketo.BulkQueuedSeconds = request.BulkQueuedSeconds ?? options.Marketo.BulkQueuedSeconds;
            options.Marketo.BulkProcessingSeconds = request.BulkProcessingSeconds ?? options.Marketo.BulkProcessingSeconds;
            options.Marketo.BulkStatusRefreshSeconds = request.BulkStatusRefreshSeconds ?? options.Marketo.BulkStatusRefreshSeconds;
            options.Marketo.BulkMaxProcessing = request.BulkMaxProcessing ?? options.Marketo.BulkMaxProcessing;
            options.Marketo.BulkMaxQueued = request.BulkMaxQueued ?? options.Marketo.BulkMaxQueued;
            options.Marketo.BulkDailyExportBytes = request.BulkDailyExportBytes ?? options.Marketo.BulkDailyExportBytes;
            options.Marketo.MergedLeadsInDeletedLeads = request.MergedLeadsInDeletedLeads ?? options.Marketo.MergedLeadsInDeletedLeads;
            options.Marketo.DeletedLeadRetentionDays = request.DeletedLeadRetentionDays ?? options.Marketo.DeletedLeadRetentionDays;
            if (request.EmptyActivityPages is { } empty)
            {
                feed.EmptyPagesToServe = empty;
            }
            options.Marketo.UserManagementAccess = request.UserManagementAccess ?? options.Marketo.UserManagementAccess;
            return Results.NoContent();
        });
        MapLeadChanges(sim);
    }

    // Lead changes made "in Marketo" (by a marketer, a form, the CRM sync): each one shows in the feeds.
    private static void MapLeadChanges(RouteGroupBuilder sim)
    {
        sim.MapPost("/leads", (HttpRequest request, Dictionary<string, JsonElement> values, MarketoLeadChanges changes) =>
        {
            if (!TryReadWrites(values, out List<LeadFieldWrite> writes, out string? error))
            {
                return Results.BadRequest(error);
            }
            Person created = changes.Create(writes, request.Query["sourceType"] is { Count: > 0 } source ? source.ToString() : MarketoLeadChanges.ApiSource);
            return Results.Json(LeadView(created), SimulatorJson.Options, statusCode: StatusCodes.Status201Created);
        });
        sim.MapGet("/leads/{id:long}", (long id, SeededDataSet dataSet) =>
            dataSet.FindByMarketoId(id, includeDeleted: true) is { } person ? Results.Json(LeadView(person), SimulatorJson.Options) : Results.NotFound());
        sim.MapMethods("/leads/{id:long}", [HttpMethods.Patch, HttpMethods.Post], (long id, HttpRequest request, Dictionary<string, JsonElement> values, MarketoLeadChanges changes) =>
        {
            if (!TryReadWrites(values, out List<LeadFieldWrite> writes, out string? error))
            {
                return Results.BadRequest(error);
            }
            string reason = request.Query["reason"] is { Count: > 0 } r ? r.ToString() : "Changed in Marketo (simulator)";
            return changes.Change(id, writes, reason) is { } updated ? Results.Json(LeadView(updated), SimulatorJson.Options) : Results.NotFound();
        });
        sim.MapDelete("/leads/{id:long}", (long id, MarketoLeadChanges changes) => changes.Delete(id) ? Results.NoContent() : Results.NotFound());
        sim.MapPost("/leads/merge", (MergeControlRequest request, MarketoLeadChanges changes) =>
            changes.Merge(request.WinnerId, request.LoserIds ?? [], request.MergeInCrm ?? false, out string? error) is { } outcome
                ? Results.Json(outcome, SimulatorJson.Options)
                : Results.BadRequest(error));
        sim.MapPost("/leads/random-changes", (RandomChangesRequest request, MarketoLeadChanges changes) =>
        {
            RandomChangesOutcome outcome = changes.ApplyRandom(request, out string? error);
            return error is null ? Results.Json(outcome, SimulatorJson.Options) : Results.BadRequest(error);
        });
        sim.MapGet("/activity-log", (MarketoActivityLog log) =>
            Results.Json(log.Snapshot().Select(static e => e.Item).ToList(), SimulatorJson.Options));
    }

    private static bool TryReadWrites(Dictionary<string, JsonElement> values, out List<LeadFieldWrite> writes, out string? error)
    {
        writes = [];
        error = null;
        foreach ((string name, JsonElement value) in values)
        {
            if (MarketoLeadFields.Find(name) is not { } field || MarketoLeadFields.ControlWriter(field) is null)
            {
                error = $"Field '{name}' is unknown or cannot be written";
                return false;
            }
            string? text = value.ValueKind == JsonValueKind.Null ? null : value.ToString();
            if (MarketoLeadFields.ControlValueError(field, text) is { } invalid)
            {
                error = invalid;
                return false;
            }
            writes.Add(new LeadFieldWrite(field, text));
        }
        return true;
    }

    /// <summary>Every field, plus what only the simulator knows (deleted, merged into, last field update).</summary>
    private static Dictionary<string, object?> LeadView(Person person)
    {
        Dictionary<string, object?> view = MarketoLeadFields.Project(person, MarketoLeadFields.All);
        view["isDeleted"] = person.IsDeleted;
        view["mergedIntoId"] = person.MergedIntoId;
        view["fieldsUpdatedAt"] = MarketoResults.FormatDateTime(person.FieldsUpdatedAt ?? person.UpdatedAt);
        return view;
    }
}

internal sealed record UsageCounters(int DailyCount, int InFlight, MarketoLimitSettings Limits, MarketoRefusals Refused);

internal sealed record LimitsControlRequest(bool? Enabled, int? CallsPerWindow, int? WindowSeconds, int? MaxConcurrentCalls, int? DailyQuota, int? DailyUsed);

internal sealed record SettingsControlRequest(
    int? TokenLifetimeSeconds,
    double? BulkQueuedSeconds,
    double? BulkProcessingSeconds,
    double? BulkStatusRefreshSeconds,
    int? BulkMaxProcessing,
    int? BulkMaxQueued,
    long? BulkDailyExportBytes,
    bool? MergedLeadsInDeletedLeads,
    int? DeletedLeadRetentionDays,
    int? EmptyActivityPages,
    bool? UserManagementAccess = null);

internal sealed record MergeControlRequest(long WinnerId, IReadOnlyList<long>? LoserIds, bool? MergeInCrm);
