using Microsoft.EntityFrameworkCore;
using Quartz;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Scheduling;

/// <summary>
/// Starts the Quartz scheduler once the database is reachable and fully migrated, instead of Quartz's own hosted
/// service, which starts (and validates its job-store tables) while the host starts: an instance that comes up
/// before its database, or before another instance has applied the migrations that create the qrtz_ tables, must
/// still start, answer /health/ready with 503, and begin syncing as soon as the database is ready.
/// </summary>
internal sealed class SchedulerHost(
    ISchedulerFactory schedulers, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<SchedulerHost> logger) : BackgroundService
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Migrations run in an earlier hosted service; waiting for ApplicationStarted keeps start-up fast and ordered.
        var started = new TaskCompletionSource();
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                if (await DatabaseReadyAsync(stoppingToken))
                {
                    _scheduler = await schedulers.GetScheduler(stoppingToken);
                    await _scheduler.Start(stoppingToken);
                    logger.LogInformation("Sync scheduler {SchedulerInstanceId} started", _scheduler.SchedulerInstanceId);
                    return;
                }

                if (attempt == 0)
                {
                    logger.LogWarning("The sync scheduler waits for the database to be reachable and migrated");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The sync scheduler could not start yet; retrying");
            }

            await Task.Delay(Backoff[Math.Min(attempt, Backoff.Length - 1)], stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is { } scheduler)
        {
            // Running batches are checkpointed per batch, so not waiting for jobs loses nothing.
            await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
        }
    }

    private async Task<bool> DatabaseReadyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Database.CanConnectAsync(ct) && !(await db.Database.GetPendingMigrationsAsync(ct)).Any();
    }
}
