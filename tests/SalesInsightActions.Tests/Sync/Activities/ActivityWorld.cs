using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MarketoCustomActivityStore = SalesInsightActions.Simulators.Marketo.MarketoCustomActivityStore;
using SalesInsightActions.Simulators.Salesforce;
using SalesInsightActions.Tests.Onboarding.SalesforceConnection;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Sync.People;
using MarketoTestClient = SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Sync.Activities;

/// <summary>
/// One test's world for activity write-back: a fresh PostgreSQL database, the Marketo and Salesforce simulators on real
/// Kestrel, the app (scheduler off: tests run the writers), an account whose Marketo connection synced its people and
/// whose Salesforce connection was made through the real OAuth flow, and a signed-in rep.
/// </summary>
public sealed partial class ActivityWorld : IAsyncDisposable
{
    public const string AdminEmail = "owner@acme.example";
    public const string RepEmail = "rep@acme.example";

    private ActivityWorld(PostgresDatabase database, SimulatorServer simulators, AppFactory app, Guid account, HttpClient rep)
    {
        Database = database;
        Simulators = simulators;
        App = app;
        Account = account;
        Rep = rep;
    }

    public PostgresDatabase Database { get; }
    public SimulatorServer Simulators { get; }
    public AppFactory App { get; }
    public Guid Account { get; }
    public HttpClient Rep { get; }
    public MarketoCustomActivityStore MarketoActivities => Simulators.GetRequiredService<MarketoCustomActivityStore>();
    public SalesforceSimulatorState Salesforce => Simulators.GetRequiredService<SalesforceSimulatorState>();

