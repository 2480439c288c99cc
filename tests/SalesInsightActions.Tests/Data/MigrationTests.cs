using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task Empty_postgres_database_migrates_from_zero_with_no_pending_model_changes()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var db = Contexts.Postgres(database.ConnectionString);

        await db.Database.MigrateAsync();

        await AssertFullyMigrated(db);
    }

    [Fact]
    public async Task Empty_sqlite_database_migrates_from_zero_with_no_pending_model_changes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sia-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = Contexts.Sqlite(path);

            await db.Database.MigrateAsync();

            await AssertFullyMigrated(db);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task AssertFullyMigrated(AppDbContext db)
    {
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures: add a migration for this provider.");
        // Every mapped table exists and answers a query.
        Assert.Equal(0, await db.SalesAccounts.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.DataProtectionKeys.CountAsync());
    }
}
