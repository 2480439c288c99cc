using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>
/// The initial pass: every lead created before the run's start, through bulk extract jobs over createdAt windows
/// (a few queued ahead, within Marketo's 2 processing / 10 queued), each file streamed into the store batch by batch.
/// Falls back to leads.json by id ranges when bulk extract is unavailable (1035).
/// </summary>
public sealed partial class PeopleInitialSync(IOptions<PeopleSyncOptions> options, IOptions<MarketoClientOptions> clientOptions, TimeProvider clock, ILogger<PeopleInitialSync> logger)
{
    private const string NotSupported = "1035";
    private const string QueueFullOrAlreadyQueued = "1029";

    private PeopleSyncOptions Options => options.Value;

    public async Task RunAsync(PeopleSyncRun run, CancellationToken ct)
    {
        if (!run.Checkpoint.UseRestFallback && Options.UseBulkExtract)
        {
            try
            {
                await RunBulkAsync(run, ct);
                return;
            }
            catch (MarketoApiException e) when (e.ErrorCode == NotSupported)
            {
                LogBulkUnavailable(run.AccountId, e.ErrorMessage);
                run.Checkpoint.UseRestFallback = true;
                run.Checkpoint.ExportId = null;
                run.Checkpoint.ExportRowsConsumed = 0;
                await run.WriteAsync([], [], ct);
            }
        }

        await RunRestAsync(run, ct);
    }

    private async Task RunBulkAsync(PeopleSyncRun run, CancellationToken ct)
    {
        var checkpoint = run.Checkpoint;
        var end = checkpoint.RunStartedAt;
        var pending = new Queue<ExtractWindow>();
        if (checkpoint.ExportId is { } resumed)
        {
            pending.Enqueue(new ExtractWindow(checkpoint.CursorAt, WindowEnd(checkpoint.CursorAt, end), resumed));
        }

        var nextStart = pending.Count > 0 ? pending.Peek().End : checkpoint.CursorAt;
        // Windows are disjoint and each file is read from its first row from here on: if the store holds nobody created
        // since (a first pass, or a restart before the next window began), their people are new to it.
        var newFrom = nextStart;
        var storeHoldsNoneNew = Options.CopyNewPeople && !await run.HoldsPeopleCreatedSinceAsync(newFrom, ct);
        long knownRecords = 0;
        var windowsRead = 0;
        while (pending.Count > 0 || nextStart < end)
        {
            while (pending.Count < Options.ExtractJobsAhead && nextStart < end)
            {
                var windowEnd = WindowEnd(nextStart, end);
                if (await QueueAsync(run, nextStart, windowEnd, ct) is not { } exportId)
                {
                    break;
                }

                pending.Enqueue(new ExtractWindow(nextStart, windowEnd, exportId));
                nextStart = windowEnd;
            }

            if (pending.Count == 0)
            {
                // Marketo's queue is full of other jobs: wait for room.
                await Task.Delay(clientOptions.Value.BulkExportPollInterval, clock, ct);
                continue;
            }

            var window = pending.Peek();
            var job = await WaitAsync(run, window.ExportId, ct);
            if (!job.IsCompleted)
            {
                // Start this window over on the next run with a new job.
                checkpoint.ExportId = null;
                checkpoint.ExportRowsConsumed = 0;
                await run.WriteAsync([], [], ct);
                throw new InvalidOperationException(
                    $"Marketo's extract of people created {window.Start:u} – {window.End:u} ended {job.Status}: {job.ErrorMsg}. The sync will retry it.");
            }

            knownRecords += job.NumberOfRecords ?? 0;
            windowsRead++;
            var windowsLeft = (long)Math.Ceiling((end - window.End) / Options.ExtractWindow);
            run.State.ProgressTotal = Math.Max(run.State.ProgressDone, run.State.ProgressDone + (job.NumberOfRecords ?? 0) + (windowsLeft * knownRecords / windowsRead));
            await ConsumeAsync(run, window, storeHoldsNoneNew && window.Start >= newFrom, ct);
            pending.Dequeue();
        }
    }

    private DateTime WindowEnd(DateTime start, DateTime end) => start + Options.ExtractWindow < end ? start + Options.ExtractWindow : end;

