using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Database;

namespace SalesInsightActions.Tests.TestInfrastructure;

/// <summary>DbContexts built the way the app builds them, for tests below the HTTP layer.</summary>
public static class Contexts
{
    public static AppDbContext Postgres(string connectionString, AccountScope? scope = null)
    {
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DatabaseSetup.ConfigurePostgres(options, connectionString);
        return new PostgresAppDbContext(options.Options, scope ?? new AccountScope());
    }

    public static AppDbContext Sqlite(string path, AccountScope? scope = null)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DatabaseSetup.ConfigureSqlite(options, $"Data Source={path};Pooling=False");
        return new SqliteAppDbContext(options.Options, scope ?? new AccountScope());
    }

    public static AccountScope ScopeFor(Guid accountId)
    {
        var scope = new AccountScope();
        scope.Enter(accountId);
        return scope;
    }
}
