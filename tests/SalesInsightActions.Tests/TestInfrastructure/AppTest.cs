namespace SalesInsightActions.Tests.TestInfrastructure;

/// <summary>
/// A test class with its own empty PostgreSQL database and the real app on it, started before the
/// first test and torn down after the last. Override <see cref="Settings"/> to configure the app and
/// <see cref="SeedAsync"/> to add data.
/// </summary>
public abstract class AppTest : IAsyncLifetime
{
    protected PostgresDatabase Database { get; private set; } = null!;
    protected AppFactory App { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Listen on Kestrel instead of the in-memory test server (the app then reaches its /sandbox simulators over HTTP).</summary>
    protected virtual bool RealHttp => false;

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabase.CreateAsync();
        App = new AppFactory(Database.ConnectionString, Settings, RealHttp);
        App.CreateClient().Dispose(); // starts the host: migrations run, hosted services start
        await SeedAsync();
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