    /// <param name="scheduler">Quartz on: the reconciler schedules the people sync and activity write jobs, which do the work.</param>
    public static async Task<ActivityWorld> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool scheduler = false)
    {
        var simulators = await SimulatorServer.StartAsync(o =>
        {
            o.DataSet.PersonCount = 40;
            o.Marketo.LimitsEnabled = false;
            o.Marketo.BulkQueuedSeconds = 0;
            o.Marketo.BulkProcessingSeconds = 0;
            o.Salesforce.AllowedRedirectUriPrefixes = ["http://localhost/"];
        });
        var database = await PostgresDatabase.CreateAsync();
        var all = new Dictionary<string, string?>
        {
            ["PeopleSync:SchedulerEnabled"] = scheduler ? "true" : "false",
            ["PeopleSync:ReconcileInterval"] = "00:00:01",
            ["Activities:Interval"] = "00:00:01",
            ["PeopleSync:HistoryStart"] = "2023-12-30T00:00:00Z",
            ["Marketo:BulkExportPollInterval"] = "00:00:00",
            ["Marketo:RetryBaseDelay"] = "00:00:00",
            ["Salesforce:RetryBaseDelay"] = "00:00:00.010",
            ["Salesforce:LoginHost"] = simulators.BaseUrl.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new AppFactory(database.ConnectionString, all);
        var account = await AccountSeeder.CreateAccountAsync(app);
        await AccountSeeder.CreateActiveMemberAsync(app, account, AdminEmail, isOriginalUser: true);
        await AccountSeeder.CreateActiveMemberAsync(app, account, RepEmail, Web.Users.MemberRole.StandardUser);

        // Salesforce: the account connection, made by the admin through the simulator's sign-in and consent pages.
        using (var admin = await AccountSeeder.SignInAsync(app, AdminEmail))
        {
            var start = await AccountSeeder.PostFormAsync(admin, "/settings/salesforce?handler=Connect", new() { ["environment"] = "production" }, "/settings/salesforce");
            Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
            var callback = await SalesforceConnectionWorld.AuthorizeAsync(start.Headers.Location!, SalesforceConnectionWorld.ProductionAdmin);
            var done = await admin.GetAsync(callback.PathAndQuery);
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }

        // Marketo: connected and its people synced, as after Start Sync.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Web.Data.AccountScope>().Enter(account);
            await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
                .SaveAsync("123-ABC-456", simulators.BaseUrl, "sim-marketo-client-id", "sim-marketo-client-secret", Guid.NewGuid());
            var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
            Assert.True(await db.SalesforceConnections.AnyAsync(c => c.IsAccountConnection), "The Salesforce account connection was not made.");
            db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow, StartedByMemberId = Guid.NewGuid() });
            await db.SaveChangesAsync();
        }

        if (scheduler)
        {
            await Poll.UntilAsync(
                async () => { await using var scope = app.CreateScope(account, out var db); return await db.SyncStates.Select(s => s.Status).FirstAsync(); },
                status => status == SyncStatus.UpToDate, TimeSpan.FromSeconds(120));
        }
        else
        {
            await using var scope = app.Services.CreateAsyncScope();
            Assert.Equal(SyncStatus.UpToDate, await scope.ServiceProvider.GetRequiredService<PeopleSyncRunner>().RunAsync(account, CancellationToken.None));
        }

        var rep = await AccountSeeder.SignInAsync(app, RepEmail);
        return new ActivityWorld(database, simulators, app, account, rep);
    }

    public async Task<T> WithDbAsync<T>(Func<Web.Data.AppDbContext, Task<T>> work)
    {
        await using var scope = App.CreateScope(Account, out var db);
        return await work(db);
    }

    /// <summary>A synced person with (or, when false, stripped of) a Salesforce contact or lead id.</summary>
    public async Task<Person> PersonAsync(bool withSalesforceId = true, int skip = 0)
    {
        var person = await WithDbAsync(db => db.People.AsNoTracking()
            .Where(p => p.SalesforceContactId != null || p.SalesforceLeadId != null).OrderBy(p => p.MarketoId).Skip(skip).FirstAsync());
        if (!withSalesforceId)
        {
            await WithDbAsync(async db =>
            {
                var row = await db.People.FirstAsync(p => p.MarketoId == person.MarketoId);
                row.SalesforceContactId = null;
                row.SalesforceLeadId = null;
                return await db.SaveChangesAsync();
            });
        }

        return person;
    }

    /// <summary>Log a call on the person's page, as the rep's browser does (the form's own key and antiforgery token).</summary>
    public async Task<HttpResponseMessage> LogCallAsync(long marketoId, string outcome, string? reason = null, string? duration = null, string? notes = null, string? callKey = null)
    {
        var page = $"/people/{marketoId}";
        callKey ??= CallKey().Match(await Rep.GetStringAsync(page)).Groups["key"].Value;
        var fields = new Dictionary<string, string> { ["outcome"] = outcome, ["callKey"] = callKey };
        if (reason is not null)
        {
            fields["reason"] = reason;
        }

        if (duration is not null)
        {
            fields["durationMinutes"] = duration;
        }

        if (notes is not null)
        {
            fields["notes"] = notes;
        }

        return await AccountSeeder.PostFormAsync(Rep, $"{page}?handler=LogCall", fields, page);
    }

    /// <summary>Send email on the person's page, as the rep's browser does (the form's own key and antiforgery token).</summary>
    public async Task<HttpResponseMessage> SendEmailAsync(long marketoId, string subject, string body, string? emailKey = null)
    {
        var page = $"/people/{marketoId}";
        emailKey ??= EmailKey().Match(await Rep.GetStringAsync(page)).Groups["key"].Value;
        return await AccountSeeder.PostFormAsync(Rep, $"{page}?handler=SendEmail",
            new() { ["subject"] = subject, ["body"] = body, ["emailKey"] = emailKey }, page);
    }

    /// <summary>A client with no cookies and no automatic redirects: a mail client fetching the pixel, a reader clicking, a mail provider posting.</summary>
    public HttpClient Anonymous() => App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public async Task<(ActivityWriteSummary Marketo, ActivityWriteSummary Salesforce)> RunWritersAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ActivityWriteRunner>().RunAsync(Account, CancellationToken.None);
    }

    public Task<List<SalesActivity>> ActivitiesAsync() =>
        WithDbAsync(db => db.SalesActivities.AsNoTracking().Include(a => a.Writes).OrderBy(a => a.CreatedAt).ToListAsync());

    /// <summary>Get Lead Activities on the simulator, over raw HTTP (not the product's client): the activities of this type for the lead.</summary>
    public async Task<List<JsonElement>> MarketoLeadActivitiesAsync(long leadId, SalesActivityKind kind)
    {
        using var http = await MarketoTestClient.CreateAuthorizedClientAsync(Simulators);
        return await MarketoTestClient.LeadActivitiesAsync(http, leadId, Web.Sync.Activities.MarketoActivityTypes.ApiName(kind), DateTimeOffset.UtcNow.AddDays(-1));
    }

    /// <summary>A SOQL query on Tasks through the account's Salesforce connection.</summary>
    /// <param name="extraFields">More Task fields to select, comma-separated (e.g. the package's custom fields).</param>
    public async Task<List<JsonElement>> QueryTasksAsync(string where, string? extraFields = null)
    {
        var connectionId = await WithDbAsync(db => db.SalesforceConnections.Where(c => c.IsAccountConnection).Select(c => c.Id).FirstAsync());
        await using var scope = App.CreateScope(Account, out _);
        var client = scope.ServiceProvider.GetRequiredService<ISalesforceClientFactory>().Create(connectionId.ToString());
        var rows = new List<JsonElement>();
        await foreach (var row in client.QueryAsync(
            $"SELECT Id, Subject, Type, Status, WhoId, Description, CallDurationInSeconds, mkto_si__Call_Outcome__c, mkto_si__Call_Reason__c, mkto_si__Sales_Activity_Id__c{(extraFields is null ? "" : ", " + extraFields)} FROM Task WHERE {where}"))
        {
            rows.Add(row.Clone());
        }

        return rows;
    }

    /// <summary>Any SOQL query through the account's Salesforce connection (the product's client, over HTTP).</summary>
    public async Task<List<JsonElement>> QuerySalesforceAsync(string soql)
    {
        var connectionId = await WithDbAsync(db => db.SalesforceConnections.Where(c => c.IsAccountConnection).Select(c => c.Id).FirstAsync());
        await using var scope = App.CreateScope(Account, out _);
        var client = scope.ServiceProvider.GetRequiredService<ISalesforceClientFactory>().Create(connectionId.ToString());
        var rows = new List<JsonElement>();
        await foreach (var row in client.QueryAsync(soql))
        {
            rows.Add(row.Clone());
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        Rep.Dispose();
        await App.DisposeAsync();
        await Simulators.DisposeAsync();
        await Database.DisposeAsync();
    }

    [GeneratedRegex("""name="callKey" value="(?<key>[0-9a-f]+)""")]
    private static partial Regex CallKey();

    [GeneratedRegex("""name="emailKey" value="(?<key>[0-9a-f]+)""")]
    private static partial Regex EmailKey();
}
