using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.People;

namespace SalesInsightActions.Tests.Sync.People;

/// <summary>
/// The people table's raw SQL (COPY + upsert on PostgreSQL, prepared upsert on SQLite, deletes) bypasses EF's account
/// filter, so its isolation is proven here: two accounts with the same Marketo ids never read or write each other's rows.
/// </summary>
public abstract class PeopleStoreIsolationTests : IAsyncLifetime
{
    private Guid _a;
    private Guid _b;

    protected abstract IPeopleStore Store { get; }

    protected abstract AppDbContext Context(AccountScope? scope = null);

    public virtual async Task InitializeAsync()
    {
        await using var db = Context();
        await db.Database.MigrateAsync();
        var a = new SalesAccount { Name = "A", MunchkinId = "AAA-111-AAA", CreatedAt = DateTime.UtcNow };
        var b = new SalesAccount { Name = "B", MunchkinId = "BBB-222-BBB", CreatedAt = DateTime.UtcNow };
        db.SalesAccounts.AddRange(a, b);
        await db.SaveChangesAsync();
        (_a, _b) = (a.Id, b.Id);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Upserts_and_deletes_touch_only_their_own_account()
    {
        var now = new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(3, await WriteAsync(_a, db => Store.UpsertAsync(db, _a, [Person(1, "Ann"), Person(2, "Bob"), Person(3, "Cy")], now, default)));
        Assert.Equal(2, await WriteAsync(_b, db => Store.UpsertAsync(db, _b, [Person(1, "Bea"), Person(2, "Ben")], now, default)));

        // Same content: no write. Changed content: one write, in A only.
        Assert.Equal(0, await WriteAsync(_a, db => Store.UpsertAsync(db, _a, [Person(1, "Ann"), Person(2, "Bob")], now, default)));
        Assert.Equal(1, await WriteAsync(_a, db => Store.UpsertAsync(db, _a, [Person(1, "Ann"), Person(2, "Bobby")], now, default)));

        // Deleting A's ids 1 and 3 leaves B's person 1.
        Assert.Equal(2, await WriteAsync(_a, db => Store.DeleteAsync(db, _a, [1, 3], default)));
        // B deleting an id only A has deletes nothing.
        Assert.Equal(0, await WriteAsync(_b, db => Store.DeleteAsync(db, _b, [3], default)));

        Assert.Equal([(2L, "Bobby")], await NamesAsync(_a));
        Assert.Equal([(1L, "Bea"), (2L, "Ben")], await NamesAsync(_b));
    }

    [Fact]
    public async Task A_batch_naming_one_person_twice_keeps_the_last()
    {
        var now = DateTime.UtcNow;
        await WriteAsync(_a, db => Store.UpsertAsync(db, _a, [Person(9, "First"), Person(9, "Second")], now, default));
        Assert.Equal([(9L, "Second")], await NamesAsync(_a));
        Assert.Empty(await NamesAsync(_b));
    }

    [Fact]
    public async Task New_people_go_in_for_their_own_account_only_and_a_stored_one_writes_nothing()
    {
        var now = DateTime.UtcNow;
        Assert.Equal(2, await WriteAsync(_a, db => Store.UpsertAsync(db, _a, [Person(1, "Ann"), Person(2, "Bob")], now, default)));

        // B's people with A's ids are new to B: written for B, A's rows untouched.
        Assert.Equal(2, await WriteAsync(_b, db => Store.InsertNewAsync(db, _b, [Person(1, "Bea"), Person(2, "Ben")], now, default)));
        Assert.Equal([(1L, "Ann"), (2L, "Bob")], await NamesAsync(_a));
        Assert.Equal([(1L, "Bea"), (2L, "Ben")], await NamesAsync(_b));

        // On PostgreSQL a batch naming a person A already has is refused whole, and the rollback keeps none of it.
        if (RefusesStoredPeople)
        {
            await Assert.ThrowsAsync<PeopleAlreadyStoredException>(() =>
                WriteAsync(_a, db => Store.InsertNewAsync(db, _a, [Person(3, "Cy"), Person(2, "Bobby")], now, default)));
            Assert.Equal([(1L, "Ann"), (2L, "Bob")], await NamesAsync(_a));
        }
        else
        {
            Assert.Equal(2, await WriteAsync(_a, db => Store.InsertNewAsync(db, _a, [Person(3, "Cy"), Person(2, "Bobby")], now, default)));
            Assert.Equal([(1L, "Ann"), (2L, "Bobby"), (3L, "Cy")], await NamesAsync(_a));
        }

        Assert.Equal([(1L, "Bea"), (2L, "Ben")], await NamesAsync(_b));
    }

    /// <summary>Whether <see cref="IPeopleStore.InsertNewAsync"/> refuses a stored person (PostgreSQL's COPY) or upserts it (SQLite).</summary>
    protected abstract bool RefusesStoredPeople { get; }

    private async Task<int> WriteAsync(Guid accountId, Func<AppDbContext, Task<int>> write)
    {
        await using var db = Context(Contexts.ScopeFor(accountId));
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await write(db);
        await transaction.CommitAsync();
        return result;
    }

    private async Task<List<(long, string?)>> NamesAsync(Guid accountId)
    {
        await using var db = Context(Contexts.ScopeFor(accountId));
        var rows = await db.People.AsNoTracking().OrderBy(p => p.MarketoId).ToListAsync();
        Assert.All(rows, r => Assert.Equal(accountId, r.SalesAccountId));
        return [.. rows.Select(r => (r.MarketoId, r.FirstName))];
    }

    private static PersonRecord Person(long id, string firstName) => new(
        id, firstName, "Doe", $"{firstName.ToLowerInvariant()}@example.com", "Acme", "VP", null, null, "Web",
        null, $"00Q00000000000{id:D4}", null, null, "005000000000001AAA", "Lead", DateTime.UtcNow, null);
}

public sealed class PostgresPeopleStoreIsolationTests : PeopleStoreIsolationTests
{
    private PostgresDatabase _database = null!;

    protected override IPeopleStore Store { get; } = new PostgresPeopleStore();

    protected override bool RefusesStoredPeople => true;

    protected override AppDbContext Context(AccountScope? scope = null) => Contexts.Postgres(_database.ConnectionString, scope);

    public override async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync() => await _database.DisposeAsync();
}

public sealed class SqlitePeopleStoreIsolationTests : PeopleStoreIsolationTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sia-people-{Guid.NewGuid():N}.db");

    protected override IPeopleStore Store { get; } = new SqlitePeopleStore();

    protected override bool RefusesStoredPeople => false;

    protected override AppDbContext Context(AccountScope? scope = null) => Contexts.Sqlite(_path, scope);

    public override Task DisposeAsync()
    {
        File.Delete(_path);
        return Task.CompletedTask;
    }
}
