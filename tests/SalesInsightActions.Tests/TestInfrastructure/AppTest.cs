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

    /// <summary>Run the app on a throwaway SQLite file instead of PostgreSQL (for suites that must hold on both).</summary>
    protected virtual bool UseSqlite => false;

    /// <summary>The SQLite file when <see cref="UseSqlite"/>; null on PostgreSQL.</summary>
    protected string? SqlitePath { get; private set; }

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>(Settings ?? new Dictionary<string, string?>());
        if (UseSqlite)
        {
            SqlitePath = Path.Combine(Path.GetTempPath(), $"sia-test-{Guid.NewGuid():N}.db");
            settings["Database:Provider"] = "Sqlite";
            settings["Database:SqlitePath"] = SqlitePath;
        }

        App = new AppFactory(Database.ConnectionString, settings, RealHttp, ConfigureServices);
        App.CreateClient().Dispose(); // starts the host: migrations run, hosted services start
        await SeedAsync();
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Extra service registrations after the app's own.</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
        if (SqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { SqlitePath, SqlitePath + "-wal", SqlitePath + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
