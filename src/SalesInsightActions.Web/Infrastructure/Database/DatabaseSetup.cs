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
        options.UseNpgsql(WithConnectionDefaults(connectionString), npgsql => npgsql
            .CommandTimeout(commandTimeoutSeconds)
            .MigrationsHistoryTable("__ef_migrations_history"));

    /// <summary>
    /// The app's pooled-connection defaults; a connection string that sets either key itself is left as it says.
    /// <list type="bullet">
    /// <item>Statements the app runs again and again (the session check on every request, each page's queries) are
    /// prepared on their connection after their second use, so PostgreSQL parses and plans them once per connection
    /// instead of on every request ("Max Auto Prepare"; 0 turns it off).</item>
    /// <item>"No Reset On Close": a connection going back to the pool is not reset. The reset is seven statements
    /// (RESET ALL, CLOSE ALL, UNLISTEN *, DISCARD TEMP, …) sent before the connection's next use, and EF opens a
    /// connection for each query: at scale that was 3 to 4 resets per page view, more statements than the page's own.
    /// Nothing here leaves session state behind: settings are SET LOCAL, the people staging table is emptied at
    /// commit (and now kept for the next batch instead of recreated), advisory locks live on unpooled connections.</item>
    /// </list>
    /// </summary>
    public static string WithConnectionDefaults(string connectionString)
    {
        // The keys as written (Npgsql's own builder answers ContainsKey for every keyword it knows).
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Sets(string key) => written.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 100;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Sets("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

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
