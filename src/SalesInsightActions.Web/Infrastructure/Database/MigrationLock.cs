using Npgsql;

namespace SalesInsightActions.Web.Infrastructure.Database;

/// <summary>
/// Serializes start-up migrations across app instances. EF Core's own migration lock did not hold on PostgreSQL when
/// two instances started at once (the second re-applied a migration the first had just applied and crashed with 42701,
/// seen in deploy/rehearse.sh), so every instance takes this lock before it even reads which migrations are pending.
/// </summary>
internal interface IMigrationLock
{
    Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken);
}

/// <summary>A session-level advisory lock on its own connection, held until disposed (or the process dies).</summary>
internal sealed class PostgresMigrationLock(string connectionString, ILogger<PostgresMigrationLock> logger) : IMigrationLock
{
    // Any constant shared by every instance of this app; advisory lock keys are per database.
    private const long LockKey = 0x5141_4D69_6772_6174; // "SAMigrat"

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        // Unpooled: disposing a pooled connection only parks its session in the pool, still holding the lock until
        // that connection happens to be reused (another instance then waited for it forever). Closing this one ends
        // the session, and the lock with it.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
            {
                tryLock.Parameters.AddWithValue("key", LockKey);
                if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true)
                {
                    logger.LogInformation("Another instance is migrating the database; waiting for it");
                    await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
                    wait.Parameters.AddWithValue("key", LockKey);
                    await wait.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Closing the session releases the lock; no explicit unlock is needed, even after a failed migration.
    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}

/// <summary>SQLite is the single-instance embedded database: its file lock already serializes writers.</summary>
internal sealed class SqliteMigrationLock : IMigrationLock
{
    public Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable>(Nothing.Instance);

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
