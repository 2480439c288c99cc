using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Salesforce.Wire;

/// <summary>A Task to create; field names are Salesforce API names.</summary>
public sealed record SalesforceTask(
    [property: JsonPropertyName("WhoId")] string? WhoId,
    [property: JsonPropertyName("Subject")] string Subject,
    [property: JsonPropertyName("ActivityDate")] string? ActivityDate,
    [property: JsonPropertyName("Status")] string? Status,
    [property: JsonPropertyName("Priority")] string? Priority = null,
    [property: JsonPropertyName("Type")] string? Type = null,
    [property: JsonPropertyName("Description")] string? Description = null,
    [property: JsonPropertyName("WhatId")] string? WhatId = null,
    [property: JsonPropertyName("OwnerId")] string? OwnerId = null)
{
    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
