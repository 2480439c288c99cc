using Quartz;
using SalesInsightActions.Web.Sync.Activities.SalesEmails;

namespace SalesInsightActions.Web.Sync.Scheduling;

/// <summary>
/// Writes an account's pending Email Opt Outs to Salesforce, fired the moment someone unsubscribes (not at the next
/// interval). One at a time per account across the cluster; recovered by another instance if this one dies. If
/// Salesforce is unreachable, the rows stay pending and the <see cref="ActivityWriteJob"/>'s runs retry them.
/// </summary>
[DisallowConcurrentExecution]
public sealed class EmailOptOutJob(IServiceScopeFactory scopes) : IJob
{
    public const string Group = "email-opt-out";

    public static JobKey KeyFor(Guid accountId) => new(accountId.ToString("N"), Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var accountId = Guid.Parse(context.MergedJobDataMap.GetString(PeopleSyncJob.AccountIdKey)!);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Data.AccountScope>().Enter(accountId);
        await scope.ServiceProvider.GetRequiredService<EmailOptOutWriter>().WriteAsync(accountId, cancellationToken);
    }

    /// <summary>Fires the account's job now (stored durably the first time).</summary>
    public static async Task TriggerNowAsync(IScheduler scheduler, Guid accountId, CancellationToken ct)
    {
        var key = KeyFor(accountId);
        if (!await scheduler.Exists(key, ct))
        {
            var job = JobBuilder.Create<EmailOptOutJob>()
                .WithIdentity(key)
                .UsingJobData(PeopleSyncJob.AccountIdKey, accountId.ToString())
                .StoreDurably()
                .RequestRecovery()
                .Build();
            try
            {
                await scheduler.AddJob(job, new AddJobOptions(), ct);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another request or instance added it first.
            }
        }

        await scheduler.TriggerJob(key, ct);
    }
}
