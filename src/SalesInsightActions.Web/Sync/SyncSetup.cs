using Microsoft.Extensions.Options;
using Quartz;
using SalesInsightActions.Web.Infrastructure.Database;
using SalesInsightActions.Web.Sync.Diagnostics;
using SalesInsightActions.Web.Sync.People;
using SalesInsightActions.Web.Sync.Scheduling;

namespace SalesInsightActions.Web.Sync;

public static class SyncSetup
{
    /// <summary>
    /// The people sync engine and its scheduler: Quartz with the clustered ADO job store on PostgreSQL (any number of
    /// instances share the accounts' jobs), the in-memory store on SQLite (one instance; jobs rebuilt from the sync states).
    /// </summary>
    public static WebApplicationBuilder AddSync(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PeopleSyncOptions>()
            .Bind(builder.Configuration.GetSection(PeopleSyncOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var postgres = builder.Configuration.GetConnectionString(DatabaseSetup.PostgresConnectionStringName);
        var onPostgres = DatabaseSetup.ResolveProvider(database.Provider, postgres) == DatabaseProvider.Postgres;
        if (onPostgres)
        {
            builder.Services.AddSingleton<IPeopleStore, PostgresPeopleStore>();
        }
        else
        {
            builder.Services.AddSingleton<IPeopleStore, SqlitePeopleStore>();
        }

        builder.Services.AddSingleton<SyncMetrics>();
        builder.Services.AddScoped<PeopleBatchWriter>();
        builder.Services.AddScoped<SyncThroughput>();
        builder.Services.AddSingleton<PeopleInitialSync>();
        builder.Services.AddSingleton<PeopleIncrementalSync>();
        builder.Services.AddScoped<PeopleSyncRunner>();
        builder.Services.AddScoped<SyncControl>();
        builder.Services.AddScoped<PeopleDirectory>();
        builder.Services.AddScoped<PeopleCounter>();

        var sync = builder.Configuration.GetSection(PeopleSyncOptions.Section).Get<PeopleSyncOptions>() ?? new PeopleSyncOptions();
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "sales-insight-actions";
                s.GenerateInstanceId = true;
            });
            q.UseDefaultThreadPool(sync.MaxConcurrentJobs);
            if (onPostgres)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(postgres!);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = sync.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = sync.ClusterCheckinMisfireThreshold;
                    });
                });
            }

            q.AddJob<SyncReconcilerJob>(j => j.WithIdentity(SyncReconcilerJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(SyncReconcilerJob.Key).WithIdentity("sync-reconciler", "sync").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(sync.ReconcileInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        if (sync.SchedulerEnabled)
        {
            builder.Services.AddHostedService<SchedulerHost>();
        }

        return builder;
    }
}
