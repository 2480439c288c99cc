using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Users;

/// <summary>
/// Issue 10, finding 14: reactivation did not take the per-account seat lock that inviting takes, so two reactivations
/// racing an invite could take the account past 100 seats. On PostgreSQL, with real concurrent requests: the invite is
/// held inside its transaction (after counting seats, while inserting), the two reactivations run meanwhile.
/// </summary>
public sealed class SeatLimitConcurrencyTests : AppTest
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private Guid _account;
    private readonly List<Guid> _deactivated = [];

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, $"admin-{_run}@acme.example");
        await using var scope = App.CreateScope(_account, out var db);
        // 98 seats taken (the admin and 97 more), two deactivated members waiting to come back.
        for (var i = 0; i < 97; i++)
        {
            db.Members.Add(NewMember($"seat{i:D2}-{_run}@acme.example", MemberStatus.Active));
        }

        for (var i = 0; i < 2; i++)
        {
            var member = NewMember($"back{i}-{_run}@acme.example", MemberStatus.Deactivated);
            db.Members.Add(member);
            _deactivated.Add(member.Id);
        }

        await db.SaveChangesAsync();
    }

    private static Member NewMember(string email, MemberStatus status) => new()
    {
        Email = email, NormalizedEmail = email.ToUpperInvariant(), Role = MemberRole.StandardUser, Status = status, InvitedAt = DateTime.UtcNow,
        DeactivatedAt = status == MemberStatus.Deactivated ? DateTime.UtcNow : null,
    };

    [Fact]
    public async Task Two_reactivations_racing_an_invite_never_take_the_account_past_100_seats()
    {
        var gate = new MemberInsertGate();
        await using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(gate))));
        using var inviter = await AccountSeeder.SignInAsync(app, $"admin-{_run}@acme.example");
        using var reactivator1 = await AccountSeeder.SignInAsync(app, $"admin-{_run}@acme.example");
        using var reactivator2 = await AccountSeeder.SignInAsync(app, $"admin-{_run}@acme.example");

        gate.Arm();
        var invite = AccountSeeder.PostFormAsync(inviter, "/users/invite", new() { ["Emails"] = $"new-{_run}@acme.example", ["Role"] = "standard" });
        Assert.True(await gate.Paused.Task.WaitAsync(TimeSpan.FromSeconds(60)) , "the invite never reached its insert");

        var reactivations = new[]
        {
            AccountSeeder.PostFormAsync(reactivator1, "/users?handler=Reactivate", new() { ["memberId"] = _deactivated[0].ToString() }, "/users?filter=Deactivated"),
            AccountSeeder.PostFormAsync(reactivator2, "/users?handler=Reactivate", new() { ["memberId"] = _deactivated[1].ToString() }, "/users?filter=Deactivated"),
        };
        // Let the reactivations run as far as they can: to the end (no lock), or to the seat lock the invite holds.
        await WaitUntilAsync(async () => reactivations.All(r => r.IsCompleted) || await SessionsWaitingForALockAsync() >= 2);
        gate.Release();

        Assert.Equal(HttpStatusCode.Redirect, (await invite).StatusCode);
        foreach (var reactivation in reactivations)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await reactivation).StatusCode);
        }

        await using var scope = App.CreateScope(_account, out var db);
        var seats = await db.Members.CountAsync(m => m.Status != MemberStatus.Deactivated);
        Assert.True(seats <= 100, $"{seats} seats are taken; the limit is 100");
        Assert.True(await db.Members.AnyAsync(m => m.NormalizedEmail == $"NEW-{_run}@ACME.EXAMPLE".ToUpperInvariant()), "the invite, which counted first, went through");
        Assert.Equal(1, await db.Members.CountAsync(m => _deactivated.Contains(m.Id) && m.Status == MemberStatus.Deactivated));
    }

    [Fact]
    public async Task Concurrent_invites_and_reactivations_stay_within_the_limit()
    {
        // No gate: plain concurrency, several requests of each kind at once.
        var clients = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            clients.Add(await AccountSeeder.SignInAsync(App, $"admin-{_run}@acme.example"));
        }

        var requests = new List<Task<HttpResponseMessage>>
        {
            AccountSeeder.PostFormAsync(clients[0], "/users/invite", new() { ["Emails"] = $"x1-{_run}@acme.example x2-{_run}@acme.example", ["Role"] = "standard" }),
            AccountSeeder.PostFormAsync(clients[1], "/users/invite", new() { ["Emails"] = $"y1-{_run}@acme.example", ["Role"] = "standard" }),
            AccountSeeder.PostFormAsync(clients[2], "/users?handler=Reactivate", new() { ["memberId"] = _deactivated[0].ToString() }, "/users?filter=Deactivated"),
            AccountSeeder.PostFormAsync(clients[3], "/users?handler=Reactivate", new() { ["memberId"] = _deactivated[1].ToString() }, "/users?filter=Deactivated"),
        };

        foreach (var response in await Task.WhenAll(requests))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        clients.ForEach(c => c.Dispose());
        await using var scope = App.CreateScope(_account, out var db);
        Assert.Equal(100, await db.Members.CountAsync(m => m.Status != MemberStatus.Deactivated));
    }

    private async Task<int> SessionsWaitingForALockAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the reactivations neither finished nor waited for the seat lock");
            await Task.Delay(50);
        }
    }

    /// <summary>Holds the first INSERT into members after <see cref="Arm"/> until <see cref="Release"/>: an invite caught mid-commit.</summary>
    private sealed class MemberInsertGate : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public TaskCompletionSource<bool> Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm() => Interlocked.Exchange(ref _armed, 1);

        public void Release() => _release.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await HoldAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await HoldAsync(command);
            return result;
        }

        private async Task HoldAsync(DbCommand command)
        {
            if (command.CommandText.Contains("INSERT INTO members", StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Paused.TrySetResult(true);
                await _release.Task;
            }
        }
    }
}
