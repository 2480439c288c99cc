using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>/bulk/v1/leads/export/...: create, enqueue, status, cancel, file (Range supported).</summary>
internal static class MarketoBulkExportEndpoints
{
    private const int MaxFilterDays = 31;

    public static void MapMarketoBulkExport(this RouteGroupBuilder rest)
    {
        rest.MapPost("/bulk/v1/leads/export/create.json", CreateAsync);
        rest.MapPost("/bulk/v1/leads/export/{exportId}/enqueue.json", (string exportId, MarketoBulkExportStore store) =>
        {
            (BulkExportJob? job, string? code, string? error) = store.Enqueue(exportId);
            return job is null ? MarketoResults.Error(code!, error) : MarketoResults.Success([ToStatus(job)]);
        });
        rest.MapGet("/bulk/v1/leads/export/{exportId}/status.json", (string exportId, MarketoBulkExportStore store) =>
            store.Status(exportId) is { } job
                ? MarketoResults.Success([ToStatus(job)])
                : MarketoResults.Error(MarketoErrorCodes.RequestedResourceNotFound, $"Export id '{exportId}' not found"));
        rest.MapPost("/bulk/v1/leads/export/{exportId}/cancel.json", (string exportId, MarketoBulkExportStore store) =>
        {
            (BulkExportJob? job, string? error) = store.Cancel(exportId);
            return job is null ? MarketoResults.Error(MarketoErrorCodes.RequestedResourceNotFound, error) : MarketoResults.Success([ToStatus(job)]);
        });
        rest.MapGet("/bulk/v1/leads/export/{exportId}/file.json", (string exportId, MarketoBulkExportStore store) =>
            store.Find(exportId) is { Status: "Completed", FilePath: { } path }
                ? Results.File(path, "text/csv", enableRangeProcessing: true)
                : Results.NotFound());
        rest.MapGet("/bulk/v1/leads/export.json", (MarketoBulkExportStore store) =>
            MarketoResults.Success([.. store.All().Select(ToStatus)]));
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, MarketoBulkExportStore store)
    {
        JsonBody<ExportCreateRequest> read = await JsonBodyReader.ReadAsync<ExportCreateRequest>(request, SimulatorJson.Options);
        if (read.Error is not null)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidJson);
        }
        ExportCreateRequest? body = read.Value;
        if (body?.Fields is not { Count: > 0 } fieldNames)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "fields is required");
        }
        if (body.Format is { } format && !string.Equals(format, "CSV", StringComparison.OrdinalIgnoreCase))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Unsupported format '{format}' (the simulator writes CSV)");
        }
        List<MarketoLeadField> fields = [];
        foreach (string name in fieldNames)
        {
            if (MarketoLeadFields.Find(name) is not { } field)
            {
                return MarketoResults.Error(MarketoErrorCodes.FieldNotFound, $"Field '{name}' not found");
            }
            fields.Add(field);
        }
        DateRange? range = body.Filter?.UpdatedAt ?? body.Filter?.CreatedAt;
        if (range is null)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "filter must have updatedAt or createdAt (list filters are not simulated)");
        }
        if (range.StartAt is not { } startAt || range.EndAt is not { } endAt || endAt < startAt)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "filter needs startAt <= endAt");
        }
        if (endAt - startAt > TimeSpan.FromDays(MaxFilterDays))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Date range exceeds {MaxFilterDays} days");
        }
        BulkExportJob job = store.Create(fields, body.Filter!.UpdatedAt is not null, startAt, endAt);
        return MarketoResults.Success([ToStatus(job)]);
    }

    private static object ToStatus(BulkExportJob job)
    {
        bool done = job.Status == "Completed";
        return new ExportStatus(
            job.ExportId,
            "CSV",
            job.Status,
            MarketoResults.FormatDateTime(job.CreatedAt),
            job.QueuedAt is { } q ? MarketoResults.FormatDateTime(q) : null,
            job.StartedAt is { } s ? MarketoResults.FormatDateTime(s) : null,
            job.FinishedAt is { } f ? MarketoResults.FormatDateTime(f) : null,
            done ? job.NumberOfRecords : null,
            done ? job.FileSize : null,
            done ? job.FileChecksum : null);
    }
}

internal sealed record DateRange(DateTimeOffset? StartAt, DateTimeOffset? EndAt);

internal sealed record ExportFilter(DateRange? UpdatedAt, DateRange? CreatedAt, long? StaticListId, long? SmartListId);

internal sealed record ExportCreateRequest(IReadOnlyList<string>? Fields, string? Format, ExportFilter? Filter);

internal sealed record ExportStatus(
    string ExportId,
    string Format,
    string Status,
    string CreatedAt,
    string? QueuedAt,
    string? StartedAt,
    string? FinishedAt,
    long? NumberOfRecords,
    long? FileSize,
    string? FileChecksum);
