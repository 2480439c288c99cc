using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.Logging;

using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>One bulk lead export job; it runs on the simulator's clock whether or not anyone looks.</summary>
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

    /// <summary>What status.json shows: refreshed at most every BulkStatusRefreshSeconds, as Marketo's.</summary>
    public BulkExportJob? Reported { get; set; }
    public DateTimeOffset ReportedAt { get; set; }

    public bool IsActive => Status is "Queued" or "Processing";

    public BulkExportJob Copy() => new()
    {
        ExportId = ExportId,
        Fields = Fields,
        ByUpdatedAt = ByUpdatedAt,
        StartAt = StartAt,
        EndAt = EndAt,
        CreatedAt = CreatedAt,
        Status = Status,
        QueuedAt = QueuedAt,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        FilePath = FilePath,
        NumberOfRecords = NumberOfRecords,
        FileSize = FileSize,
        FileChecksum = FileChecksum,
    };
}

/// <summary>
/// Bulk lead extract jobs: Created → Queued → Processing → Completed (or Cancelled/Failed). Queued jobs
/// start and finish on the simulator's clock (a timer, plus every look), stamped with the times they
/// would have had; at most 2 processing and 10 queued-or-processing (one queue for every extract type),
/// 500 MB of files a day (US Central). Files are written to a temp folder while processing.
/// </summary>
internal sealed class MarketoBulkExportStore : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, BulkExportJob> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sia-marketo-bulk-" + Guid.NewGuid().ToString("N"));
    private readonly SimulatorOptions _options;
    private readonly SeededDataSet _dataSet;
    private readonly TimeProvider _time;
    private readonly ILogger<MarketoBulkExportStore> _logger;
    private readonly TimeZoneInfo _quotaZone;
    private readonly ITimer _ticker;
    private long _exportedBytesToday;
    private DateOnly _exportDay;

    public MarketoBulkExportStore(SimulatorOptions options, SeededDataSet dataSet, TimeProvider time, ILogger<MarketoBulkExportStore> logger)
    {
        _options = options;
        _dataSet = dataSet;
        _time = time;
        _logger = logger;
        _quotaZone = TimeZoneInfo.FindSystemTimeZoneById(options.Marketo.QuotaTimeZone);
        _exportDay = Today();
        // Jobs run whether or not anyone polls: the clock moves them (a fake clock fires this as it advances).
        _ticker = time.CreateTimer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private MarketoSimulatorOptions Settings => _options.Marketo;

    public BulkExportJob Create(IReadOnlyList<MarketoLeadField> fields, bool byUpdatedAt, DateTimeOffset startAt, DateTimeOffset endAt)
    {
        BulkExportJob job = new()
        {
            ExportId = Guid.NewGuid().ToString("D"),
            Fields = fields,
            ByUpdatedAt = byUpdatedAt,
            StartAt = startAt,
            EndAt = endAt,
            CreatedAt = _time.GetUtcNow(),
        };
        lock (_lock)
        {
            _jobs[job.ExportId] = job;
            Report(job);
        }
        return job;
    }

    /// <summary>The job as it really is now (files, cancel), or null if unknown.</summary>
    public BulkExportJob? Find(string exportId)
    {
        lock (_lock)
        {
            Advance();
            return _jobs.GetValueOrDefault(exportId);
        }
    }

    /// <summary>The job as status.json shows it: a snapshot refreshed at most every BulkStatusRefreshSeconds.</summary>
    public BulkExportJob? Status(string exportId)
    {
        lock (_lock)
        {
            Advance();
            return _jobs.GetValueOrDefault(exportId) is { } job ? Reported(job) : null;
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
            if (job.IsActive)
            {
                return (null, MarketoErrorCodes.BulkQueueFull, "Job already queued");
            }
            if (job.Status != "Created")
            {
                return (null, MarketoErrorCodes.InvalidValue, $"Export '{exportId}' is {job.Status}, not Created");
            }
            if (_jobs.Values.Count(static j => j.IsActive) >= Settings.BulkMaxQueued)
            {
                return (null, MarketoErrorCodes.BulkQueueFull, $"Too many jobs ({Settings.BulkMaxQueued}) in queue");
            }
            RollExportDay();
            if (_exportedBytesToday >= Settings.BulkDailyExportBytes)
            {
                return (null, MarketoErrorCodes.BulkQueueFull, $"Export daily quota {Settings.BulkDailyExportBytes / (1024 * 1024)}MB exceeded");
            }
            job.Status = "Queued";
            job.QueuedAt = _time.GetUtcNow();
            Advance();
            Report(job);
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
            job.FinishedAt = _time.GetUtcNow();
            job.Cancel.Cancel();
            Report(job);
            return (job, null);
        }
    }

    public IReadOnlyList<BulkExportJob> All()
    {
        lock (_lock)
        {
            Advance();
            return [.. _jobs.Values.Select(Reported)];
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
            _exportedBytesToday = 0;
        }
    }

    public void Dispose()
    {
        _ticker.Dispose();
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
            _logger.LogDebug(ex, "Could not remove bulk export folder {Folder}", _folder);
        }
    }

    private void Tick()
    {
        lock (_lock)
        {
            Advance();
        }
    }

    private void Report(BulkExportJob job)
    {
        job.Reported = job.Copy();
        job.ReportedAt = _time.GetUtcNow();
    }

    private BulkExportJob Reported(BulkExportJob job)
    {
        if (job.Reported is null || _time.GetUtcNow() - job.ReportedAt >= TimeSpan.FromSeconds(Settings.BulkStatusRefreshSeconds))
        {
            Report(job);
        }
        return job.Reported!;
    }

    // Runs under _lock: finishes written jobs and starts queued ones in free slots, stamping each
    // transition with the time it would have happened (not the time someone looked).
    private void Advance()
    {
        DateTimeOffset now = _time.GetUtcNow();
        TimeSpan queuedFor = TimeSpan.FromSeconds(Settings.BulkQueuedSeconds);
        TimeSpan processingFor = TimeSpan.FromSeconds(Settings.BulkProcessingSeconds);
        DateTimeOffset? freedAt = null;
        foreach (BulkExportJob job in _jobs.Values.Where(static j => j.Status == "Processing").OrderBy(static j => j.StartedAt))
        {
            DateTimeOffset finishAt = job.StartedAt!.Value + processingFor;
            if (job.Writing is { IsCompleted: true } writing && finishAt <= now)
            {
                job.Status = writing.IsCompletedSuccessfully ? "Completed" : "Failed";
                job.FinishedAt = finishAt;
                freedAt = freedAt is { } f && f > finishAt ? f : finishAt;
            }
        }
        int processing = _jobs.Values.Count(static j => j.Status == "Processing");
        foreach (BulkExportJob job in _jobs.Values.Where(static j => j.Status == "Queued").OrderBy(static j => j.QueuedAt))
        {
            DateTimeOffset readyAt = job.QueuedAt!.Value + queuedFor;
            if (processing >= Settings.BulkMaxProcessing || readyAt > now)
            {
                continue;
            }
            job.Status = "Processing";
            job.StartedAt = freedAt is { } freed && freed > readyAt ? freed : readyAt;
            job.Writing = Task.Run(() => WriteFileAsync(job));
            // Finish without waiting for the next look once the file is there.
            job.Writing.ContinueWith(_ => Tick(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            processing++;
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _quotaZone).DateTime);

    private void RollExportDay()
    {
        DateOnly today = Today();
        if (today != _exportDay)
        {
            _exportDay = today;
            _exportedBytesToday = 0;
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
            foreach (Person person in _dataSet.EnumerateByTimestamp(job.ByUpdatedAt, job.StartAt, job.EndAt))
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
        lock (_lock)
        {
            RollExportDay();
            _exportedBytesToday += job.FileSize.Value;
        }
        _logger.LogInformation("Marketo simulator wrote bulk export {ExportId}: {RecordCount} records, {FileSize} bytes", job.ExportId, records, job.FileSize);
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
