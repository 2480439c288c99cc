using Quartz;
using SalesInsightActions.Web.Sync.Activities;

namespace SalesInsightActions.Web.Sync.Scheduling;

/// <summary>
/// One account's activity write-back, fired every <see cref="ActivityWriteOptions.Interval"/> next to its
/// <see cref="PeopleSyncJob"/>. Like it: never two of one account at once across the cluster, recovered by another
/// instance if this one dies, resumed from the committed write states.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ActivityWriteJob(IServiceScopeFactory scopes) : IJob
{
    public const string Group = "activity-write";

    public static JobKey KeyFor(Guid accountId) => new(accountId.ToString("N"), Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var accountId = Guid.Parse(context.MergedJobDataMap.GetString(PeopleSyncJob.AccountIdKey)!);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ActivityWriteRunner>().RunAsync(accountId, cancellationToken);
    }
}
