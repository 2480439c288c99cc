using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Web.Sync.Activities;

namespace SalesInsightActions.Tests.Sync.Activities.SalesEmails;

/// <summary>
/// With the scheduler on and the activity write job's interval an hour away, an unsubscribe still reaches Salesforce
/// at once: the one-click POST fires the account's Email Opt Out job.
/// </summary>
public sealed class EmailOptOutJobTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await ActivityWorld.StartAsync(
        new Dictionary<string, string?> { ["SalesEmail:ScannerWindow"] = "00:00:00", ["Activities:Interval"] = "01:00:00" }, scheduler: true);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task An_unsubscribe_is_written_to_Salesforce_at_once_not_at_the_next_interval()
    {
        var person = await _world.WithDbAsync(db => db.People.AsNoTracking()
            .Where(p => p.Email != null && p.SalesforceContactId != null).OrderBy(p => p.MarketoId).FirstAsync());
        var (_, _, _, outbox) = await SalesEmailWorld.SendAsync(_world, to: person);
        using var mailClient = _world.Anonymous();
        var posted = await mailClient.PostAsync(new Uri(outbox.ListUnsubscribe!).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        var state = await Poll.UntilAsync(
            () => _world.WithDbAsync(db => db.EmailOptOuts.AsNoTracking().Select(o => o.SalesforceState).SingleAsync()),
            s => s == ActivityWriteState.Written, TimeSpan.FromSeconds(90));
        Assert.Equal(ActivityWriteState.Written, state);
        var row = Assert.Single(await _world.QuerySalesforceAsync($"SELECT Id, HasOptedOutOfEmail FROM Contact WHERE Id = '{person.SalesforceContactId}'"));
        Assert.True(row.GetProperty("HasOptedOutOfEmail").GetBoolean());
    }
}
