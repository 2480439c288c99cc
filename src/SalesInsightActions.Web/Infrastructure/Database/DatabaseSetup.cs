using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Infrastructure.Database;

public static class DatabaseSetup
{
    public const string PostgresConnectionStringName = "Postgres";

    /// <summary>Registers the one <see cref="AppDbContext"/> on PostgreSQL or, with no connection string, on a local SQLite file.</summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<AccountScope>();

        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var postgres = builder.Configuration.GetConnectionString(PostgresConnectionStringName);
        var provider = ResolveProvider(options.Provider, postgres);

        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(postgres))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is empty. Set the connection string or choose Sqlite.");
            }

            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>(o => ConfigurePostgres(o, postgres, options.CommandTimeoutSeconds));
            builder.Services.AddSingleton<IMigrationLock>(sp => new PostgresMigrationLock(postgres, sp.GetRequiredService<ILogger<PostgresMigrationLock>>()));
        }
        else
        {
            var sqliteConnectionString = SqliteConnectionString(builder.Environment.ContentRootPath, options.SqlitePath);
            builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => ConfigureSqlite(o, sqliteConnectionString, options.CommandTimeoutSeconds));
            builder.Services.AddSingleton<IMigrationLock, SqliteMigrationLock>();
        }

        builder.Services.AddHostedService<MigrationRunner>();
        return builder;
    }

    public static DatabaseProvider ResolveProvider(DatabaseProvider configured, string? postgresConnectionString) =>
        configured != DatabaseProvider.Auto
            ? configured
            : string.IsNullOrWhiteSpace(postgresConnectionString) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 30) =>
        options.UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql
            .CommandTimeout(commandTimeoutSeconds)
            .MigrationsHistoryTable("__ef_migrations_history"));

    /// <summary>
    /// Statements the app runs again and again (the session check on every request, each page's queries) are prepared
    /// on their connection after their second use, so PostgreSQL parses and plans them once per connection instead of
    /// on every request: planning was a large part of the database's time per page in the scale benchmark. A
    /// connection string that sets "Max Auto Prepare" itself (0 turns it off) is left as it is.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        // The keys as written (Npgsql's own builder answers ContainsKey for every keyword it knows).
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxAutoPrepare = 100;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 30) =>
        options.UseSqlite(connectionString, sqlite => sqlite
            .CommandTimeout(commandTimeoutSeconds)
            .MigrationsHistoryTable("__ef_migrations_history"));

    public static string SqliteConnectionString(string contentRoot, string sqlitePath)
    {
        var path = Path.IsPathRooted(sqlitePath) ? sqlitePath : Path.Combine(contentRoot, sqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return $"Data Source={path};Cache=Shared;Pooling=True";
    }
}

/// <summary>
/// Applies migrations before the app serves traffic (hosted services start before Kestrel). Several instances
/// starting together take turns through <see cref="IMigrationLock"/>; the later ones then find nothing pending.
/// </summary>
internal sealed class MigrationRunner(IServiceScopeFactory scopes, IMigrationLock migrationLock, IOptions<DatabaseOptions> options, ILogger<MigrationRunner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
        {
            logger.LogInformation("Skipping database migration at start-up (Database:MigrateOnStartup is false)");
            return;
        }

        await using var held = await migrationLock.AcquireAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {MigrationCount} database migrations on {DatabaseProvider}", pending.Count, db.Database.ProviderName);
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
