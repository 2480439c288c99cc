using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Connections;
using SalesInsightActions.Web.Sync.Activities;

namespace SalesInsightActions.Tests.Sync.Activities;

/// <summary>
/// Write-back under faults injected at 10 % of vendor calls — HTTP 503s, Marketo 606 / 615 / 601 / 602, writes applied
/// and then answered by a dropped connection, slow answers — ends exactly as a clean run: every activity once in
/// Marketo, once as a Task, every write Written.
/// </summary>
public sealed class ActivityFaultTests : IAsyncLifetime
{
    private const int People = 30;
    private ActivityWorld _world = null!;

    // Small batches: more vendor calls, so 10 % of them is a real number of faults.
    public async Task InitializeAsync() => _world = await ActivityWorld.StartAsync(new Dictionary<string, string?>
    {
        ["Activities:MarketoBatchSize"] = "4",
        ["Activities:SalesforceBatchSize"] = "4",
    });

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task With_faults_at_ten_percent_the_end_state_equals_a_clean_runs()
    {
        var repId = await _world.WithDbAsync(db => db.Members.Where(m => m.Email == ActivityWorld.RepEmail).Select(m => m.Id).SingleAsync());
        var people = await _world.WithDbAsync(db => db.People.AsNoTracking().Where(p => p.SalesforceContactId != null || p.SalesforceLeadId != null)
            .OrderBy(p => p.MarketoId).Take(People).Select(p => p.MarketoId).ToListAsync());
        Assert.Equal(People, people.Count);
        await using (var scope = _world.App.CreateScope(_world.Account, out _))
        {
            var recorder = scope.ServiceProvider.GetRequiredService<SalesActivityRecorder>();
            foreach (var person in people)
            {
                Assert.True(await recorder.RecordAsync(SalesActivityKind.SalesCallReceived, person, repId, new SalesActivityPayload { CallOutcome = "Busy" }, $"call-{person}", CancellationToken.None));
                Assert.True(await recorder.RecordAsync(SalesActivityKind.SendSalesEmail, person, repId, new SalesActivityPayload { Subject = $"Hello {person}" }, $"mail-{person}", CancellationToken.None));
            }
        }

        await _world.Simulators.PostAsync("_sim/faults", new
        {
            serverErrorRate = 0.1,
            marketoErrorRate = 0.1,
            marketoErrorCodes = new[] { "606", "615", "601", "602" },
            lostWriteAnswerRate = 0.1,
            responseDelayMilliseconds = 20,
            randomSeed = 11,
        });
        var faults = _world.Simulators.GetRequiredService<SalesInsightActions.Simulators.Faults.FaultInjector>();
        var before = faults.Injected;
        var rounds = 0;
        while (await OpenWritesAsync() > 0 && rounds < 60)
        {
            rounds++;
            await _world.RunWritersAsync();
        }

        Assert.True(await OpenWritesAsync() == 0, $"Writes still open after {rounds} runs under faults.");
        // 60 activities in batches of 4 to two vendors (30+ writes, read-backs, describes): at 10 % a handful of faults at least.
        Assert.True(faults.Injected - before >= 3, $"Only {faults.Injected - before} faults were injected: the test would prove little.");

        // A last run without faults changes nothing: the end state is final.
        await _world.Simulators.PostAsync("_sim/faults", new { serverErrorRate = 0.0, marketoErrorRate = 0.0, lostWriteAnswerRate = 0.0, responseDelayMilliseconds = 0 });
        await _world.RunWritersAsync();

        var activities = await _world.ActivitiesAsync();
        Assert.Equal(2 * People, activities.Count);
        Assert.All(activities.SelectMany(a => a.Writes), w => Assert.True(w.State == ActivityWriteState.Written, $"{w.ActivityId} {w.Destination}: {w.State} {w.Reason} {w.ReasonDetail}"));

        var marketoIds = _world.MarketoActivities.RecordedActivities
            .Select(a => a.Attributes.GetValueOrDefault(MarketoActivityTypes.ActivityId.ApiName) ?? a.Attributes.GetValueOrDefault(MarketoActivityTypes.ActivityId.Name))
            .ToList();
        Assert.Equal(activities.Select(a => a.Id.ToString("N")).Order(), marketoIds.Select(id => Guid.Parse(id!).ToString("N")).Order());

        var tasks = _world.Salesforce.Records.WrittenTasks();
        var taskKeys = tasks.Select(t => (string?)t["mkto_si__Sales_Activity_Id__c"]).ToList();
        Assert.Equal(activities.Select(a => a.Id.ToString("N")).Order(), taskKeys.Order());
        Assert.Equal(People, tasks.Count(t => (string?)t["Type"] == "Call"));
        Assert.Equal(People, tasks.Count(t => ((string?)t["Subject"])?.StartsWith("Email: Hello ", StringComparison.Ordinal) == true));
    }

    private Task<int> OpenWritesAsync() =>
        _world.WithDbAsync(db => db.ActivityWrites.CountAsync(w => w.State == ActivityWriteState.Pending || w.State == ActivityWriteState.Sending));
}
