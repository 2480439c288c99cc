using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Users;

public sealed class MemberAdministrationTests : AppTest
{
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
    }

    private async Task<T> AdministerAsync<T>(Func<MemberAdministration, Task<T>> action)
    {
        await using var scope = App.CreateScope(_account, out _);
        return await action(scope.ServiceProvider.GetRequiredService<MemberAdministration>());
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_demoted_deactivated_or_deleted()
    {
        var admin = await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");

        Assert.Equal(MemberChangeRefusal.LastAdmin, await AdministerAsync(a => a.SetRoleAsync(admin.Id, MemberRole.StandardUser)));
        Assert.Equal(MemberChangeRefusal.LastAdmin, await AdministerAsync(a => a.DeactivateAsync(admin.Id)));
        Assert.Equal(MemberChangeRefusal.LastAdmin, await AdministerAsync(a => a.DeleteAsync(admin.Id, null)));

        var second = await AccountSeeder.CreateActiveMemberAsync(App, _account, "second@acme.example");
        Assert.Equal(MemberChangeRefusal.None, await AdministerAsync(a => a.SetRoleAsync(admin.Id, MemberRole.StandardUser)));
        Assert.Equal(MemberChangeRefusal.LastAdmin, await AdministerAsync(a => a.DeactivateAsync(second.Id)));
    }

    [Fact]
    public async Task Deactivating_frees_a_seat_and_reactivating_needs_one()
    {
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");
        var rep = await AccountSeeder.CreateActiveMemberAsync(App, _account, "rep@acme.example", MemberRole.StandardUser);

        Assert.Equal(MemberChangeRefusal.None, await AdministerAsync(a => a.DeactivateAsync(rep.Id)));
        await using (var scope = App.CreateScope(_account, out var db))
        {
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<MemberDirectory>().SeatsAsync()).Used);
            for (var i = 0; i < 99; i++)
            {
                db.Members.Add(new Member { Email = $"s{i}@acme.example", NormalizedEmail = $"S{i}@ACME.EXAMPLE", Status = MemberStatus.Active, InvitedAt = DateTime.UtcNow });
            }

            await db.SaveChangesAsync();
        }

        Assert.Equal(MemberChangeRefusal.NoSeatsLeft, await AdministerAsync(a => a.ReactivateAsync(rep.Id)));
    }

    [Fact]
    public async Task The_original_user_cannot_be_deleted_once_sync_has_started()
    {
        await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");
        var original = await AccountSeeder.CreateActiveMemberAsync(App, _account, "original@acme.example", isOriginalUser: true);
        await using (var scope = App.CreateScope(_account, out var db))
        {
            db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        Assert.Equal(MemberChangeRefusal.OriginalUserAfterSyncStarted, await AdministerAsync(a => a.DeleteAsync(original.Id, null)));
    }

    [Fact]
    public async Task Deleting_the_owner_of_the_marketo_connection_hands_it_over_and_frees_the_email()
    {
        var admin = await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");
        var owner = await AccountSeeder.CreateActiveMemberAsync(App, _account, "owner@acme.example");
        await using (var scope = App.CreateScope(_account, out var db))
        {
            db.MarketoConnections.Add(new AccountMarketoConnection { MunchkinId = "1", Endpoint = "https://1.mktorest.com", ClientId = "c", ProtectedClientSecret = "s", ConnectedByMemberId = owner.Id, ConnectedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        Assert.Equal(MemberChangeRefusal.HandOverRequired, await AdministerAsync(a => a.DeleteAsync(owner.Id, null)));
        Assert.Equal(MemberChangeRefusal.HandOverTargetInvalid, await AdministerAsync(a => a.DeleteAsync(owner.Id, owner.Id)));
        Assert.Equal(MemberChangeRefusal.None, await AdministerAsync(a => a.DeleteAsync(owner.Id, admin.Id)));

        await using var check = App.CreateScope(_account, out var after);
        Assert.Equal(admin.Id, (await after.MarketoConnections.SingleAsync()).ConnectedByMemberId);
        Assert.False(await after.Members.AnyAsync(m => m.Id == owner.Id));
        Assert.False(await after.Users.AnyAsync(u => u.Email == "owner@acme.example"));
    }

    [Fact]
    public async Task Teams_are_capped_at_twenty_and_everyone_cannot_be_left()
    {
        var admin = await AccountSeeder.CreateActiveMemberAsync(App, _account, "admin@acme.example");
        for (var i = 1; i <= 19; i++)
        {
            Assert.Equal(MemberChangeRefusal.None, await AdministerAsync(a => a.CreateTeamAsync($"Team {i}", null)));
        }

        Assert.Equal(MemberChangeRefusal.TeamLimitReached, await AdministerAsync(a => a.CreateTeamAsync("Team 20", null)));
        Assert.Equal(MemberChangeRefusal.TeamNameInvalid, await AdministerAsync(a => a.CreateTeamAsync("  ", null)));

        await using var scope = App.CreateScope(_account, out var db);
        var everyone = await db.Teams.SingleAsync(t => t.IsEveryone);
        var team1 = await db.Teams.SingleAsync(t => t.Name == "Team 1");
        Assert.Equal(MemberChangeRefusal.None, await AdministerAsync(a => a.AddToTeamAsync(team1.Id, [admin.Id])));
        Assert.Equal(MemberChangeRefusal.None, await AdministerAsync(a => a.AddToTeamAsync(team1.Id, [admin.Id])));
        Assert.Equal(1, await db.TeamMemberships.CountAsync(m => m.TeamId == team1.Id));
        Assert.Equal(MemberChangeRefusal.EveryoneTeamIsFixed, await AdministerAsync(a => a.RemoveFromTeamAsync(everyone.Id, [admin.Id])));
        Assert.Equal(MemberChangeRefusal.None, await AdministerAsync(a => a.RemoveFromTeamAsync(team1.Id, [admin.Id])));
        Assert.Equal(0, await db.TeamMemberships.CountAsync(m => m.TeamId == team1.Id));
    }
}
