using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Quartz;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.Diagnostics;
using SalesInsightActions.Web.Sync.People;
using SalesInsightActions.Web.Sync.Scheduling;

namespace SalesInsightActions.Web.Sync;

/// <summary>What the sync page shows: state, progress with rate and ETA, quota, throughput over time and the last errors.</summary>
public sealed record SyncOverview(
    bool Started,
    SyncStatus Status,
    SyncPauseReason PauseReason,
    DateTime? PausedUntil,
    long Done,
    long Total,
    double? PeoplePerMinute,
    TimeSpan? Eta,
    int QuotaUsed,
    int QuotaLimit,
    DateTime? InitialSyncCompletedAt,
    DateTime? LastSuccessAt,
    string? LastError,
    DateTime? LastErrorAt,
    long PeopleCount,
    IReadOnlyList<SyncRejection> Rejections,
    long RejectedCount,
    ThroughputSeries Throughput,
    long Version,
    DiagnosticsCounts FailedWrites,
    bool PeopleCountEstimated = false)
{
    public int Percent => Total <= 0 ? (InitialSyncCompletedAt is null ? 0 : 100) : (int)Math.Min(100, Done * 100 / Total);

    /// <summary>The state in one word for scripts and tests: NotStarted, Queued, Running, Paused, Failed or UpToDate.</summary>
    public string State => Started ? Status.ToString() : "NotStarted";

    /// <summary>The state as a sentence: a SharedResource key and its arguments.</summary>
    public (string Key, object[] Args) Describe() => (Started, Status, PauseReason) switch
    {
        (false, _, _) => ("The sync hasn't been started yet.", []),
        (_, SyncStatus.Queued, _) => ("Queued: the sync starts shortly.", []),
        (_, SyncStatus.Running, _) => ("Running.", []),
        (_, SyncStatus.Paused, SyncPauseReason.Quota) => ("Paused: today's Marketo API quota is used up. It resumes at {0} UTC.", [Format(PausedUntil)]),
        (_, SyncStatus.Paused, SyncPauseReason.ExportLimit) => ("Paused: today's Marketo bulk export limit is used up. It resumes at {0} UTC.", [Format(PausedUntil)]),
        (_, SyncStatus.Paused, _) => ("Paused by an admin. Click Resume to continue.", []),
        (_, SyncStatus.Failed, _) => ("Failed: {0} Fix the cause, then click Run now.", [LastError ?? ""]),
        _ => ("Up to date.", []),
    };

    private static string Format(DateTime? at) =>
        at?.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}

public sealed record SyncRejection(long MarketoId, string Reason, DateTime RejectedAt);

