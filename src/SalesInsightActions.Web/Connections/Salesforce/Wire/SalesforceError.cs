namespace SalesInsightActions.Web.Connections.Salesforce.Wire;

/// <summary>REST error item: <c>{message, errorCode, fields}</c>.</summary>
internal sealed record SalesforceError(string? Message, string? ErrorCode, IReadOnlyList<string>? Fields);
