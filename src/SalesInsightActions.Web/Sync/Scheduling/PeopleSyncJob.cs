using Quartz;

namespace SalesInsightActions.Web.Sync.Scheduling;

/// <summary>
/// One account's people sync, fired every <see cref="PeopleSyncOptions.Interval"/>. Quartz never runs two of one account
/// at once, across every instance of a cluster (<see cref="DisallowConcurrentExecutionAttribute"/>); a dead instance's
/// job is recovered by another (RequestRecovery) and resumes from the checkpoint.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PeopleSyncJob(IServiceScopeFactory scopes) : IJob
{
    public const string Group = "people-sync";
    public const string AccountIdKey = "accountId";

    public static JobKey KeyFor(Guid accountId) => new(accountId.ToString("N"), Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var accountId = Guid.Parse(context.MergedJobDataMap.GetString(AccountIdKey)!);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PeopleSyncRunner>().RunAsync(accountId, cancellationToken);
    }
}
