using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using SalesInsightActions.Simulators.DataSet;
using SalesInsightActions.Simulators.Faults;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>Custom ("external") activity types and adding custom activities.</summary>
internal static class MarketoCustomActivityEndpoints
{
    public static void MapMarketoCustomActivities(this RouteGroupBuilder rest)
    {
        rest.MapGet("/rest/v1/activities/external/types.json", (MarketoCustomActivityStore store) =>
            MarketoResults.Success([.. store.Types.Select(ToWire)]));
        // Documented paths: list is plural "types.json", create is singular "type.json".
        rest.MapPost("/rest/v1/activities/external/type.json", CreateTypeAsync);
        rest.MapPost("/rest/v1/activities/external/type/{apiName}/attributes/create.json", AddAttributesAsync);
        rest.MapPost("/rest/v1/activities/external/type/{apiName}/approve.json", (string apiName, MarketoCustomActivityStore store, TimeProvider time) =>
            store.TryApprove(apiName, time.GetUtcNow(), out string? error) is { } approved
                ? MarketoResults.Success([ToWire(approved)])
                : MarketoResults.Error(MarketoErrorCodes.InvalidValue, error));
        rest.MapPost("/rest/v1/activities/external.json", AddActivitiesAsync);
    }

    private static async Task<IResult> CreateTypeAsync(HttpRequest request, MarketoCustomActivityStore store, TimeProvider time)
    {
        JsonBody<CreateTypeRequest> read = await JsonBodyReader.ReadAsync<CreateTypeRequest>(request, SimulatorJson.Options);
        if (read.Error is not null)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidJson);
        }
        CreateTypeRequest? body = read.Value;
        if (body?.ApiName is not { Length: > 0 } apiName || body.Name is not { Length: > 0 } name
            || body.TriggerName is not { Length: > 0 } trigger || body.FilterName is not { Length: > 0 } filter
            || body.PrimaryAttribute is not { ApiName: { Length: > 0 } primaryApiName, Name: { Length: > 0 } primaryName } primary)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "apiName, name, triggerName, filterName and primaryAttribute (apiName, name) are required");
        }
        CustomActivityType draft = new(
            0, apiName, name, body.Description, trigger, filter,
            new CustomActivityAttribute(primaryApiName, primaryName, primary.DataType ?? "string", primary.Description, true),
            [], "draft", default, default);
        return store.TryCreate(draft, time.GetUtcNow(), out string? error) is { } created
            ? MarketoResults.Success([ToWire(created)])
            : MarketoResults.Error(MarketoErrorCodes.InvalidValue, error);
    }

    private static async Task<IResult> AddAttributesAsync(string apiName, HttpRequest request, MarketoCustomActivityStore store, TimeProvider time)
    {
        JsonBody<AttributesRequest> read = await JsonBodyReader.ReadAsync<AttributesRequest>(request, SimulatorJson.Options);
        if (read.Error is not null)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidJson);
        }
        AttributesRequest? body = read.Value;
        if (body?.Attributes is not { Count: > 0 } attributes || attributes.Any(static a => string.IsNullOrEmpty(a.ApiName) || string.IsNullOrEmpty(a.Name)))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "attribute list with apiName and name is required");
        }
        List<CustomActivityAttribute> added = [.. attributes.Select(static a => new CustomActivityAttribute(a.ApiName!, a.Name!, a.DataType ?? "string", a.Description, false))];
        return store.TryAddAttributes(apiName, added, time.GetUtcNow(), out string? error) is { } changed
            ? MarketoResults.Success([ToWire(changed)])
            : MarketoResults.Error(MarketoErrorCodes.InvalidValue, error);
    }

    private static async Task<IResult> AddActivitiesAsync(HttpRequest request, MarketoCustomActivityStore store, SeededDataSet dataSet, MarketoActivityLog log, FaultInjector faults)
    {
        JsonBody<AddActivitiesRequest> read = await JsonBodyReader.ReadAsync<AddActivitiesRequest>(request, SimulatorJson.Options);
        if (read.Error is not null)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidJson);
        }
        if (MarketoResults.BatchInputError(read.Value?.Input) is { } invalid)
        {
            return invalid;
        }
        AddActivitiesRequest body = read.Value!;
        IReadOnlyList<ActivityInput> input = body.Input!;
        List<object> results = [.. input.Select(item => AddOne(item, store, dataSet, log))];
        return LostAnswer.Drop(faults, request.HttpContext) ? Results.Empty : MarketoResults.Success(results);
    }

    private static object AddOne(ActivityInput item, MarketoCustomActivityStore store, SeededDataSet dataSet, MarketoActivityLog log)
    {
        if (item.LeadId is not { } leadId || dataSet.FindByMarketoId(leadId) is null)
        {
            return Skipped(MarketoErrorCodes.LeadNotFound, $"Lead '{item.LeadId}' not found");
        }
        if (item.ActivityTypeId is not { } typeId || store.FindApproved(typeId) is not { } type)
        {
            return Skipped(MarketoErrorCodes.InvalidValue, $"Activity type '{item.ActivityTypeId}' not found or not approved");
        }
        if (item.ActivityDate is not { } date)
        {
            return Skipped(MarketoErrorCodes.InvalidValue, "activityDate is required");
        }
        if (string.IsNullOrEmpty(item.PrimaryAttributeValue))
        {
            return Skipped(MarketoErrorCodes.InvalidValue, "primaryAttributeValue is required");
        }
        Dictionary<string, string?> attributes = new(StringComparer.Ordinal);
        foreach (ActivityInputAttribute attribute in item.Attributes ?? [])
        {
            string? key = attribute.ApiName ?? attribute.Name;
            CustomActivityAttribute? known = type.Attributes.FirstOrDefault(a => a.ApiName == key || a.Name == key);
            if (known is null)
            {
                return Skipped(MarketoErrorCodes.InvalidValue, $"Attribute '{key}' not found on activity type '{type.ApiName}'");
            }
            attributes[known.ApiName] = attribute.Value.ValueKind == JsonValueKind.Null ? null : attribute.Value.ToString();
        }
        // Into the feed like any other activity: Get Lead Activities returns it under its type id.
        LoggedActivity logged = log.Append(date, (id, activityDate) => new LoggedActivity(
            new ActivityItem(
                id,
                id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                leadId,
                activityDate,
                typeId,
                null,
                null,
                item.PrimaryAttributeValue,
                [.. type.Attributes
                    .Where(a => attributes.ContainsKey(a.ApiName))
                    .Select(a => new ActivityAttribute(a.Name, attributes[a.ApiName]))]),
            0));
        RecordedActivity recorded = store.Record(new RecordedActivity(
            logged.Item.Id, logged.Item.MarketoGUID, leadId, date, typeId, type.ApiName, item.PrimaryAttributeValue!, attributes));
        return new AddedActivity(recorded.Id, recorded.MarketoGuid, "added");
    }

    private static SkippedActivity Skipped(string code, string message) => new("skipped", [new MarketoError(code, message)]);

    private static object ToWire(CustomActivityType type)
    {
        return new CustomTypeWire(
            type.Id, type.ApiName, type.Name, type.Description, type.TriggerName, type.FilterName,
            MarketoResults.FormatDateTime(type.CreatedAt), MarketoResults.FormatDateTime(type.UpdatedAt),
            type.PrimaryAttribute, type.Attributes, type.Status);
    }
}

