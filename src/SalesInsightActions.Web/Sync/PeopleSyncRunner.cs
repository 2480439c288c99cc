using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.Checkpoints;
using SalesInsightActions.Web.Sync.People;

namespace SalesInsightActions.Web.Sync;

/// <summary>
/// One run of one account's people sync: the initial pass until it is done, then the activity feed up to now.
/// Quota exhaustion pauses until the reset; any other failure is recorded on the sync state for the sync page.
/// Scoped: resolve it in a scope that acts for the account.
/// </summary>
public sealed partial class PeopleSyncRunner(
    AppDbContext db,
    AccountScope scope,
    MarketoConnectionStore connections,
    IMarketoClientFactory clients,
    MarketoLimiterRegistry limiters,
    MarketoQuotaClock quotaClock,
    PeopleBatchWriter writer,
    PeopleInitialSync initial,
    PeopleIncrementalSync incremental,
    SyncMetrics metrics,
    IOptions<PeopleSyncOptions> options,
    IOptions<MarketoClientOptions> clientOptions,
    TimeProvider clock,
    ILogger<PeopleSyncRunner> logger)
{
    public async Task<SyncStatus?> RunAsync(Guid accountId, CancellationToken ct)
    {
        using var activity = SyncTracing.StartRun(accountId);
        try
        {
            var status = await RunOnceAsync(accountId, ct);
            activity?.SetTag("sync.status", status?.ToString());
            if (status == SyncStatus.Failed)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
            }

            return status;
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private async Task<SyncStatus?> RunOnceAsync(Guid accountId, CancellationToken ct)
    {
        scope.Enter(accountId);
        var state = await db.SyncStates.FirstOrDefaultAsync(ct);
        if (state?.StartedAt is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (state.Status == SyncStatus.Paused && (state.PauseReason == SyncPauseReason.Admin || (state.PausedUntil is { } until && now < until)))
        {
            // Still this instance's account: its lag keeps growing on /metrics while it waits.
            metrics.Seen(accountId);
            return state.Status;
        }

        state.LastRunAt = now;
        var connection = await connections.GetAsync(ct);
        if (connection is null)
        {
            return await FailAsync(state, "Marketo is not connected. Connect it in Admin Settings → Marketo, then click Run now.", ct);
        }

        var client = clients.Create(connection);
        var limiter = limiters.For(connection);
        state.Status = SyncStatus.Running;
        state.PauseReason = SyncPauseReason.None;
        state.PausedUntil = null;
        state.Version++;
        await db.SaveChangesAsync(ct);
        try
        {
            var checkpoint = await db.SyncCheckpoints.FirstOrDefaultAsync(c => c.Stream == SyncCheckpoint.PeopleStream, ct)
                ?? await StartCheckpointAsync(client, state, ct);
            var description = await client.DescribeLeadsAsync(ct);
            var fields = MarketoPersonFields.Available(description.Fields.Select(f => f.Name));
            var run = new PeopleSyncRun(accountId, client, fields, checkpoint, state, writer, () => EnsureQuotaLeftAsync(accountId, state, limiter));
            Activity.Current?.SetTag("sync.phase", checkpoint.Phase.ToString());
            if (checkpoint.Phase == SyncPhase.Initial)
            {
                // Once per run, not per batch: with several instances, which one holds an account's initial pass.
                LogInitialRunning(accountId, Environment.MachineName, Environment.ProcessId, state.ProgressDone);
                // What changes while the initial pass reads waits in the feed from the run's start.
                metrics.RecordSyncedThrough(accountId, new DateTimeOffset(DateTime.SpecifyKind(checkpoint.RunStartedAt, DateTimeKind.Utc)));
                await initial.RunAsync(run, ct);
                checkpoint.Phase = SyncPhase.Incremental;
                checkpoint.CursorAt = checkpoint.RunStartedAt;
                state.InitialSyncCompletedAt = clock.GetUtcNow().UtcDateTime;
                state.ProgressTotal = state.ProgressDone;
                await run.WriteAsync([], [], ct);
                LogInitialDone(accountId, state.ProgressDone);
            }

            // The feed read to its end: every change made before this pass began is in the store.
            var passStartedAt = clock.GetUtcNow();
            await incremental.RunAsync(run, ct);
            metrics.RecordSyncedThrough(accountId, passStartedAt);
            state.Status = SyncStatus.UpToDate;
            state.LastSuccessAt = clock.GetUtcNow().UtcDateTime;
            RecordQuota(accountId, state, limiter);
            state.Version++;
            await db.SaveChangesAsync(ct);
            return state.Status;
        }
        catch (MarketoDailyQuotaExceededException e)
        {
            return await PauseAsync(state, SyncPauseReason.Quota, e.ResetsAt, limiter, ct);
        }
        catch (ExportLimitReachedException)
        {
            return await PauseAsync(state, SyncPauseReason.ExportLimit, quotaClock.NextReset(), limiter, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await SaveDetachedAsync(accountId, s =>
            {
                s.Status = SyncStatus.Queued;
            });
            throw;
        }
        catch (Exception e) when (e is MarketoApiException or HttpRequestException or InvalidOperationException or DbUpdateException or TimeoutException)
        {
            LogRunFailed(e, accountId);
            return await FailAsync(state, e is MarketoApiException { Classification: MarketoErrorClassification.Fix }
                ? $"Marketo refused the sync: {e.Message}. Check the API user's permissions in Marketo, then click Run now."
                : $"{e.Message} The sync tries again at its next run; click Run now to retry at once.", ct);
        }
    }

    private async Task<SyncCheckpoint> StartCheckpointAsync(IMarketoClient client, SyncState state, CancellationToken ct)
    {
        // The feed token is taken at the run's start, before any extract: whatever changes while the initial pass reads is in the feed.
        var startedAt = clock.GetUtcNow();
        var token = await client.GetPagingTokenAsync(startedAt, ct);
        var checkpoint = new SyncCheckpoint
        {
            Phase = SyncPhase.Initial,
            RunStartedAt = startedAt.UtcDateTime,
            PagingToken = token,
            CursorAt = options.Value.HistoryStart.ToUniversalTime(),
            UpdatedAt = startedAt.UtcDateTime,
        };
        db.SyncCheckpoints.Add(checkpoint);
        state.ProgressDone = 0;
        state.ProgressTotal = 0;
        state.ProgressStartedAt = startedAt.UtcDateTime;
        await db.SaveChangesAsync(ct);
        return checkpoint;
    }

    private Task EnsureQuotaLeftAsync(Guid accountId, SyncState state, MarketoSubscriptionLimiter limiter)
    {
        RecordQuota(accountId, state, limiter);
        return state.QuotaUsed >= state.QuotaLimit
            ? throw new MarketoDailyQuotaExceededException(quotaClock.NextReset(), reportedByMarketo: false)
            : Task.CompletedTask;
    }

    private void RecordQuota(Guid accountId, SyncState state, MarketoSubscriptionLimiter limiter)
    {
        state.QuotaUsed = limiter.CallsToday;
        state.QuotaLimit = Math.Max(1, (int)Math.Floor(clientOptions.Value.DailyQuota * options.Value.DailyQuotaShare));
        metrics.RecordQuota(accountId, state.QuotaUsed, state.QuotaLimit);
    }

    private async Task<SyncStatus> PauseAsync(SyncState state, SyncPauseReason reason, DateTimeOffset until, MarketoSubscriptionLimiter limiter, CancellationToken ct)
    {
        var accountId = state.SalesAccountId;
        RecordQuota(accountId, state, limiter);
        metrics.RecordPaused(accountId, reason);
        LogPaused(accountId, reason, until, state.QuotaUsed, state.QuotaLimit);
        await SaveDetachedAsync(accountId, s =>
        {
            s.Status = SyncStatus.Paused;
            s.PauseReason = reason;
            s.PausedUntil = until.UtcDateTime;
            s.QuotaUsed = state.QuotaUsed;
            s.QuotaLimit = state.QuotaLimit;
        }, ct);
        return SyncStatus.Paused;
    }

    private async Task<SyncStatus> FailAsync(SyncState state, string error, CancellationToken ct)
    {
        await SaveDetachedAsync(state.SalesAccountId, s =>
        {
            s.Status = SyncStatus.Failed;
            s.LastError = error.Length > 2000 ? error[..2000] : error;
            s.LastErrorAt = clock.GetUtcNow().UtcDateTime;
        }, ct);
        return SyncStatus.Failed;
    }

    /// <summary>
    /// Records the outcome on a fresh read of the state: the tracked copy may hold progress of a batch that rolled back.
    /// </summary>
    private async Task SaveDetachedAsync(Guid accountId, Action<SyncState> change, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var state = await db.SyncStates.FirstAsync(s => s.SalesAccountId == accountId, ct);
        change(state);
        state.Version++;
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Initial people sync of account {SalesAccountId} running on {MachineName} process {ProcessId} from {PeopleDone} people done")]
    private partial void LogInitialRunning(Guid salesAccountId, string machineName, int processId, long peopleDone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Initial people sync of account {SalesAccountId} done: {PeopleRead} leads read")]
    private partial void LogInitialDone(Guid salesAccountId, long peopleRead);

    [LoggerMessage(Level = LogLevel.Warning, Message = "People sync of account {SalesAccountId} paused ({Reason}) until {ResumesAt}; quota used {QuotaUsed} / {QuotaLimit}")]
    private partial void LogPaused(Guid salesAccountId, SyncPauseReason reason, DateTimeOffset resumesAt, int quotaUsed, int quotaLimit);

    [LoggerMessage(Level = LogLevel.Error, Message = "People sync of account {SalesAccountId} failed")]
    private partial void LogRunFailed(Exception exception, Guid salesAccountId);
}
