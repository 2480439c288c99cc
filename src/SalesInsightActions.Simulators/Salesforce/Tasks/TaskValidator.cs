using System.Globalization;
using System.Text.Json;
using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Schema;

namespace SalesInsightActions.Simulators.Salesforce.Tasks;

/// <summary>A save error as Salesforce reports it (errorCode in single-record calls, statusCode in collections).</summary>
public sealed record SaveError(string Code, string Message, IReadOnlyList<string> Fields);

/// <summary>The body could not be read as a Task at all (HTTP 400 JSON_PARSER_ERROR for the whole request).</summary>
public sealed class TaskJsonException(string message) : Exception(message);

/// <summary>
/// Validates a Task insert the way the org would: known and createable fields, JSON types, string
/// lengths, restricted picklists, required fields, and that WhoId/WhatId/OwnerId point at records.
/// The fields are the org's own (<see cref="Setup.SalesforceOrgSetup"/>): a Type value or package field an admin removed
/// is refused on write exactly as describe stops showing it, as a real org does.
/// </summary>
public sealed class TaskValidator(SalesforceSimulatorState simulator)
{
    private SalesforceRecordStore Records => simulator.Records;

    public (Dictionary<string, object?> Fields, List<SaveError> Errors) ValidateInsert(JsonElement body, string currentUserId) =>
        Validate(body, currentUserId, isUpdate: false);

    /// <summary>An update only checks the fields it sends (updateable, types, lengths, picklists, references, no null for required ones).</summary>
    public (Dictionary<string, object?> Fields, List<SaveError> Errors) ValidateUpdate(JsonElement body) =>
        Validate(body, currentUserId: "", isUpdate: true);

    private (Dictionary<string, object?> Fields, List<SaveError> Errors) Validate(JsonElement body, string currentUserId, bool isUpdate)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new TaskJsonException("Json Deserialization failed on token 'null' and has left off in the middle of parsing a row. Will go to end of row to begin parsing the next row");
        }
        Dictionary<string, SObjectField> orgFields = simulator.Setup.DescribeTaskFields(SalesforceSchema.Task.Fields)
            .ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<SaveError>();
        foreach (JsonProperty property in body.EnumerateObject())
        {
            if (property.NameEquals("attributes"))
            {
                continue;
            }
            SObjectField? field = orgFields.GetValueOrDefault(property.Name);
            if (field is null)
            {
                errors.Add(new("INVALID_FIELD", $"No such column '{property.Name}' on sobject of type Task", [property.Name]));
                continue;
            }
            if (isUpdate ? !field.Updateable : !field.Createable)
            {
                errors.Add(new("INVALID_FIELD_FOR_INSERT_UPDATE", $"Unable to create/update fields: {field.Name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", [field.Name]));
                continue;
            }
            fields[field.Name] = ReadValue(field, property.Value);
        }

        foreach (SObjectField required in orgFields.Values.Where(f => !f.Nillable && f.Createable))
        {
            if (!fields.TryGetValue(required.Name, out object? value))
            {
                if (isUpdate)
                {
                    continue;
                }
                if (required.DefaultPicklistValue is { } defaultValue)
                {
                    fields[required.Name] = defaultValue;
                }
                else if (required.Name == "OwnerId")
                {
                    fields["OwnerId"] = currentUserId;
                }
            }
            else if (value is null)
            {
                errors.Add(new("REQUIRED_FIELD_MISSING", $"Required fields are missing: [{required.Name}]", [required.Name]));
            }
        }

        foreach ((string name, object? value) in fields)
        {
            SObjectField field = orgFields[name];
            if (value is string text && field.Length > 0 && field.Type is not ("reference" or "picklist") && text.Length > field.Length)
            {
                string shown = text.Length > 40 ? text[..40] + "..." : text;
                errors.Add(new("STRING_TOO_LONG", $"{field.Label}: data value too large: {shown} (max length={field.Length})", [field.Name]));
            }
            if (field.IsPicklist && field.RestrictedPicklist && value is string choice && !field.PicklistValues.Any(p => p.Value == choice))
            {
                errors.Add(new("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", $"{field.Label}: bad value for restricted picklist field: {choice}", [field.Name]));
            }
            if (!isUpdate && field.Unique && value is string unique && Records.FindTaskBy(field.Name, unique) is { } holder)
            {
                errors.Add(new("DUPLICATE_VALUE", $"duplicate value found: {field.Name} duplicates value on record with id: {holder.Id}", [field.Name]));
            }
            if (field.Type == "reference" && value is string id && !ReferenceExists(field, id))
            {
                errors.Add(new("INVALID_CROSS_REFERENCE_KEY", $"{field.Label}: id value of incorrect type: {id}", [field.Name]));
            }
        }
        return (fields, errors);
    }

    private bool ReferenceExists(SObjectField field, string id)
    {
        SObjectRecord? target = Records.Find(id);
        return target is not null
            && field.ReferenceTo.Contains(target.Type.Name, StringComparer.Ordinal)
            && (target.Type != SalesforceSchema.User || target["IsActive"] is true);
    }

    private static object? ReadValue(SObjectField field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        switch (field.Type)
        {
            case "boolean":
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Mismatch(field, value, "boolean");
            case "int":
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : throw Mismatch(field, value, "int");
            case "double":
            case "currency":
                return value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : throw Mismatch(field, value, "double");
            case "date":
                return value.ValueKind == JsonValueKind.String
                    && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
                    ? date
                    : throw Mismatch(field, value, "date");
            default:
                return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Mismatch(field, value, "string");
        }
    }

    private static TaskJsonException Mismatch(SObjectField field, JsonElement value, string expected) =>
        new($"Cannot deserialize instance of {expected} from {value.ValueKind.ToString().ToUpperInvariant()} value {value.GetRawText()} or request may be missing a required field at [line:1, column:1] (field {field.Name})");
}
