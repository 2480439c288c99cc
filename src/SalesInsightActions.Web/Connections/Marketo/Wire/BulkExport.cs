namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary>Status of a bulk lead export job (create / enqueue / status endpoints all return this shape).</summary>
public sealed record BulkExportJob(
    string ExportId,
    string? Format,
    string Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? NumberOfRecords,
    long? FileSize,
    string? FileChecksum,
    string? ErrorMsg)
{
    public bool IsCompleted => Status == "Completed";

    // Marketo's docs spell it both ways.
    public bool IsTerminal => Status is "Completed" or "Failed" or "Cancelled" or "Canceled";
}

/// <summary>Exactly one filter per job: a date range (≤ 31 days) or a list.</summary>
public sealed record BulkExportFilter(
    BulkExportDateRange? CreatedAt = null,
    BulkExportDateRange? UpdatedAt = null,
    int? StaticListId = null,
    int? SmartListId = null);

public sealed record BulkExportDateRange(DateTimeOffset StartAt, DateTimeOffset EndAt);

internal sealed record CreateBulkExportRequest(IReadOnlyList<string> Fields, string Format, BulkExportFilter Filter);