/// <summary>The sync page's one service: read the overview; Pause, Resume and Run now for admins.</summary>
public sealed class SyncControl(
    AppDbContext db, AuditTrail audit, ISchedulerFactory schedulers, SyncThroughput throughput, PeopleCounter counter, ActivityDiagnostics diagnostics,
    SyncMetrics metrics, IOptions<PeopleSyncOptions> options, IMemoryCache cache, TimeProvider clock)
{
    /// <summary>
    /// The page's overview. <paramref name="withFailedWrites"/> is false for the status poll, whose snapshot does not
    /// show the Diagnostics counts.
    /// </summary>
    public async Task<SyncOverview> OverviewAsync(ThroughputRange range, CancellationToken ct, bool withFailedWrites = true)
    {
        var state = await db.SyncStates.AsNoTracking().FirstOrDefaultAsync(ct);
        var (count, rejections, rejected, series) = await AggregatesAsync(state, range, ct);
        var people = count.Value;
        var failedWrites = withFailedWrites ? await diagnostics.CountsAsync(ct) : new DiagnosticsCounts(0, 0);
        if (state is null)
        {
            return new SyncOverview(false, SyncStatus.Queued, SyncPauseReason.None, null, 0, 0, null, null, 0, 0, null, null, null, null, people, rejections, rejected, series, 0, failedWrites, count.Estimated);
        }

        double? rate = null;
        TimeSpan? eta = null;
        if (state.ProgressStartedAt is { } since && state.InitialSyncCompletedAt is null && state.ProgressDone > 0)
        {
            var minutes = (clock.GetUtcNow().UtcDateTime - since).TotalMinutes;
            if (minutes > 0)
            {
                rate = state.ProgressDone / minutes;
                eta = state.ProgressTotal > state.ProgressDone ? TimeSpan.FromMinutes((state.ProgressTotal - state.ProgressDone) / rate.Value) : TimeSpan.Zero;
            }
        }

        return new SyncOverview(state.StartedAt is not null, state.Status, state.PauseReason, state.PausedUntil, state.ProgressDone, state.ProgressTotal,
            rate, eta, state.QuotaUsed, state.QuotaLimit, state.InitialSyncCompletedAt, state.LastSuccessAt, state.LastError, state.LastErrorAt,
            people, rejections, rejected, series, state.Version + people + rejected, failedWrites, count.Estimated);
    }

    /// <summary>How long an account's counts, last rejections and throughput series are reused while nothing was synced.</summary>
    public static readonly TimeSpan AggregatesFreshFor = TimeSpan.FromMinutes(2);

    private sealed record SyncAggregates(StoredPeopleCount People, IReadOnlyList<SyncRejection> Rejections, long Rejected, ThroughputSeries Series);

    /// <summary>
    /// The parts of the overview that are read from the synced data: the people count, the rejected people and the
    /// throughput. Only a sync batch changes them, and every batch moves the state's Version in its own transaction,
    /// so they are kept per Version (and per minute for the throughput window, which moves with the clock): every admin
    /// watching the page, and each of their status polls, reads them once per batch instead of once per request.
    /// </summary>
    private async Task<SyncAggregates> AggregatesAsync(SyncState? state, ThroughputRange range, CancellationToken ct)
    {
        var minute = clock.GetUtcNow().UtcDateTime.Ticks / TimeSpan.TicksPerMinute;
        (string, Guid, long, ThroughputRange, long)? key = state is null ? null : ("sync-aggregates", state.SalesAccountId, state.Version, range, minute);
        if (key is not null && cache.TryGetValue(key.Value, out SyncAggregates? cached) && cached is not null)
        {
            return cached;
        }

        var fresh = new SyncAggregates(
            await counter.CountAsync(ct),
            await db.RejectedPeople.AsNoTracking().OrderByDescending(r => r.RejectedAt).Take(20)
                .Select(r => new SyncRejection(r.MarketoId, r.Reason, r.RejectedAt)).ToListAsync(ct),
            await db.RejectedPeople.LongCountAsync(ct),
            await throughput.ReadAsync(range, ct));
        if (key is not null)
        {
            cache.Set(key.Value, fresh, AggregatesFreshFor);
        }

        return fresh;
    }

    /// <summary>Stops the sync after its current batch until an admin resumes it.</summary>
    public async Task<bool> PauseAsync(CancellationToken ct)
    {
        var state = await db.SyncStates.FirstOrDefaultAsync(ct);
        if (state?.StartedAt is null)
        {
            return false;
        }

        state.Status = SyncStatus.Paused;
        state.PauseReason = SyncPauseReason.Admin;
        state.PausedUntil = null;
        state.Version++;
        audit.Add(AuditActions.SyncPaused);
        await db.SaveChangesAsync(ct);
        metrics.RecordPaused(state.SalesAccountId, SyncPauseReason.Admin);
        return true;
    }

    public async Task<bool> ResumeAsync(CancellationToken ct)
    {
        var state = await db.SyncStates.FirstOrDefaultAsync(ct);
        if (state?.StartedAt is null || state.Status != SyncStatus.Paused)
        {
            return false;
        }

        state.Status = SyncStatus.Queued;
        state.PauseReason = SyncPauseReason.None;
        state.PausedUntil = null;
        state.Version++;
        audit.Add(AuditActions.SyncResumed);
        await db.SaveChangesAsync(ct);
        await TriggerAsync(state.SalesAccountId, ct);
        return true;
    }

    /// <summary>Runs the account's sync now (unless an admin paused it) instead of at its next interval.</summary>
    public async Task<bool> RunNowAsync(CancellationToken ct)
    {
        var state = await db.SyncStates.FirstOrDefaultAsync(ct);
        if (state?.StartedAt is null || state is { Status: SyncStatus.Paused, PauseReason: SyncPauseReason.Admin })
        {
            return false;
        }

        audit.Add(AuditActions.SyncRunRequested);
        await db.SaveChangesAsync(ct);
        await TriggerAsync(state.SalesAccountId, ct);
        return true;
    }

    private async Task TriggerAsync(Guid accountId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await SyncReconcilerJob.EnsureScheduledAsync(scheduler, accountId, options.Value.Interval, ct);
        await scheduler.TriggerJob(PeopleSyncJob.KeyFor(accountId), ct);
    }
}
