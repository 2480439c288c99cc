using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary>An item of <c>activities.json</c>.</summary>
public sealed record MarketoActivity(
    long Id,
    [property: JsonPropertyName("marketoGUID")] string? MarketoGuid,
    long LeadId,
    DateTimeOffset ActivityDate,
    int ActivityTypeId,
    long? CampaignId,
    long? PrimaryAttributeValueId,
    string? PrimaryAttributeValue,
    IReadOnlyList<MarketoActivityAttribute>? Attributes);

/// <summary>An item of <c>activities/leadchanges.json</c>: the changed fields instead of a primary attribute.</summary>
public sealed record MarketoLeadChange(
    long Id,
    [property: JsonPropertyName("marketoGUID")] string? MarketoGuid,
    long LeadId,
    DateTimeOffset ActivityDate,
    int ActivityTypeId,
    IReadOnlyList<MarketoLeadChangeField>? Fields,
    IReadOnlyList<MarketoActivityAttribute>? Attributes);

/// <summary><c>{id, name, newValue, oldValue}</c> of a lead change.</summary>
public sealed record MarketoLeadChangeField(int Id, string Name, string? NewValue, string? OldValue);

/// <summary><c>{name, value}</c>; value may be a string, number or boolean.</summary>
public sealed record MarketoActivityAttribute(string Name, JsonElement Value);

/// <summary>An item of <c>activities/types.json</c>.</summary>
public sealed record ActivityType(
    int Id,
    string Name,
    string? Description,
    ActivityTypeAttribute? PrimaryAttribute,
    IReadOnlyList<ActivityTypeAttribute>? Attributes);

public sealed record ActivityTypeAttribute(string Name, string? DataType);

internal sealed record PagingToken(string? NextPageToken);
