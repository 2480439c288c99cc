using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Sync.Scheduling;

namespace SalesInsightActions.Tests.Sync.Activities;

/// <summary>With the scheduler on, nobody runs the writers by hand: the activity write job does, next to the people sync job.</summary>
public sealed class ActivityWriteJobTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await ActivityWorld.StartAsync(scheduler: true);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_activity_write_job_is_scheduled_beside_the_people_sync_job_and_writes_a_logged_call_out()
    {
        var person = await _world.PersonAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await _world.LogCallAsync(person.MarketoId, "Connected", reason: "Renewal")).StatusCode);

        var activity = await Poll.UntilAsync(
            async () => (await _world.ActivitiesAsync()).Single(),
            a => a.Writes.All(w => w.State == ActivityWriteState.Written),
            TimeSpan.FromSeconds(120));
        Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{activity.Id:N}'"));
        Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.SalesCallReceived));

        var scheduler = await _world.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.True(await scheduler.Exists(ActivityWriteJob.KeyFor(_world.Account)));
        Assert.True(await scheduler.Exists(PeopleSyncJob.KeyFor(_world.Account)));
    }
}
