using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary><c>action</c> of <c>POST leads.json</c>, written exactly as Marketo spells it.</summary>
public enum LeadUpsertAction
{
    CreateOrUpdate,
    CreateOnly,
    UpdateOnly,
    CreateDuplicate,
}

internal sealed record UpsertLeadsRequest(
    string Action,
    string? LookupField,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Input);

/// <summary>Per-record outcome, in input order: <c>{id, status, reasons}</c>; also used by custom activities (<c>marketoGUID</c>, <c>errors</c>).</summary>
public sealed record MarketoRecordResult(
    long? Id,
    string? Status,
    IReadOnlyList<MarketoError>? Reasons,
    [property: JsonPropertyName("marketoGUID")] string? MarketoGuid = null,
    IReadOnlyList<MarketoError>? Errors = null)
{
    public bool IsSkipped => string.Equals(Status, "skipped", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a record was skipped, whichever of <c>reasons</c> / <c>errors</c> the endpoint used.</summary>
    public IReadOnlyList<MarketoError> Problems => Reasons ?? Errors ?? [];
}
