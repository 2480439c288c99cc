namespace SalesInsightActions.Web.Connections.Salesforce.Wire;

/// <summary>
/// Create result, single (<c>201 {id, success, errors}</c>) or per record of a collection; upserts add <c>created</c>
/// (true when the record was new, false when an existing one was updated).
/// </summary>
public sealed record SalesforceSaveResult(string? Id, bool Success, IReadOnlyList<SalesforceRecordError>? Errors, bool? Created = null);

/// <summary>Per-record error in collections: <c>{statusCode, message, fields}</c>.</summary>
public sealed record SalesforceRecordError(string? StatusCode, string? Message, IReadOnlyList<string>? Fields);
