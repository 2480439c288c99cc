using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using SalesInsightActions.Simulators.Faults;
using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Rest;
using SalesInsightActions.Simulators.Salesforce.Schema;

namespace SalesInsightActions.Simulators.Salesforce.Tasks;

/// <summary>
/// POST sobjects/Task (201 {id, success, errors}), GET sobjects/{Obj}/{id}, PATCH and DELETE sobjects/Task/{id},
/// POST composite/sobjects (≤ 200 records, allOrNone rolls back everything on any failure), and PATCH
/// composite/sobjects/{Object}/{ExternalIdField} (upsert by an External ID field, API v46+).
/// Only Task is writable in the simulator.
/// </summary>
internal static class TaskEndpoints
{
    private const int MaxCollectionSize = 200;

    public static void Map(RouteGroupBuilder rest)
    {
        rest.MapPost("/sobjects/{objectName}", async (string objectName, HttpContext context, SalesforceSimulatorState simulator, TaskValidator validator, FaultInjector faults, ILogger<TaskValidator> logger) =>
        {
            if (SalesforceSchema.Find(objectName) is not { } type)
            {
                return SalesforceErrors.Single(StatusCodes.Status404NotFound, "NOT_FOUND", "The requested resource does not exist");
            }
            if (type != SalesforceSchema.Task)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INSUFFICIENT_ACCESS_OR_READONLY", $"The simulator only creates Task records, not {type.Name}.");
            }
            JsonBody<JsonElement> read = await JsonBodyReader.ReadAsync<JsonElement>(context.Request);
            if (read.Error is not null)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", read.Error);
            }
            JsonElement body = read.Value;
            try
            {
                (Dictionary<string, object?> fields, List<SaveError> errors) = validator.ValidateInsert(body, SalesforceRestFilter.Grant(context).User.Id);
                if (errors.Count > 0)
                {
                    return SalesforceJson.Result(errors.Select(e => SalesforceErrors.Error(e.Code, e.Message, e.Fields)).ToList(), statusCode: StatusCodes.Status400BadRequest);
                }
                SObjectRecord created = simulator.Records.InsertTask(fields, SalesforceRestFilter.Grant(context).User.Id);
                logger.LogInformation("Salesforce simulator created Task {TaskId} for {WhoId}", created.Id, created["WhoId"]);
                if (LostAnswer.Drop(faults, context))
                {
                    return Results.Empty;
                }
                return SalesforceJson.Result(new Dictionary<string, object> { ["id"] = created.Id, ["success"] = true, ["errors"] = Array.Empty<object>() }, statusCode: StatusCodes.Status201Created);
            }
            catch (TaskJsonException error)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", error.Message);
            }
        });

        rest.MapGet("/sobjects/{objectName}/{id}", (string objectName, string id, HttpContext context, SalesforceSimulatorState simulator, string? fields) =>
        {
            SObjectType? type = SalesforceSchema.Find(objectName);
            SObjectRecord? record = type is null ? null : simulator.Records.Find(id);
            if (type is null || record is null || record.Type != type)
            {
                return SalesforceErrors.NotFound();
            }
            IEnumerable<SObjectField> selected = fields is null
                ? type.Fields
                : fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => type.FindField(f)).OfType<SObjectField>();
            string version = SalesforceRestFilter.ApiVersion(context);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("attributes");
                writer.WriteString("type", type.Name);
                writer.WriteString("url", SalesforceUrls.SObject(version, type.Name, record.Id));
                writer.WriteEndObject();
                foreach (SObjectField field in selected)
                {
                    writer.WritePropertyName(field.Name);
                    SalesforceValueFormat.Write(writer, record[field.Name]);
                }
                writer.WriteEndObject();
            }
            return Results.Bytes(buffer.ToArray(), "application/json;charset=UTF-8");
        });

        rest.MapMethods("/sobjects/Task/{id}", ["PATCH"], async (string id, HttpContext context, SalesforceSimulatorState simulator, TaskValidator validator) =>
        {
            if (simulator.Records.Find(id) is not { } existing || existing.Type != SalesforceSchema.Task)
            {
                return SalesforceErrors.NotFound();
            }
            try
            {
                JsonElement body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
                (Dictionary<string, object?> fields, List<SaveError> errors) = validator.ValidateUpdate(body);
                if (errors.Count > 0)
                {
                    return SalesforceJson.Result(errors.Select(e => SalesforceErrors.Error(e.Code, e.Message, e.Fields)).ToList(), StatusCodes.Status400BadRequest);
                }
                if (fields.TryGetValue("Status", out object? status))
                {
                    fields["IsClosed"] = status as string == "Completed";
                }
                simulator.Records.Update(existing.Id, fields);
                return Results.NoContent();
            }
            catch (Exception error) when (error is JsonException or TaskJsonException)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", error.Message);
            }
        });

        rest.MapDelete("/sobjects/Task/{id}", (string id, SalesforceSimulatorState simulator) =>
            simulator.Records.Find(id) is { } record && record.Type == SalesforceSchema.Task && simulator.Records.Delete(record.Id)
                ? Results.NoContent()
                : SalesforceErrors.Single(StatusCodes.Status404NotFound, "ENTITY_IS_DELETED", "entity is deleted"));

        rest.MapPost("/composite/sobjects", async (HttpContext context, SalesforceSimulatorState simulator, TaskValidator validator, FaultInjector faults) =>
        {
            JsonBody<JsonElement> read = await JsonBodyReader.ReadAsync<JsonElement>(context.Request);
            if (read.Error is not null)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", read.Error);
            }
            JsonElement body = read.Value;
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("records", out JsonElement recordsElement) || recordsElement.ValueKind != JsonValueKind.Array)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALID_FIELD", "The request body must contain a records array.");
            }
            bool allOrNone = body.TryGetProperty("allOrNone", out JsonElement flag) && flag.ValueKind == JsonValueKind.True;
            if (recordsElement.GetArrayLength() > MaxCollectionSize)
            {
                // Unconfirmed wording; the 200-record limit itself is documented.
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "EXCEEDED_ID_LIMIT", $"Number of records exceeds the maximum of {MaxCollectionSize}.");
            }
            string userId = SalesforceRestFilter.Grant(context).User.Id;
            var outcomes = new List<(Dictionary<string, object?>? Fields, List<SaveError> Errors)>();
            try
            {
                foreach (JsonElement item in recordsElement.EnumerateArray())
                {
                    outcomes.Add(ValidateCollectionItem(item, validator, userId));
                }
            }
            catch (TaskJsonException error)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", error.Message);
            }
            bool anyFailed = outcomes.Any(o => o.Errors.Count > 0);
            var results = new List<Dictionary<string, object?>>();
            foreach ((Dictionary<string, object?>? fields, List<SaveError> errors) in outcomes)
            {
                if (errors.Count > 0)
                {
                    results.Add(Failure(errors));
                }
                else if (allOrNone && anyFailed)
                {
                    results.Add(Failure([new("ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back because not all records were valid and the request was using AllOrNone header", [])]));
                }
                else
                {
                    SObjectRecord created = simulator.Records.InsertTask(fields!, userId);
                    results.Add(new Dictionary<string, object?> { ["id"] = created.Id, ["success"] = true, ["errors"] = Array.Empty<object>() });
                }
            }
            return LostAnswer.Drop(faults, context) ? Results.Empty : SalesforceJson.Result(results);
        });

        rest.MapMethods("/composite/sobjects/{objectName}/{externalIdField}", ["PATCH"], UpsertCollectionAsync);
    }

    /// <summary>
    /// Upsert by External ID: each record carries the field's value; a Task with that value is updated (created:false),
    /// otherwise one is created (created:true). A value twice in one request fails both records (DUPLICATE_EXTERNAL_ID).
    /// </summary>
    private static async Task<IResult> UpsertCollectionAsync(
        string objectName, string externalIdField, HttpContext context, SalesforceSimulatorState simulator, TaskValidator validator, FaultInjector faults)
    {
        SObjectType? type = SalesforceSchema.Find(objectName);
        if (type is null)
        {
            return SalesforceErrors.Single(StatusCodes.Status404NotFound, "NOT_FOUND", "The requested resource does not exist");
        }
        if (type.FindField(externalIdField) is not { ExternalId: true } keyField)
        {
            return SalesforceErrors.Single(StatusCodes.Status404NotFound, "NOT_FOUND", $"Provided external ID field does not exist or is not accessible: {externalIdField}");
        }
        JsonBody<JsonElement> read = await JsonBodyReader.ReadAsync<JsonElement>(context.Request);
        if (read.Error is not null)
        {
            return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", read.Error);
        }
        JsonElement body = read.Value;
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("records", out JsonElement recordsElement) || recordsElement.ValueKind != JsonValueKind.Array)
        {
            return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALID_FIELD", "The request body must contain a records array.");
        }
        if (recordsElement.GetArrayLength() > MaxCollectionSize)
        {
            return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "EXCEEDED_ID_LIMIT", $"Number of records exceeds the maximum of {MaxCollectionSize}.");
        }
        bool allOrNone = body.TryGetProperty("allOrNone", out JsonElement flag) && flag.ValueKind == JsonValueKind.True;
        string userId = SalesforceRestFilter.Grant(context).User.Id;
        List<JsonElement> items = [.. recordsElement.EnumerateArray()];
        List<string?> keys = [.. items.Select(item => item.ValueKind == JsonValueKind.Object
            && item.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, keyField.Name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } key
            ? key.Value.GetString() : null)];
        var results = new List<Dictionary<string, object?>>();
        lock (simulator.Records.TaskWriteLock)
        {
            var outcomes = new List<(Dictionary<string, object?>? Fields, SObjectRecord? Existing, List<SaveError> Errors)>();
            try
            {
                for (int i = 0; i < items.Count; i++)
                {
                    outcomes.Add(ValidateUpsertItem(items[i], keys[i], keys, type, keyField, simulator, validator, userId));
                }
            }
            catch (TaskJsonException error)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", error.Message);
            }
            bool anyFailed = outcomes.Any(o => o.Errors.Count > 0);
            foreach ((Dictionary<string, object?>? fields, SObjectRecord? existing, List<SaveError> errors) in outcomes)
            {
                if (errors.Count > 0)
                {
                    results.Add(Failure(errors));
                }
                else if (allOrNone && anyFailed)
                {
                    results.Add(Failure([new("ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back because not all records were valid and the request was using AllOrNone header", [])]));
                }
                else if (existing is not null)
                {
                    simulator.Records.Update(existing.Id, fields!);
                    results.Add(new Dictionary<string, object?> { ["id"] = existing.Id, ["success"] = true, ["errors"] = Array.Empty<object>(), ["created"] = false });
                }
                else
                {
                    SObjectRecord created = simulator.Records.InsertTask(fields!, userId);
                    results.Add(new Dictionary<string, object?> { ["id"] = created.Id, ["success"] = true, ["errors"] = Array.Empty<object>(), ["created"] = true });
                }
            }
        }
        return LostAnswer.Drop(faults, context) ? Results.Empty : SalesforceJson.Result(results);
    }

    private static (Dictionary<string, object?>? Fields, SObjectRecord? Existing, List<SaveError> Errors) ValidateUpsertItem(
        JsonElement item, string? key, List<string?> keys, SObjectType type, SObjectField keyField, SalesforceSimulatorState simulator, TaskValidator validator, string userId)
    {
        (Dictionary<string, object?>? _, List<SaveError> typeErrors) = ValidateType(item, type);
        if (typeErrors.Count > 0)
        {
            return (null, null, typeErrors);
        }
        if (string.IsNullOrEmpty(key))
        {
            return (null, null, [new("MISSING_ARGUMENT", $"{keyField.Name} not specified", [keyField.Name])]);
        }
        if (keys.Count(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) > 1)
        {
            return (null, null, [new("DUPLICATE_EXTERNAL_ID", $"Duplicate external id specified: {key}", [keyField.Name])]);
        }
        SObjectRecord? existing = simulator.Records.FindTaskBy(keyField.Name, key);
        (Dictionary<string, object?> fields, List<SaveError> errors) = existing is null ? validator.ValidateInsert(item, userId) : validator.ValidateUpdate(item);
        if (existing is not null && errors.Count == 0 && fields.TryGetValue("Status", out object? status))
        {
            fields["IsClosed"] = status as string == "Completed";
        }
        return (fields, existing, errors);
    }

    private static (Dictionary<string, object?>? Fields, List<SaveError> Errors) ValidateType(JsonElement item, SObjectType expected)
    {
        string? type = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("attributes", out JsonElement attributes)
            && attributes.ValueKind == JsonValueKind.Object && attributes.TryGetProperty("type", out JsonElement typeElement)
            ? typeElement.GetString()
            : null;
        if (type is null)
        {
            return (null, [new("INVALID_TYPE", "sObject type is not specified in the attributes map.", [])]);
        }
        if (!string.Equals(type, expected.Name, StringComparison.OrdinalIgnoreCase) || expected != SalesforceSchema.Task)
        {
            return (null, [new("INVALID_TYPE", $"The simulator only upserts Task records, not {type}.", [])]);
        }
        return (null, []);
    }

    private static (Dictionary<string, object?>? Fields, List<SaveError> Errors) ValidateCollectionItem(JsonElement item, TaskValidator validator, string userId)
    {
        string? type = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("attributes", out JsonElement attributes)
            && attributes.ValueKind == JsonValueKind.Object && attributes.TryGetProperty("type", out JsonElement typeElement)
            ? typeElement.GetString()
            : null;
        if (type is null)
        {
            return (null, [new("INVALID_TYPE", "sObject type is not specified in the attributes map.", [])]);
        }
        if (!string.Equals(type, "Task", StringComparison.OrdinalIgnoreCase))
        {
            return (null, [new("INVALID_TYPE", $"The simulator only creates Task records, not {type}.", [])]);
        }
        (Dictionary<string, object?> fields, List<SaveError> errors) = validator.ValidateInsert(item, userId);
        return (fields, errors);
    }

    private static Dictionary<string, object?> Failure(IEnumerable<SaveError> errors) => new()
    {
        ["success"] = false,
        ["errors"] = errors.Select(e => new Dictionary<string, object> { ["statusCode"] = e.Code, ["message"] = e.Message, ["fields"] = e.Fields }).ToList(),
    };
}