    /// <summary>Creates and enqueues a job; null when Marketo's queue is full (try again later).</summary>
    private async Task<string?> QueueAsync(PeopleSyncRun run, DateTime start, DateTime end, CancellationToken ct)
    {
        await run.EnsureQuotaLeftAsync();
        var filter = new BulkExportFilter(CreatedAt: new BulkExportDateRange(new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(end, TimeSpan.Zero)));
        var job = await run.Client.CreateLeadExportAsync(run.Fields, filter, ct);
        try
        {
            await run.Client.EnqueueLeadExportAsync(job.ExportId, ct);
        }
        catch (MarketoApiException e) when (e.ErrorCode == QueueFullOrAlreadyQueued)
        {
            if (e.ErrorMessage?.Contains("already", StringComparison.OrdinalIgnoreCase) == true)
            {
                return job.ExportId;
            }

            if (e.ErrorMessage?.Contains("quota", StringComparison.OrdinalIgnoreCase) == true)
            {
                throw new ExportLimitReachedException(e.ErrorMessage);
            }

            LogQueueFull(run.AccountId, e.ErrorMessage);
            return null;
        }

        return job.ExportId;
    }

    private async Task<BulkExportJob> WaitAsync(PeopleSyncRun run, string exportId, CancellationToken ct)
    {
        while (true)
        {
            await run.EnsureQuotaLeftAsync();
            var job = await run.Client.GetLeadExportStatusAsync(exportId, ct);
            if (job.IsTerminal || job.Status.Equals("Canceled", StringComparison.OrdinalIgnoreCase))
            {
                return job;
            }

            await Task.Delay(clientOptions.Value.BulkExportPollInterval, clock, ct);
        }
    }

    /// <summary>
    /// Streams the window's file into the store; resumes after the rows a previous run already committed. The file is read
    /// one batch ahead of the store, so downloading and parsing the next batch overlaps writing this one; batches are
    /// still written one at a time, in file order, each with the checkpoint of its last row.
    /// </summary>
    /// <param name="peopleAreNew">The store holds nobody this window can hold: its people go in by the store's fastest path.</param>
    private async Task ConsumeAsync(PeopleSyncRun run, ExtractWindow window, bool peopleAreNew, CancellationToken ct)
    {
        var checkpoint = run.Checkpoint;
        var skip = checkpoint.ExportId == window.ExportId ? checkpoint.ExportRowsConsumed : 0;
        checkpoint.ExportId = window.ExportId;
        checkpoint.CursorAt = window.Start;
        var batches = Channel.CreateBounded<ExtractBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => ReadBatchesAsync(run, window.ExportId, skip, batches.Writer, stop.Token), stop.Token);
        ExtractBatch last;
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            {
                checkpoint.ExportRowsConsumed = batch.Rows;
                run.State.ProgressDone += batch.Upserts.Count + batch.Deletes.Count;
                if ((await run.WriteAsync(batch.Upserts, batch.Deletes, ct, peopleAreNew)).FoundStored)
                {
                    LogFoundStored(run.AccountId, window.Start, window.End);
                    peopleAreNew = false;
                }
            }

