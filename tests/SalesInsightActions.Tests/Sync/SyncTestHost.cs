using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Simulators;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.People;

namespace SalesInsightActions.Tests.Sync;

public enum StoreKind
{
    Postgres,
    Sqlite,
}

/// <summary>
/// The real app (PostgreSQL or SQLite, scheduler off so tests drive each run) syncing from a real simulator over HTTP,
/// with one Sales account connected to it and its sync started.
/// </summary>
public sealed class SyncTestHost : IAsyncDisposable
{
    private readonly PostgresDatabase _database;
    private readonly string? _sqlitePath;
    private readonly WebApplicationFactory<Program> _factory;

    private readonly bool _realHttp;

    private SyncTestHost(PostgresDatabase database, string? sqlitePath, WebApplicationFactory<Program> factory, SimulatorServer simulator, Guid accountId, bool realHttp)
    {
        _realHttp = realHttp;
        _database = database;
        _sqlitePath = sqlitePath;
        _factory = factory;
        Simulator = simulator;
        AccountId = accountId;
        SimulatorClient = simulator.CreateClient();
    }

    public SimulatorServer Simulator { get; }
    public HttpClient SimulatorClient { get; }
    public Guid AccountId { get; }
    public IServiceProvider Services => _factory.Services;

    /// <summary>The app, for <see cref="AccountSeeder"/> (not available with a test clock, which wraps it).</summary>
    public AppFactory App => _factory as AppFactory ?? throw new InvalidOperationException("A host started with a clock has no AppFactory of its own.");

