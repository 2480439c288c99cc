namespace SalesInsightActions.Web.Connections.Salesforce.Wire;

/// <summary>Bulk API 2.0 query job info (create and status share the shape; status adds counters).</summary>
public sealed record BulkQueryJob(
    string Id,
    string? Operation,
    string? Object,
    string State,
    string? ContentType,
    double? ApiVersion,
    long? NumberRecordsProcessed,
    int? Retries,
    double? TotalProcessingTime,
    string? ErrorMessage)
{
    public bool IsTerminal => State is "JobComplete" or "Failed" or "Aborted";
}
