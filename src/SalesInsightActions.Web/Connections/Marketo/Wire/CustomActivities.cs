using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary>An item of <c>activities/external/types.json</c>.</summary>
public sealed record CustomActivityType(
    int Id,
    string ApiName,
    string Name,
    string? Description,
    string? TriggerName,
    string? FilterName,
    CustomActivityTypeAttribute? PrimaryAttribute,
    IReadOnlyList<CustomActivityTypeAttribute>? Attributes,
    string? Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

public sealed record CustomActivityTypeAttribute(
    string ApiName,
    string Name,
    string DataType,
    string? Description = null,
    bool? IsPrimary = null);

/// <summary>Body of <c>POST activities/external/type.json</c>.</summary>
public sealed record CreateCustomActivityTypeRequest(
    string ApiName,
    string Name,
    string TriggerName,
    string FilterName,
    CustomActivityTypeAttribute PrimaryAttribute,
    string? Description = null);

/// <summary>An input of <c>POST activities/external.json</c>.</summary>
public sealed record CustomActivity(
    long LeadId,
    DateTimeOffset ActivityDate,
    int ActivityTypeId,
    string PrimaryAttributeValue,
    IReadOnlyList<CustomActivityAttributeValue>? Attributes = null);

/// <summary>Attribute of a custom activity, addressed by <c>apiName</c> (preferred) or <c>name</c>.</summary>
public sealed record CustomActivityAttributeValue(
    [property: JsonPropertyName("apiName")] string? ApiName,
    object? Value,
    [property: JsonPropertyName("name")] string? Name = null);

internal sealed record AddCustomActivitiesRequest(IReadOnlyList<CustomActivity> Input);
