using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Scheduling;

/// <summary>
/// Finds accounts whose sync was started (Start Sync only writes the sync state row) and gives each its
/// <see cref="PeopleSyncJob"/> and <see cref="ActivityWriteJob"/>; removes jobs of accounts that no longer sync. Rebuilds every job after a restart of the
/// in-memory (SQLite) scheduler.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SyncReconcilerJob(IServiceScopeFactory scopes, IOptions<PeopleSyncOptions> options, IOptions<Activities.ActivityWriteOptions> activities) : IJob
{
    public static readonly JobKey Key = new("sync-reconciler", "sync");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        List<Guid> started;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Across accounts by design: the scheduler serves every account (it reads only ids).
            started = await db.SyncStates.IgnoreQueryFilters().Where(s => s.StartedAt != null).Select(s => s.SalesAccountId).ToListAsync(cancellationToken);
        }

        var scheduler = context.Scheduler;
        foreach (var accountId in started)
        {
            await EnsureScheduledAsync(scheduler, accountId, options.Value.Interval, cancellationToken);
        }

        foreach (var accountId in started)
        {
            await EnsureScheduledAsync<ActivityWriteJob>(scheduler, ActivityWriteJob.KeyFor(accountId), accountId, activities.Value.Interval, cancellationToken);
        }

        await RemoveOthersAsync(scheduler, PeopleSyncJob.Group, started.Select(PeopleSyncJob.KeyFor).ToHashSet(), cancellationToken);
        await RemoveOthersAsync(scheduler, ActivityWriteJob.Group, started.Select(ActivityWriteJob.KeyFor).ToHashSet(), cancellationToken);
    }

    private static async Task RemoveOthersAsync(IScheduler scheduler, string group, HashSet<JobKey> wanted, CancellationToken ct)
    {
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(group), ct))
        {
            if (!wanted.Contains(key))
            {
                await scheduler.DeleteJob(key, ct);
            }
        }
    }

    /// <summary>Schedules the account's job (first run now) unless it exists; safe when two instances race.</summary>
    public static Task<bool> EnsureScheduledAsync(IScheduler scheduler, Guid accountId, TimeSpan interval, CancellationToken ct) =>
        EnsureScheduledAsync<PeopleSyncJob>(scheduler, PeopleSyncJob.KeyFor(accountId), accountId, interval, ct);

    private static async Task<bool> EnsureScheduledAsync<TJob>(IScheduler scheduler, JobKey key, Guid accountId, TimeSpan interval, CancellationToken ct)
        where TJob : IJob
    {
        if (await scheduler.Exists(key, ct))
        {
            return false;
        }

        var job = JobBuilder.Create<TJob>()
            .WithIdentity(key)
            .UsingJobData(PeopleSyncJob.AccountIdKey, accountId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key.Name, key.Group)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), ct);
            return true;
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another instance scheduled it first.
            return false;
        }
    }
}