    /// <summary>A client of the app: over loopback TCP when started with realHttp, else in memory.</summary>
    public HttpClient CreateAppClient() => _realHttp
        ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
        }
        : _factory.CreateClient(new() { AllowAutoRedirect = false });

    public static async Task<SyncTestHost> StartAsync(
        StoreKind store, int people = 200, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null, Action<SimulatorOptions>? simulator = null,
        bool realHttp = false)
    {
        var server = await SimulatorServer.StartAsync(o =>
        {
            o.DataSet.PersonCount = people;
            o.Marketo.LimitsEnabled = false;
            o.Marketo.BulkQueuedSeconds = 0;
            o.Marketo.BulkProcessingSeconds = 0;
            simulator?.Invoke(o);
        });
        var database = await PostgresDatabase.CreateAsync();
        var sqlitePath = store == StoreKind.Sqlite ? Path.Combine(Path.GetTempPath(), $"sia-sync-{Guid.NewGuid():N}.db") : null;
        var all = new Dictionary<string, string?>
        {
            ["PeopleSync:SchedulerEnabled"] = "false",
            ["PeopleSync:HistoryStart"] = "2023-12-30T00:00:00Z",
            ["PeopleSync:BatchSize"] = "50",
            ["Marketo:BulkExportPollInterval"] = "00:00:00",
            ["Marketo:VendorCallsPerWindow"] = "100000",
            ["Marketo:RetryBaseDelay"] = "00:00:00",
        };
        if (sqlitePath is not null)
        {
            all["Database:Provider"] = "Sqlite";
            all["Database:SqlitePath"] = sqlitePath;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        WebApplicationFactory<Program> factory = new AppFactory(database.ConnectionString, all, realHttp);
        if (clock is not null)
        {
            factory = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(clock)));
        }

        factory.CreateClient().Dispose();
        var accountId = await CreateAccountAsync(factory);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Web.Data.AccountScope>().Enter(accountId);
            await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
                .SaveAsync("123-ABC-456", server.BaseUrl, "sim-marketo-client-id", "sim-marketo-client-secret", Guid.NewGuid());
            var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
            db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow, StartedByMemberId = Guid.NewGuid() });
            await db.SaveChangesAsync();
        }

        return new SyncTestHost(database, sqlitePath, factory, server, accountId, realHttp);
    }

    public static async Task<Guid> CreateAccountAsync(WebApplicationFactory<Program> factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
        var account = new Web.Accounts.SalesAccount { Name = "Sync test", MunchkinId = $"SYNC-{Guid.NewGuid():N}"[..20], CreatedAt = DateTime.UtcNow };
        db.SalesAccounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    public async Task<SyncStatus?> RunAsync(CancellationToken ct = default)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PeopleSyncRunner>().RunAsync(AccountId, ct);
    }

    public async Task<T> WithDbAsync<T>(Func<Web.Data.AppDbContext, Task<T>> read)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Web.Data.AccountScope>().Enter(AccountId);
        return await read(scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>());
    }

    public Task<SyncState> StateAsync() => WithDbAsync(db => db.SyncStates.AsNoTracking().FirstAsync());

    public Task<List<Person>> PeopleAsync() => WithDbAsync(db => db.People.AsNoTracking().OrderBy(p => p.MarketoId).ToListAsync());

    /// <summary>The simulator's truth, read independently of the sync through leads.json by id (every field).</summary>
    public Task<List<PersonRecord>> ExpectedPeopleAsync(long maxId) => ExpectedPeopleAsync(_factory.Services, Simulator.BaseUrl, maxId);

    /// <summary>The truth of the simulator at <paramref name="simulatorBaseUrl"/>, read with the app's Marketo client from <paramref name="services"/>.</summary>
    public static async Task<List<PersonRecord>> ExpectedPeopleAsync(IServiceProvider services, Uri simulatorBaseUrl, long maxId)
    {
        var client = services.GetRequiredService<IMarketoClientFactory>()
            .Create(new MarketoConnection(simulatorBaseUrl, "sim-marketo-client-id", "sim-marketo-client-secret"));
        var fields = MarketoPersonFields.Available((await client.DescribeLeadsAsync()).Fields.Select(f => f.Name));
        var ids = Enumerable.Range(1, (int)maxId).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var people = new List<PersonRecord>();
        await foreach (var lead in client.GetLeadsByFilterAsync("id", ids, fields))
        {
            if (MarketoPersonFields.ToPerson(lead.Id, lead.GetString) is { } person)
            {
                people.Add(person);
            }
        }

        return [.. people.OrderBy(p => p.MarketoId)];
    }

    /// <summary>Count and SHA-256 over the 13 fields and the owner, in Marketo id order.</summary>
    public static (int Count, string Checksum) Checksum(IEnumerable<PersonRecord> people)
    {
        var text = new StringBuilder();
        var count = 0;
        foreach (var person in people.OrderBy(p => p.MarketoId))
        {
            count++;
            text.AppendJoin('\u001f', person.SyncedValues().Select(v => v ?? "\u2400")).Append('\u001e');
        }

        return (count, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))));
    }

    public static PersonRecord ToRecord(Person p) => new(
        p.MarketoId, p.FirstName, p.LastName, p.Email, p.Company, p.Title, p.Phone, p.LinkedInUrl, p.Source,
        p.SalesforceContactId, p.SalesforceLeadId, p.SalesforceAccountId, p.SalesforceOpportunityId, p.SalesforceOwnerId, p.SalesforceOwnerType,
        p.MarketoCreatedAt, p.MarketoUpdatedAt);

    public async Task AssertStoreEqualsSimulatorAsync(long maxId)
    {
        var expected = Checksum(await ExpectedPeopleAsync(maxId));
        var actual = Checksum((await PeopleAsync()).Select(ToRecord));
        Assert.Equal(expected, actual);
    }

    public async Task SimulatorPostAsync(string path, object body)
    {
        var response = await SimulatorClient.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task SimulatorPatchAsync(string path, object body)
    {
        var response = await SimulatorClient.PatchAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Calls <paramref name="onBatch"/> after each batch this app commits (the sync's written counter).</summary>
    public MeterListener OnBatch(Action<long> onBatch)
    {
        var factory = _factory.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SyncMetrics.MeterName && instrument.Name == "sync.people.written" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => onBatch(value));
        listener.Start();
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        SimulatorClient.Dispose();
        await _factory.DisposeAsync();
        await Simulator.DisposeAsync();
        await _database.DisposeAsync();
        if (_sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_sqlitePath);
        }
    }
}
