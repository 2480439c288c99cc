using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>What one writer did in one run.</summary>
public sealed record ActivityWriteSummary(int Written, int Failed, int Skipped, int Unknown, string? StoppedBecause = null)
{
    public static readonly ActivityWriteSummary Nothing = new(0, 0, 0, 0);
}

/// <summary>
/// Writes pending activities to Marketo as custom activities, ≤ 300 a call, through the subscription's one limiter
/// and within the people sync's share of the daily quota. Exactly once: a batch is marked Sending before it leaves;
/// if its answer is lost, the next run reads back through Get Lead Activities what landed (matched on our activity
/// id attribute) and resends only the rest. Scoped: resolve it in a scope that acts for the account.
/// </summary>
public sealed partial class MarketoActivityWriter(
    AppDbContext db,
    MarketoConnectionStore connections,
    IMarketoClientFactory clients,
    MarketoLimiterRegistry limiters,
    IOptions<ActivityWriteOptions> options,
    IOptions<MarketoClientOptions> clientOptions,
    IOptions<PeopleSyncOptions> syncOptions,
    TimeProvider clock,
    ILogger<MarketoActivityWriter> logger)
{
    private const int MaxLeadIdsPerRead = 30;

    public async Task<ActivityWriteSummary> WriteAsync(Guid accountId, CancellationToken ct)
    {
        if (!await db.ActivityWrites.AnyAsync(w => w.Destination == ActivityDestination.Marketo
                && (w.State == ActivityWriteState.Pending || w.State == ActivityWriteState.Sending), ct))
        {
            return ActivityWriteSummary.Nothing;
        }

        if (await connections.GetAsync(ct) is not { } connection)
        {
            return ActivityWriteSummary.Nothing with { StoppedBecause = "Marketo is not connected" };
        }

        var client = clients.Create(connection);
        var limiter = limiters.For(connection);
        var budget = Math.Max(1, (int)Math.Floor(clientOptions.Value.DailyQuota * syncOptions.Value.DailyQuotaShare));
        int written = 0, failed = 0;
        try
        {
            var typeIds = await MarketoActivityTypes.EnsureAsync(client, ct);
            var (found, resent) = await ResolveUnknownAsync(client, typeIds, ct);
            written += found;
            if (found + resent > 0)
            {
                LogReadBack(accountId, found, resent);
            }

            // Up to MarketoConcurrentCalls batches in flight while the next one is read and marked: the client's limiter,
            // not the store's round trips, sets the pace. The store is used by this loop alone, one step at a time.
            var inFlight = new List<(List<(ActivityWrite Write, SalesActivity Activity)> Batch, Task<IReadOnlyList<Connections.Marketo.Wire.MarketoRecordResult>> Call)>();
            var concurrency = options.Value.MarketoConcurrentCalls;
            string? stoppedBecause = null;
            MarketoApiException? refused = null;
            var unknown = 0;
            var exhausted = false;
            while (true)
            {
                while (stoppedBecause is null && !exhausted && inFlight.Count < concurrency && !ct.IsCancellationRequested)
                {
                    if (limiter.CallsToday >= budget)
                    {
                        LogQuota(accountId, limiter.CallsToday, budget);
                        stoppedBecause = "quota";
                        break;
                    }

                    var batch = await NextBatchAsync(ActivityWriteState.Pending, options.Value.MarketoBatchSize, ct);
                    if (batch.Count == 0)
                    {
                        exhausted = true;
                        break;
                    }

                    var now = clock.GetUtcNow().UtcDateTime;
                    foreach (var (write, _) in batch)
                    {
                        write.State = ActivityWriteState.Sending;
                        write.Attempts++;
                        write.LastAttemptAt = now;
                    }

                    // Committed before the call: whatever happens next, a later run knows this batch may have landed.
                    await db.SaveChangesAsync(ct);
                    inFlight.Add((batch, client.AddCustomActivitiesAsync([.. batch.Select(b => MarketoActivityTypes.ToMarketo(b.Activity, typeIds[b.Activity.Kind]))], ct)));
                }

                if (inFlight.Count == 0)
                {
                    break;
                }

                var done = await Task.WhenAny(inFlight.Select(f => f.Call));
                var flight = inFlight.First(f => f.Call == done);
                inFlight.Remove(flight);
                IReadOnlyList<Connections.Marketo.Wire.MarketoRecordResult> results;
                try
                {
                    results = await done;
                }
                catch (Exception e) when (IsOutcomeUnknown(e, ct))
                {
                    // Left Sending: the next run reads back what landed. The calls still in flight are settled first.
                    LogUnknown(e, accountId, flight.Batch.Count);
                    unknown += flight.Batch.Count;
                    stoppedBecause ??= "unknown outcome";
                    Forget(flight.Batch);
                    continue;
                }
                catch (MarketoApiException e)
                {
                    // Marketo refused the whole call before applying it (limits, quota, token): send it again later.
                    foreach (var (write, _) in flight.Batch)
                    {
                        write.State = ActivityWriteState.Pending;
                    }

                    await db.SaveChangesAsync(CancellationToken.None);
                    Forget(flight.Batch);
                    refused ??= e;
                    stoppedBecause ??= e is MarketoDailyQuotaExceededException ? "quota" : e.Message;
                    continue;
                }

                for (var i = 0; i < flight.Batch.Count; i++)
                {
                    var write = flight.Batch[i].Write;
                    var result = i < results.Count ? results[i] : null;
                    if (result is { Status: "added" })
                    {
                        MarkWritten(write, result.MarketoGuid ?? result.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        written++;
                    }
                    else
                    {
                        var error = result?.Errors?.FirstOrDefault() ?? result?.Reasons?.FirstOrDefault();
                        write.State = ActivityWriteState.Failed;
                        write.Reason = error?.Code == "1004"
                            ? "Marketo no longer has this person (deleted or merged), so the activity cannot be added. Nothing to do: it stays in the Sales app."
                            : "Marketo refused the activity: {0}. Check the Sales App custom activity types in Marketo Admin → Marketo Custom Activities.";
                        write.ReasonDetail = Cut(error is null ? "no result for this activity" : MarketoActivityTypes.Describe(error));
                        failed++;
                    }
                }

                await db.SaveChangesAsync(ct);
                Forget(flight.Batch);
                LogBatch(accountId, flight.Batch.Count, written, failed);
            }

            if (refused is not null and not MarketoDailyQuotaExceededException)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refused);
            }

            if (stoppedBecause is not null)
            {
                return new ActivityWriteSummary(written, failed, 0, unknown, stoppedBecause);
            }
        }
        catch (MarketoDailyQuotaExceededException)
        {
            return new ActivityWriteSummary(written, failed, 0, 0, "quota");
        }

        return new ActivityWriteSummary(written, failed, 0, 0);
    }

    /// <summary>
    /// Activities whose answer was lost: asks Marketo which landed (Get Lead Activities from just before the oldest one,
    /// for their types and leads), marks those written and puts the rest back to be sent.
    /// </summary>
    private async Task<(int Found, int Resent)> ResolveUnknownAsync(IMarketoClient client, IReadOnlyDictionary<SalesActivityKind, int> typeIds, CancellationToken ct)
    {
        int found = 0, resent = 0;
        while (true)
        {
            var batch = await NextBatchAsync(ActivityWriteState.Sending, options.Value.MarketoBatchSize, ct);
            if (batch.Count == 0)
            {
                return (found, resent);
            }

            var wanted = batch.ToDictionary(b => b.Activity.Id.ToString("N"), b => b.Write, StringComparer.OrdinalIgnoreCase);
            var since = new DateTimeOffset(DateTime.SpecifyKind(batch.Min(b => b.Activity.OccurredAt), DateTimeKind.Utc)).AddSeconds(-1);
            var types = batch.Select(b => typeIds[b.Activity.Kind]).Distinct().ToList();
            foreach (var leads in batch.Select(b => b.Activity.PersonMarketoId).Distinct().Chunk(MaxLeadIdsPerRead))
            {
                var token = await client.GetPagingTokenAsync(since, ct);
                await foreach (var page in client.GetActivitiesAsync(token, types, leads, cancellationToken: ct))
                {
                    foreach (var landed in page.Activities)
                    {
                        if (MarketoActivityTypes.ActivityIdOf(landed) is { } id && wanted.Remove(id, out var write))
                        {
                            MarkWritten(write, landed.MarketoGuid ?? landed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                            found++;
                        }
                    }
                }
            }

            foreach (var write in wanted.Values)
            {
                write.State = ActivityWriteState.Pending;
                resent++;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private async Task<List<(ActivityWrite Write, SalesActivity Activity)>> NextBatchAsync(ActivityWriteState state, int size, CancellationToken ct)
    {
        var writes = await db.ActivityWrites
            .Where(w => w.Destination == ActivityDestination.Marketo && w.State == state)
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.ActivityId)
            .Take(size)
            .ToListAsync(ct);
        var ids = writes.Select(w => w.ActivityId).ToList();
        var activities = await db.SalesActivities.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return [.. writes.Select(w => (w, activities[w.ActivityId]))];
    }

    /// <summary>A settled batch leaves the change tracker, so a run of 100k activities costs the same per batch as one of 300.</summary>
    private void Forget(List<(ActivityWrite Write, SalesActivity Activity)> batch)
    {
        foreach (var (write, _) in batch)
        {
            db.Entry(write).State = EntityState.Detached;
        }
    }

    private void MarkWritten(ActivityWrite write, string? vendorId)
    {
        write.State = ActivityWriteState.Written;
        write.VendorId = vendorId;
        write.Reason = null;
        write.ReasonDetail = null;
        write.WrittenAt = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>No answer, or one that does not say whether Marketo applied the call.</summary>
    private static bool IsOutcomeUnknown(Exception e, CancellationToken ct) => e switch
    {
        HttpRequestException or TimeoutRejectedException or IOException => true,
        OperationCanceledException => !ct.IsCancellationRequested,
        MarketoApiException m => m.HttpStatus >= 500 || m.ErrorCode is MarketoErrorCodes.RequestTimedOut or MarketoErrorCodes.SystemError or MarketoErrorCodes.ActivityProcessingFailed,
        _ => false,
    };

    private static string Cut(string text) => text.Length > ActivityWrite.ReasonLength ? text[..ActivityWrite.ReasonLength] : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Marketo activities of account {SalesAccountId}: batch of {BatchSize} sent; {Written} written, {Failed} failed so far")]
    private partial void LogBatch(Guid salesAccountId, int batchSize, int written, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marketo activities of account {SalesAccountId}: the answer to a batch of {BatchSize} was lost; the next run reads back what landed")]
    private partial void LogUnknown(Exception exception, Guid salesAccountId, int batchSize);

    [LoggerMessage(Level = LogLevel.Information, Message = "Marketo activities of account {SalesAccountId}: read back {Found} that had landed, {Resent} to send again")]
    private partial void LogReadBack(Guid salesAccountId, int found, int resent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marketo activities of account {SalesAccountId} wait: the sync's share of the daily quota is used ({CallsToday} / {Budget})")]
    private partial void LogQuota(Guid salesAccountId, int callsToday, int budget);
}
