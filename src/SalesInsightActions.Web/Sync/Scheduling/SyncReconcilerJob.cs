using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Scheduling;

/// <summary>
/// Finds accounts whose sync was started (Start Sync only writes the sync state row) and gives each its
/// <see cref="PeopleSyncJob"/>; removes jobs of accounts that no longer sync. Rebuilds every job after a restart of the
/// in-memory (SQLite) scheduler.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SyncReconcilerJob(IServiceScopeFactory scopes, IOptions<PeopleSyncOptions> options) : IJob
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

        var wanted = started.Select(PeopleSyncJob.KeyFor).ToHashSet();
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(PeopleSyncJob.Group), cancellationToken))
        {
            if (!wanted.Contains(key))
            {
                await scheduler.DeleteJob(key, cancellationToken);
            }
        }
    }

    /// <summary>Schedules the account's job (first run now) unless it exists; safe when two instances race.</summary>
    public static async Task<bool> EnsureScheduledAsync(IScheduler scheduler, Guid accountId, TimeSpan interval, CancellationToken ct)
    {
        var key = PeopleSyncJob.KeyFor(accountId);
        if (await scheduler.Exists(key, ct))
        {
            return false;
        }

        var job = JobBuilder.Create<PeopleSyncJob>()
            .WithIdentity(key)
            .UsingJobData(PeopleSyncJob.AccountIdKey, accountId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key.Name, PeopleSyncJob.Group)
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
