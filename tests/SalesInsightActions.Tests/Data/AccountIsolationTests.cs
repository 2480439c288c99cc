using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Data;

public sealed class AccountIsolationTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private Guid _accountA;
    private Guid _accountB;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using var db = Contexts.Postgres(_database.ConnectionString);
        await db.Database.MigrateAsync();
        var a = new SalesAccount { Name = "Acme", MunchkinId = "111-AAA-111", CreatedAt = DateTime.UtcNow };
        var b = new SalesAccount { Name = "Globex", MunchkinId = "222-BBB-222", CreatedAt = DateTime.UtcNow };
        db.SalesAccounts.AddRange(a, b);
        await db.SaveChangesAsync();
        (_accountA, _accountB) = (a.Id, b.Id);

        await SeedAsync(_accountA, "alice@acme.example");
        await SeedAsync(_accountB, "bob@globex.example");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task SeedAsync(Guid accountId, string email)
    {
        await using var db = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(accountId));
        db.Members.Add(new Member { Email = email, NormalizedEmail = email.ToUpperInvariant(), IsOriginalUser = true, InvitedAt = DateTime.UtcNow });
        db.MarketoConnections.Add(new AccountMarketoConnection
        {
            MunchkinId = "M-" + email, Endpoint = "https://example.invalid", ClientId = "client-" + email, ProtectedClientSecret = "x", ConnectedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Each_account_sees_only_its_own_rows()
    {
        await using var asA = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(_accountA));
        await using var asB = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(_accountB));

        Assert.Equal(["alice@acme.example"], await asA.Members.Select(m => m.Email).ToListAsync());
        Assert.Equal(["bob@globex.example"], await asB.Members.Select(m => m.Email).ToListAsync());
        Assert.Equal(["client-alice@acme.example"], await asA.MarketoConnections.Select(c => c.ClientId).ToListAsync());
        Assert.Null(await asA.Members.FirstOrDefaultAsync(m => m.Email == "bob@globex.example"));
    }

    [Fact]
    public async Task Query_with_no_account_in_scope_sees_no_owned_rows()
    {
        await using var db = Contexts.Postgres(_database.ConnectionString);

        Assert.Equal(0, await db.Members.CountAsync());
        Assert.Equal(0, await db.MarketoConnections.CountAsync());
        Assert.Equal(2, await db.Members.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task New_rows_are_stamped_with_the_scope_account()
    {
        await using (var asA = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(_accountA)))
        {
            asA.Members.Add(new Member { Email = "carol@acme.example", NormalizedEmail = "CAROL@ACME.EXAMPLE", InvitedAt = DateTime.UtcNow });
            await asA.SaveChangesAsync();
        }

        await using var raw = Contexts.Postgres(_database.ConnectionString);
        var carol = await raw.Members.IgnoreQueryFilters().SingleAsync(m => m.Email == "carol@acme.example");
        Assert.Equal(_accountA, carol.SalesAccountId);
    }

    [Fact]
    public async Task Writing_another_accounts_row_is_refused_and_nothing_is_saved()
    {
        await using var asA = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(_accountA));
        var bobs = await asA.Members.IgnoreQueryFilters().SingleAsync(m => m.Email == "bob@globex.example");
        bobs.FirstName = "Hijacked";
        asA.Members.Add(new Member { Email = "mallory@acme.example", NormalizedEmail = "MALLORY@ACME.EXAMPLE", InvitedAt = DateTime.UtcNow });

        await Assert.ThrowsAsync<AccountIsolationException>(() => asA.SaveChangesAsync());

        await using var raw = Contexts.Postgres(_database.ConnectionString);
        Assert.Null((await raw.Members.IgnoreQueryFilters().SingleAsync(m => m.Email == "bob@globex.example")).FirstName);
        Assert.False(await raw.Members.IgnoreQueryFilters().AnyAsync(m => m.Email == "mallory@acme.example"));
    }

    [Fact]
    public async Task Moving_a_row_to_another_account_is_refused()
    {
        await using var asA = Contexts.Postgres(_database.ConnectionString, Contexts.ScopeFor(_accountA));
        var alice = await asA.Members.SingleAsync();
        alice.SalesAccountId = _accountB;

        await Assert.ThrowsAsync<AccountIsolationException>(() => asA.SaveChangesAsync());
    }

    [Fact]
    public async Task Saving_owned_rows_with_no_account_in_scope_is_refused()
    {
        await using var db = Contexts.Postgres(_database.ConnectionString);
        db.Members.Add(new Member { Email = "orphan@example.com", NormalizedEmail = "ORPHAN@EXAMPLE.COM", SalesAccountId = _accountA, InvitedAt = DateTime.UtcNow });

        await Assert.ThrowsAsync<AccountIsolationException>(() => db.SaveChangesAsync());
    }
}
