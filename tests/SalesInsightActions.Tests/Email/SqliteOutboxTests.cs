using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Email;

namespace SalesInsightActions.Tests.Email;

public sealed class SqliteOutboxTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sia-outbox-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Sqlite_dispatcher_claims_sends_and_retries_like_postgres()
    {
        var clock = ManualClock.AtNow();
        await using (var db = Contexts.Sqlite(_path))
        {
            await db.Database.MigrateAsync();
        }

        var run = Guid.NewGuid().ToString("N")[..10];
        await using var down = EmailServices.BuildSqlite(_path, clock, new Dictionary<string, string?> { ["Smtp:Port"] = EmailServices.ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using (var scope = down.CreateAsyncScope())
        {
            var composer = scope.ServiceProvider.GetRequiredService<InvitationEmailComposer>();
            var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
            db.OutboxEmails.AddRange(Enumerable.Range(0, 3).Select(i =>
                composer.Compose(new InvitationEmailModel(Guid.NewGuid(), $"s{i}-{run}@sia-test.example", null, "Acme", null, new Uri("https://app.example/a?token=x"), DateTime.UtcNow.AddDays(7)))));
            await db.SaveChangesAsync();
        }

        Assert.Equal(3, await down.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));
        await using (var db = Contexts.Sqlite(_path))
        {
            Assert.All(await db.OutboxEmails.ToListAsync(), e => Assert.Equal((OutboxEmailState.Pending, 1), (e.State, e.Attempts)));
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        await using var up = EmailServices.BuildSqlite(_path, clock);
        Assert.Equal(3, await up.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));

        await using (var db = Contexts.Sqlite(_path))
        {
            Assert.All(await db.OutboxEmails.ToListAsync(), e => Assert.Equal((OutboxEmailState.Sent, 2), (e.State, e.Attempts)));
        }

        Assert.Equal(3, (await Maildev.WaitForAsync(a => a.Contains(run, StringComparison.Ordinal), 3)).Count);
    }
}
