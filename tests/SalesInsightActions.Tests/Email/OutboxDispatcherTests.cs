using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Email;

namespace SalesInsightActions.Tests.Email;

public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using var db = Contexts.Postgres(_database.ConnectionString);
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private string Address(string name) => $"{name}-{_run}@sia-test.example";

    private bool IsOurs(string address) => address.Contains(_run, StringComparison.Ordinal);

    private static async Task<OutboxEmail> QueueInvitationAsync(ServiceProvider services, string to, Uri link)
    {
        await using var scope = services.CreateAsyncScope();
        var composer = scope.ServiceProvider.GetRequiredService<InvitationEmailComposer>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var email = composer.Compose(new InvitationEmailModel(Guid.NewGuid(), to, "Ana Silva", "Acme Sales", "Bo Admin", link, DateTime.UtcNow.AddDays(7)));
        db.OutboxEmails.Add(email);
        await db.SaveChangesAsync();
        return email;
    }

    private async Task<OutboxEmail> RowAsync(Guid id)
    {
        await using var db = Contexts.Postgres(_database.ConnectionString);
        return await db.OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    [Fact]
    public async Task Queued_invitation_is_delivered_over_smtp_with_html_and_text_parts_and_the_link()
    {
        var clock = ManualClock.AtNow();
        await using var services = EmailServices.Build(_database.ConnectionString, clock);
        var link = new Uri($"https://app.example/invitations/accept?token=tok-{_run}");
        var queued = await QueueInvitationAsync(services, Address("ana"), link);

        var handled = await services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal(1, handled);
        var row = await RowAsync(queued.Id);
        Assert.Equal(OutboxEmailState.Sent, row.State);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.SentAt);
        var message = Assert.Single(await Maildev.WaitForAsync(IsOurs, 1));
        Assert.Equal(Address("ana"), message.To.Single().Address);
        Assert.Equal(EmailServices.FromAddress, message.From.Single().Address);
        Assert.Equal("You are invited to Acme Sales on Sales Insight Actions", message.Subject);
        Assert.Contains($"href=\"{link.AbsoluteUri}\"", message.Html, StringComparison.Ordinal);
        Assert.Contains("Get Started", message.Html, StringComparison.Ordinal);
        Assert.Contains(link.AbsoluteUri, message.Text, StringComparison.Ordinal);
        Assert.Contains("Bo Admin invited you to join the Sales account Acme Sales.", message.Text, StringComparison.Ordinal);
        Assert.Equal($"<{queued.MessageId}>", message.MessageIdHeader);
    }

    [Fact]
    public async Task Mail_server_down_leaves_mail_pending_with_backoff_and_it_is_delivered_once_the_server_is_reachable()
    {
        var clock = ManualClock.AtNow();
        await using var down = EmailServices.Build(_database.ConnectionString, clock, smtpPort: EmailServices.ClosedPort());
        var queued = await QueueInvitationAsync(down, Address("retry"), new Uri("https://app.example/invitations/accept?token=t1"));

        Assert.Equal(1, await down.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));

        var afterFailure = await RowAsync(queued.Id);
        Assert.Equal(OutboxEmailState.Pending, afterFailure.State);
        Assert.Equal(1, afterFailure.Attempts);
        Assert.Null(afterFailure.LockedUntil);
        Assert.False(string.IsNullOrWhiteSpace(afterFailure.LastError));
        // First retry after 60 s ± 20 % jitter.
        var wait = afterFailure.NextAttemptAt - clock.GetUtcNow().UtcDateTime;
        Assert.InRange(wait.TotalSeconds, 47.9, 72.1);
        // Not due yet: the next pass leaves it alone.
        Assert.Equal(0, await down.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));

        await using var up = EmailServices.Build(_database.ConnectionString, clock);
        Assert.Equal(0, await up.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(73));
        Assert.Equal(1, await up.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));

        var delivered = await RowAsync(queued.Id);
        Assert.Equal(OutboxEmailState.Sent, delivered.State);
        Assert.Equal(2, delivered.Attempts);
        Assert.Null(delivered.LastError);
        Assert.Single(await Maildev.WaitForAsync(IsOurs, 1));
    }

    [Fact]
    public async Task Message_left_sending_with_an_expired_lease_becomes_delivery_uncertain_and_is_not_sent_again()
    {
        var clock = ManualClock.AtNow();
        await using var services = EmailServices.Build(_database.ConnectionString, clock);
        var crashed = await QueueInvitationAsync(services, Address("crashed"), new Uri("https://app.example/a?token=1"));
        var stillSending = await QueueInvitationAsync(services, Address("busy"), new Uri("https://app.example/a?token=2"));
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = Contexts.Postgres(_database.ConnectionString))
        {
            await db.OutboxEmails.Where(e => e.Id == crashed.Id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, OutboxEmailState.Sending).SetProperty(e => e.Attempts, 1)
                .SetProperty(e => e.LockedBy, "crashed-instance").SetProperty(e => e.LockedUntil, now.AddMinutes(-1)));
            await db.OutboxEmails.Where(e => e.Id == stillSending.Id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, OutboxEmailState.Sending).SetProperty(e => e.Attempts, 1)
                .SetProperty(e => e.LockedBy, "live-instance").SetProperty(e => e.LockedUntil, now.AddMinutes(4)));
        }

        var handled = await services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        handled += await services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal(0, handled);
        var uncertain = await RowAsync(crashed.Id);
        Assert.Equal(OutboxEmailState.DeliveryUncertain, uncertain.State);
        Assert.Equal(1, uncertain.Attempts);
        Assert.NotNull(uncertain.LastError);
        // The other lease expired only after the clock moved a day; it too is never resent.
        Assert.Equal(OutboxEmailState.DeliveryUncertain, (await RowAsync(stillSending.Id)).State);
        await Task.Delay(300);
        Assert.Empty(await Maildev.MessagesToAsync(IsOurs));
    }

    /// <summary>
    /// The instance dies while handing the second of its 5 claimed messages to the mail server (its
    /// transport never returns, as a killed process never does). After the lease only that message may
    /// have left: it is DeliveryUncertain, the first is Sent, and the 3 claimed but never started are
    /// delivered by the next instance, once each.
    /// </summary>
    [Fact]
    public async Task Instance_dying_mid_batch_leaves_only_the_message_in_flight_uncertain_and_the_unstarted_rest_go_out_after_the_lease()
    {
        var clock = ManualClock.AtNow();
        await using var dying = EmailServices.Build(_database.ConnectionString, clock, settings: new Dictionary<string, string?> { ["Email:BatchSize"] = "5" });
        var queued = new List<OutboxEmail>();
        for (var i = 1; i <= 5; i++)
        {
            queued.Add(await QueueInvitationAsync(dying, Address($"batch{i}"), new Uri($"https://app.example/a?token=b{i}")));
            clock.Advance(TimeSpan.FromSeconds(1)); // claim order = queue order
        }

        var hangs = new HangsOnSecondMessage(dying.GetRequiredService<IMailTransport>());
        var deadInstance = new OutboxDispatcher(dying.GetRequiredService<IServiceScopeFactory>(), hangs,
            dying.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<EmailOptions>>(), clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxDispatcher>.Instance);
        _ = Task.Run(() => deadInstance.DispatchDueAsync(CancellationToken.None));
        await hangs.SecondMessageStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        clock.Advance(TimeSpan.FromSeconds(301)); // past the 300 s lease
        await using var restarted = EmailServices.Build(_database.ConnectionString, clock);
        var handled = await restarted.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal(3, handled);
        var inFlight = hangs.InFlight!;
        Assert.Equal(OutboxEmailState.DeliveryUncertain, (await RowAsync(inFlight.Id)).State);
        foreach (var other in queued.Where(q => q.Id != inFlight.Id))
        {
            var row = await RowAsync(other.Id);
            Assert.Equal((OutboxEmailState.Sent, 1), (row.State, row.Attempts));
        }

        var received = await Maildev.WaitForAsync(IsOurs, 4);
        await Task.Delay(300);
        received = await Maildev.MessagesToAsync(IsOurs);
        Assert.Equal(queued.Where(q => q.Id != inFlight.Id).Select(q => q.ToAddress).Order(), received.Select(m => m.To.Single().Address).Order());
    }

    private sealed class HangsOnSecondMessage(IMailTransport inner) : IMailTransport
    {
        private int _count;

        public TaskCompletionSource SecondMessageStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public OutboxEmail? InFlight { get; private set; }

        public async Task SendAsync(OutboxEmail email, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _count) == 2)
            {
                InFlight = email;
                SecondMessageStarted.SetResult();
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            }

            await inner.SendAsync(email, cancellationToken);
        }
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_never_send_the_same_message_twice()
    {
        var clock = ManualClock.AtNow();
        var small = new Dictionary<string, string?> { ["Email:BatchSize"] = "4" };
        await using var first = EmailServices.Build(_database.ConnectionString, clock, settings: small);
        await using var second = EmailServices.Build(_database.ConnectionString, clock, settings: small);
        await using (var scope = first.CreateAsyncScope())
        {
            var composer = scope.ServiceProvider.GetRequiredService<InvitationEmailComposer>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            for (var i = 0; i < 50; i++)
            {
                db.OutboxEmails.Add(composer.Compose(new InvitationEmailModel(Guid.NewGuid(), Address($"p{i}"), null, "Acme", null, new Uri($"https://app.example/a?token={i}"), DateTime.UtcNow.AddDays(7))));
            }

            await db.SaveChangesAsync();
        }

        static async Task<int> DrainAsync(OutboxDispatcher dispatcher)
        {
            var total = 0;
            int handled;
            while ((handled = await dispatcher.DispatchDueAsync(CancellationToken.None)) > 0)
            {
                total += handled;
            }

            return total;
        }

        var firstDispatcher = first.GetRequiredService<OutboxDispatcher>();
        var secondDispatcher = second.GetRequiredService<OutboxDispatcher>();
        var counts = await Task.WhenAll(Task.Run(() => DrainAsync(firstDispatcher)), Task.Run(() => DrainAsync(secondDispatcher)));

        Assert.Equal(50, counts.Sum());
        await using var check = Contexts.Postgres(_database.ConnectionString);
        var rows = await check.OutboxEmails.AsNoTracking().ToListAsync();
        Assert.All(rows, r => Assert.Equal(OutboxEmailState.Sent, r.State));
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        var received = await Maildev.WaitForAsync(IsOurs, 50);
        await Task.Delay(500); // a duplicate would arrive right behind
        received = await Maildev.MessagesToAsync(IsOurs);
        Assert.Equal(50, received.Count);
        Assert.Equal(50, received.Select(m => m.To.Single().Address).Distinct().Count());
        Assert.Equal(rows.Select(r => $"<{r.MessageId}>").Order(), received.Select(m => m.MessageIdHeader).Order());
    }

    [Fact]
    public async Task Message_is_marked_failed_after_max_attempts()
    {
        var clock = ManualClock.AtNow();
        await using var down = EmailServices.Build(_database.ConnectionString, clock, smtpPort: EmailServices.ClosedPort(),
            settings: new Dictionary<string, string?> { ["Email:MaxAttempts"] = "3" });
        var dispatcher = down.GetRequiredService<OutboxDispatcher>();
        var queued = await QueueInvitationAsync(down, Address("doomed"), new Uri("https://app.example/a?token=3"));

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
            Assert.Equal(attempt, (await RowAsync(queued.Id)).Attempts);
            clock.Advance(TimeSpan.FromHours(1));
        }

        var failed = await RowAsync(queued.Id);
        Assert.Equal(OutboxEmailState.Failed, failed.State);
        Assert.Contains("Exception", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Dev_mailbox_mode_marks_mail_sent_without_smtp()
    {
        var clock = ManualClock.AtNow();
        await using var services = EmailServices.Build(_database.ConnectionString, clock, smtpPort: EmailServices.ClosedPort(),
            settings: new Dictionary<string, string?> { ["Email:DevMailbox"] = "true" });
        Assert.IsType<DevMailboxTransport>(services.GetRequiredService<IMailTransport>());
        var queued = await QueueInvitationAsync(services, Address("dev"), new Uri("https://app.example/a?token=4"));

        Assert.Equal(1, await services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));

        Assert.Equal(OutboxEmailState.Sent, (await RowAsync(queued.Id)).State);
        await Task.Delay(200);
        Assert.Empty(await Maildev.MessagesToAsync(IsOurs));
    }
}
