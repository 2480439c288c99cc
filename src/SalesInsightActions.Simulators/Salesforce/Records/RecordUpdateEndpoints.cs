using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SalesInsightActions.Simulators.Salesforce.Rest;
using SalesInsightActions.Simulators.Salesforce.Schema;

namespace SalesInsightActions.Simulators.Salesforce.Records;

/// <summary>
/// <c>PATCH /services/data/vXX.X/sobjects/{Contact|Lead}/{id}</c>: updates fields of one person record, as Salesforce
/// does — 204 with no body; 404 NOT_FOUND for an unknown id or one of another object, ENTITY_IS_DELETED for a record
/// in the recycle bin; 400 INVALID_FIELD for a field the object does not have, INVALID_FIELD_FOR_INSERT_UPDATE for a
/// read-only one, JSON_PARSER_ERROR for a value of the wrong type. The change is stored in the overlay, so queries
/// read it back. (Tasks have their own route.)
/// </summary>
internal static class RecordUpdateEndpoints
{
    private static readonly HashSet<string> Updatable = new(StringComparer.OrdinalIgnoreCase) { "Contact", "Lead" };

    public static void Map(RouteGroupBuilder rest)
    {
        rest.MapMethods("/sobjects/{objectName}/{id}", ["PATCH"], async (string objectName, string id, HttpContext context, SalesforceSimulatorState simulator) =>
        {
            if (SalesforceSchema.Find(objectName) is not { } type || !Updatable.Contains(type.Name))
            {
                return SalesforceErrors.NotFound();
            }
            SObjectRecord? record = simulator.Records.Find(id, includeDeleted: true);
            if (record is null || record.Type != type)
            {
                return SalesforceErrors.Single(StatusCodes.Status404NotFound, "NOT_FOUND", $"Provided external ID field does not exist or is not accessible: {id}");
            }
            if (record.IsDeleted)
            {
                return SalesforceErrors.Single(StatusCodes.Status404NotFound, "ENTITY_IS_DELETED", "entity is deleted");
            }
            JsonElement body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException error)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", error.Message);
            }
            if (body.ValueKind != JsonValueKind.Object)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", "Cannot deserialize instance of sObject from a value that is not an object");
            }
            var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonProperty property in body.EnumerateObject())
            {
                if (property.Name == "attributes")
                {
                    continue;
                }
                if (type.FindField(property.Name) is not { } field)
                {
                    return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALID_FIELD", $"No such column '{property.Name}' on sobject of type {type.Name}");
                }
                if (!field.Updateable)
                {
                    return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALID_FIELD_FOR_INSERT_UPDATE",
                        $"Unable to create/update fields: {field.Name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", [field.Name]);
                }
                (bool ok, object? value) = Read(field, property.Value);
                if (!ok)
                {
                    return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR",
                        $"Cannot deserialize instance of {field.Type} from {property.Value.ValueKind} value {property.Value.GetRawText()} at [line:1, column:1]");
                }
                if (value is null && !field.Nillable)
                {
                    return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "REQUIRED_FIELD_MISSING", $"Required fields are missing: [{field.Name}]", [field.Name]);
                }
                if (value is string text && field.Length > 0 && text.Length > field.Length)
                {
                    return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "STRING_TOO_LONG", $"{field.Label}: data value too large: {text} (max length={field.Length})", [field.Name]);
                }
                fields[field.Name] = value;
            }
            simulator.Records.Update(record.Id, fields);
            return Results.NoContent();
        });
    }

    private static (bool Ok, object? Value) Read(SObjectField field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (true, null);
        }
        return field.Type switch
        {
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? (true, value.GetBoolean()) : (false, null),
            "double" or "currency" or "percent" or "int" => value.ValueKind == JsonValueKind.Number ? (true, value.GetDouble()) : (false, null),
            _ => value.ValueKind == JsonValueKind.String ? (true, value.GetString()) : (false, null),
        };
    }
}