internal sealed record AttributeInput(string? ApiName, string? Name, string? DataType, string? Description);

/// <summary>Body of POST external/type.json: the primary attribute is a nested object, as in Adobe's reference.</summary>
internal sealed record CreateTypeRequest(string? ApiName, string? Name, string? Description, string? TriggerName, string? FilterName, AttributeInput? PrimaryAttribute);

internal sealed record AttributesRequest(IReadOnlyList<AttributeInput>? Attributes);

internal sealed record ActivityInputAttribute(string? ApiName, string? Name, JsonElement Value);

internal sealed record ActivityInput(long? LeadId, DateTimeOffset? ActivityDate, int? ActivityTypeId, string? PrimaryAttributeValue, IReadOnlyList<ActivityInputAttribute>? Attributes);

internal sealed record AddActivitiesRequest(IReadOnlyList<ActivityInput>? Input);

internal sealed record AddedActivity(long Id, string MarketoGUID, string Status);

internal sealed record SkippedActivity(string Status, IReadOnlyList<MarketoError> Errors);

internal sealed record CustomTypeWire(
    int Id, string ApiName, string Name, string? Description, string TriggerName, string FilterName,
    string CreatedAt, string UpdatedAt, CustomActivityAttribute PrimaryAttribute, IReadOnlyList<CustomActivityAttribute> Attributes, string Status);