            // The reader's failure, if any, surfaces here, before the window could be marked done.
            last = await reading;
        }
        catch
        {
            await stop.CancelAsync();
            await Task.WhenAny(reading);
            _ = reading.Exception;
            throw;
        }

        // The window is done: the cursor moves to its end (never past the run's start) in the same transaction as its last rows.
        run.State.ProgressDone += last.Upserts.Count + last.Deletes.Count;
        checkpoint.CursorAt = window.End;
        checkpoint.ExportId = null;
        checkpoint.ExportRowsConsumed = 0;
        await run.WriteAsync(last.Upserts, last.Deletes, ct, peopleAreNew);
    }

    /// <summary>Reads the file into full batches for the writer; returns the last, partial one (the window's end is written with it).</summary>
    private async Task<ExtractBatch> ReadBatchesAsync(PeopleSyncRun run, string exportId, long skip, ChannelWriter<ExtractBatch> batches, CancellationToken ct)
    {
        try
        {
            long rows = 0;
            var batch = new ExtractBatch(Options.BatchSize);
            await foreach (var row in run.Client.ReadLeadExportRowsAsync(exportId, ct))
            {
                if (++rows <= skip)
                {
                    continue;
                }

                if (!long.TryParse(row.GetValueOrDefault(MarketoPersonFields.Id), NumberStyles.None, CultureInfo.InvariantCulture, out var marketoId))
                {
                    continue;
                }

                if (MarketoPersonFields.ToPerson(marketoId, f => row.GetValueOrDefault(f)) is { } person)
                {
                    // Hashed here, on the reader's thread, not while the writer holds the transaction.
                    _ = person.ContentHash;
                    batch.Upserts.Add(person);
                }
                else
                {
                    // Not (or no longer) owned in Salesforce: make sure no stale copy stays.
                    batch.Deletes.Add(marketoId);
                }

                if (batch.Upserts.Count + batch.Deletes.Count >= Options.BatchSize)
                {
                    batch.Rows = rows;
                    await batches.WriteAsync(batch, ct);
                    batch = new ExtractBatch(Options.BatchSize);
                }
            }

            batch.Rows = rows;
            return batch;
        }
        finally
        {
            batches.TryComplete();
        }
    }

    /// <summary>People of one batch and the file's rows read up to its end (the checkpoint written with it).</summary>
    private sealed class ExtractBatch(int capacity)
    {
        public List<PersonRecord> Upserts { get; } = new(capacity);
        public List<long> Deletes { get; } = [];
        public long Rows { get; set; }
    }

    /// <summary>
    /// leads.json by id ranges of 300. Up to <see cref="PeopleSyncOptions.RestRangesAhead"/> ranges are fetched at once, ahead
    /// of the one being written, so Marketo's call limits (the client's limiter) bound the rate rather than our writes; the
    /// ranges are still written one at a time, in id order, each with the checkpoint of its last id.
    /// </summary>
    private async Task RunRestAsync(PeopleSyncRun run, CancellationToken ct)
    {
        const int rangeSize = 300;
        var checkpoint = run.Checkpoint;
        var emptyRanges = 0;
        var nextFirst = checkpoint.CursorId + 1;
        var ahead = new Queue<(long First, Task<RestRange> Fetch)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            while (emptyRanges < Options.RestFallbackEmptyRangesToStop)
            {
                while (ahead.Count < Options.RestRangesAhead)
                {
                    await run.EnsureQuotaLeftAsync();
                    ahead.Enqueue((nextFirst, FetchRangeAsync(run, nextFirst, rangeSize, stop.Token)));
                    nextFirst += rangeSize;
                }

                var (first, fetch) = ahead.Dequeue();
                var range = await fetch;
                emptyRanges = range.Found == 0 ? emptyRanges + 1 : 0;
                checkpoint.CursorId = first + rangeSize - 1;
                run.State.ProgressDone += range.Found;
                run.State.ProgressTotal = Math.Max(run.State.ProgressTotal, run.State.ProgressDone);
                await run.WriteAsync(range.Upserts, range.Deletes, ct);
            }
        }
        finally
        {
            // Ranges fetched past the end (or past a failure) are dropped: nothing of them was written or checkpointed.
            await stop.CancelAsync();
            var abandoned = ahead.Select(a => a.Fetch).ToList();
            await Task.WhenAny(Task.WhenAll(abandoned));
            abandoned.ForEach(f => _ = f.Exception);
        }

        checkpoint.CursorAt = checkpoint.RunStartedAt;
    }

    private static async Task<RestRange> FetchRangeAsync(PeopleSyncRun run, long first, int rangeSize, CancellationToken ct)
    {
        var ids = Enumerable.Range(0, rangeSize).Select(i => (first + i).ToString(CultureInfo.InvariantCulture));
        var range = new RestRange();
        await foreach (var lead in run.Client.GetLeadsByFilterAsync("id", ids, run.Fields, rangeSize, ct))
        {
            range.Found++;
            if (MarketoPersonFields.ToPerson(lead.Id, lead.GetString) is { } person)
            {
                _ = person.ContentHash;
                range.Upserts.Add(person);
            }
            else
            {
                range.Deletes.Add(lead.Id);
            }
        }

        return range;
    }

    /// <summary>The people of one id range, and how many leads it held.</summary>
    private sealed class RestRange
    {
        public List<PersonRecord> Upserts { get; } = [];
        public List<long> Deletes { get; } = [];
        public int Found { get; set; }
    }

    private sealed record ExtractWindow(DateTime Start, DateTime End, string ExportId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk extract is unavailable for account {SalesAccountId} ({Reason}); reading leads by id ranges instead")]
    private partial void LogBulkUnavailable(Guid salesAccountId, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {SalesAccountId}: the store already held people created {WindowStart:u} – {WindowEnd:u}; that window is upserted")]
    private partial void LogFoundStored(Guid salesAccountId, DateTime windowStart, DateTime windowEnd);

    [LoggerMessage(Level = LogLevel.Information, Message = "Marketo's bulk queue is full for account {SalesAccountId} ({Reason}); waiting for room")]
    private partial void LogQueueFull(Guid salesAccountId, string? reason);
}

/// <summary>Marketo's daily export bytes are used up: the initial pass waits for the reset.</summary>
public sealed class ExportLimitReachedException(string? message) : Exception(message);
