using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.Logging;

using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>One bulk lead export job; status advances with time when looked at.</summary>
internal sealed class BulkExportJob
{
    public required string ExportId { get; init; }
    public required IReadOnlyList<MarketoLeadField> Fields { get; init; }
    public required bool ByUpdatedAt { get; init; }
    public required DateTimeOffset StartAt { get; init; }
    public required DateTimeOffset EndAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string Status { get; set; } = "Created";
    public DateTimeOffset? QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? FilePath { get; set; }
    public long? NumberOfRecords { get; set; }
    public long? FileSize { get; set; }
    public string? FileChecksum { get; set; }
    public Task? Writing { get; set; }
    public CancellationTokenSource Cancel { get; } = new();
}

/// <summary>
/// Bulk lead extract jobs: Created → Queued → Processing → Completed (or Cancelled/Failed),
/// at most 2 processing and 10 queued. Files are written to a temp folder while processing.
/// </summary>
internal sealed class MarketoBulkExportStore(SimulatorOptions options, SeededDataSet dataSet, TimeProvider time, ILogger<MarketoBulkExportStore> logger) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, BulkExportJob> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sia-marketo-bulk-" + Guid.NewGuid().ToString("N"));
    private long _exportedBytesToday;

    public BulkExportJob Create(IReadOnlyList<MarketoLeadField> fields, bool byUpdatedAt, DateTimeOffset startAt, DateTimeOffset endAt)
    {
        BulkExportJob job = new()
        {
            ExportId = Guid.NewGuid().ToString("D"),
            Fields = fields,
            ByUpdatedAt = byUpdatedAt,
            StartAt = startAt,
            EndAt = endAt,
            CreatedAt = time.GetUtcNow(),
        };
        lock (_lock)
        {
            _jobs[job.ExportId] = job;
        }
        return job;
    }

    /// <summary>The job after applying whatever transitions time allows, or null if unknown.</summary>
    public BulkExportJob? Find(string exportId)
    {
        lock (_lock)
        {
            Advance();
            return _jobs.GetValueOrDefault(exportId);
        }
    }

    public (BulkExportJob? Job, string? ErrorCode, string? Error) Enqueue(string exportId)
    {
        lock (_lock)
        {
            Advance();
            if (!_jobs.TryGetValue(exportId, out BulkExportJob? job))
            {
                return (null, MarketoErrorCodes.RequestedResourceNotFound, $"Export id '{exportId}' not found");
            }
            if (job.Status != "Created")
            {
                return (null, MarketoErrorCodes.InvalidValue, $"Export '{exportId}' is {job.Status}, not Created");
            }
            if (_jobs.Values.Count(static j => j.Status == "Queued") >= options.Marketo.BulkMaxQueued)
            {
                return (null, MarketoErrorCodes.BulkQueueFull, $"Too many jobs ({options.Marketo.BulkMaxQueued}) in queue");
            }
            if (Interlocked.Read(ref _exportedBytesToday) >= options.Marketo.BulkDailyExportBytes)
            {
                return (null, MarketoErrorCodes.BulkQueueFull, "Export daily quota exceeded");
            }
            job.Status = "Queued";
            job.QueuedAt = time.GetUtcNow();
            Advance();
            return (job, null, null);
        }
    }

    public (BulkExportJob? Job, string? Error) Cancel(string exportId)
    {
        lock (_lock)
        {
            Advance();
            if (!_jobs.TryGetValue(exportId, out BulkExportJob? job))
            {
                return (null, $"Export id '{exportId}' not found");
            }
            if (job.Status is "Completed" or "Failed" or "Cancelled")
            {
                return (job, null);
            }
            job.Status = "Cancelled";
            job.FinishedAt = time.GetUtcNow();
            job.Cancel.Cancel();
            return (job, null);
        }
    }

    public IReadOnlyList<BulkExportJob> All()
    {
        lock (_lock)
        {
            Advance();
            return [.. _jobs.Values];
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            foreach (BulkExportJob job in _jobs.Values)
            {
                job.Cancel.Cancel();
            }
            _jobs.Clear();
            Interlocked.Exchange(ref _exportedBytesToday, 0);
        }
    }

    public void Dispose()
    {
        Reset();
        try
        {
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
        catch (IOException ex)
        {
            logger.LogDebug(ex, "Could not remove bulk export folder {Folder}", _folder);
        }
    }

    // Runs under _lock: promote queued jobs into free processing slots, finish written ones.
    private void Advance()
    {
        DateTimeOffset now = time.GetUtcNow();
        foreach (BulkExportJob job in _jobs.Values.Where(static j => j.Status == "Processing"))
        {
            if (job.Writing is { IsCompleted: true } writing && now - job.StartedAt >= TimeSpan.FromSeconds(options.Marketo.BulkProcessingSeconds))
            {
                job.Status = writing.IsCompletedSuccessfully ? "Completed" : "Failed";
                job.FinishedAt = now;
            }
        }
        int processing = _jobs.Values.Count(static j => j.Status == "Processing");
        foreach (BulkExportJob job in _jobs.Values.Where(static j => j.Status == "Queued").OrderBy(static j => j.QueuedAt))
        {
            if (processing >= options.Marketo.BulkMaxProcessing || now - job.QueuedAt < TimeSpan.FromSeconds(options.Marketo.BulkQueuedSeconds))
            {
                continue;
            }
            job.Status = "Processing";
            job.StartedAt = now;
            job.Writing = Task.Run(() => WriteFileAsync(job));
            processing++;
        }
    }

    private async Task WriteFileAsync(BulkExportJob job)
    {
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, job.ExportId + ".csv");
        long records = 0;
        await using (FileStream file = new(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true))
        await using (StreamWriter writer = new(file, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            await writer.WriteLineAsync(string.Join(',', job.Fields.Select(static f => f.Name)));
            foreach (Person person in dataSet.EnumerateByTimestamp(job.ByUpdatedAt, job.StartAt, job.EndAt))
            {
                job.Cancel.Token.ThrowIfCancellationRequested();
                await writer.WriteLineAsync(string.Join(',', job.Fields.Select(f => CsvValue(f.Read(person)))));
                records++;
            }
        }
        byte[] hash;
        await using (FileStream read = File.OpenRead(path))
        {
            hash = await SHA256.HashDataAsync(read);
        }
        job.FilePath = path;
        job.NumberOfRecords = records;
        job.FileSize = new FileInfo(path).Length;
        job.FileChecksum = "sha256:" + Convert.ToHexStringLower(hash);
        Interlocked.Add(ref _exportedBytesToday, job.FileSize.Value);
        logger.LogInformation("Marketo simulator wrote bulk export {ExportId}: {RecordCount} records, {FileSize} bytes", job.ExportId, records, job.FileSize);
    }

    // Empty values are written as null, like the real extract files.
    private static string CsvValue(object? value)
    {
        string? text = value switch
        {
            null => null,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        if (string.IsNullOrEmpty(text))
        {
            return "null";
        }
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
