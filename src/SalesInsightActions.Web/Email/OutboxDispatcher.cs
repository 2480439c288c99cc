using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Email;

/// <summary>
/// Delivers queued outbox mail. Each pass: expired leases are settled — a message whose sender
/// vanished while handing it to the mail server becomes DeliveryUncertain (never resent
/// automatically, so a crash cannot send one twice), one only claimed goes back to the queue — then
/// a batch of due messages is claimed with a lease, and each is marked Sending just before it goes;
/// failures retry with backoff until MaxAttempts.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    IOptionsMonitor<EmailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const string AbandonedMessage = "The sending instance stopped before recording the outcome; the message may or may not have been delivered.";

    /// <summary>Written to LockedBy on claimed rows: which process holds the lease.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>One pass. Returns how many messages it claimed and tried to deliver.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;

        await MarkAbandonedAsync(db, now, cancellationToken);
        var claimed = await OutboxClaims.ClaimAsync(db, InstanceId, now, now.AddSeconds(settings.LeaseSeconds), settings.BatchSize, cancellationToken);

        for (var i = 0; i < claimed.Count; i++)
        {
            var email = claimed[i];
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!await StartSendingAsync(db, email, cancellationToken))
                {
                    continue; // our lease ran out and another instance took the message back
                }

                await transport.SendAsync(email, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down. A message already Sending may have gone out, so its lease is left to expire
                // (-> DeliveryUncertain); the ones still only Claimed go back to the queue.
                await ReleaseAsync(db, claimed.Skip(i).Select(e => e.Id).ToList());
                throw;
            }
            catch (Exception e)
            {
                await RecordFailureAsync(db, email, e, settings, cancellationToken);
                continue;
            }

            await MarkSentAsync(db, email, cancellationToken);
        }

        return claimed.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Outbox dispatch pass failed; trying again in {PollIntervalSeconds} s", options.CurrentValue.PollIntervalSeconds);
            }

            // A full batch suggests more is waiting: go again at once.
            if (handled < options.CurrentValue.BatchSize)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.PollIntervalSeconds), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The point of no return: from here a crash leaves the message DeliveryUncertain.</summary>
    private async Task<bool> StartSendingAsync(AppDbContext db, OutboxEmail email, CancellationToken ct) =>
        await db.OutboxEmails
            .Where(e => e.Id == email.Id && e.LockedBy == InstanceId && e.State == OutboxEmailState.Claimed)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, OutboxEmailState.Sending), ct) == 1;

    private async Task MarkAbandonedAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        // Claimed but never started by an instance that is gone: nothing left, so it is simply due again.
        var requeued = await db.OutboxEmails
            .Where(e => e.State == OutboxEmailState.Claimed && e.LockedUntil < now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, OutboxEmailState.Pending)
                .SetProperty(e => e.Attempts, e => e.Attempts - 1)
                .SetProperty(e => e.LockedUntil, (DateTime?)null)
                .SetProperty(e => e.LockedBy, (string?)null), ct);
        if (requeued > 0)
        {
            logger.LogWarning("{Count} outbox emails were claimed by an instance that stopped before sending them; queued again", requeued);
        }

        var expired = await db.OutboxEmails
            .Where(e => e.State == OutboxEmailState.Sending && e.LockedUntil < now)
            .Select(e => new { e.Id, e.Attempts, e.LockedBy })
            .ToListAsync(ct);
        foreach (var row in expired)
        {
            var changed = await db.OutboxEmails
                .Where(e => e.Id == row.Id && e.State == OutboxEmailState.Sending && e.LockedUntil < now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.State, OutboxEmailState.DeliveryUncertain)
                    .SetProperty(e => e.LockedUntil, (DateTime?)null)
                    .SetProperty(e => e.LastError, AbandonedMessage), ct);
            if (changed == 1)
            {
                logger.LogWarning("Outbox email {OutboxEmailId} was left mid-send by {LockedBy} after {Attempts} attempts; marked DeliveryUncertain and not resent",
                    row.Id, row.LockedBy, row.Attempts);
            }
        }
    }

    private async Task MarkSentAsync(AppDbContext db, OutboxEmail email, CancellationToken ct)
    {
        var sentAt = clock.GetUtcNow().UtcDateTime;
        // DeliveryUncertain is accepted too: if another instance gave up on our lease meanwhile, we still know it went out.
        await db.OutboxEmails
            .Where(e => e.Id == email.Id && e.LockedBy == InstanceId && (e.State == OutboxEmailState.Sending || e.State == OutboxEmailState.DeliveryUncertain))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, OutboxEmailState.Sent)
                .SetProperty(e => e.SentAt, sentAt)
                .SetProperty(e => e.LockedUntil, (DateTime?)null)
                .SetProperty(e => e.LastError, (string?)null), CancellationToken.None);
        logger.LogInformation("Sent outbox email {OutboxEmailId} on attempt {Attempts}", email.Id, email.Attempts);
    }

    private async Task RecordFailureAsync(AppDbContext db, OutboxEmail email, Exception error, EmailOptions settings, CancellationToken ct)
    {
        var permanent = error is PermanentMailFailureException;
        var giveUp = permanent || email.Attempts >= settings.MaxAttempts;
        var next = clock.GetUtcNow().UtcDateTime + RetryBackoff.Delay(email.Attempts, settings, Random.Shared.NextDouble());
        var lastError = Describe(error);

        await db.OutboxEmails
            .Where(e => e.Id == email.Id && e.LockedBy == InstanceId && e.State == OutboxEmailState.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, giveUp ? OutboxEmailState.Failed : OutboxEmailState.Pending)
                .SetProperty(e => e.NextAttemptAt, giveUp ? email.NextAttemptAt : next)
                .SetProperty(e => e.LockedUntil, (DateTime?)null)
                .SetProperty(e => e.LastError, lastError), ct);

        if (giveUp)
        {
            logger.LogError(error, "Gave up on outbox email {OutboxEmailId} after {Attempts} attempts (permanent: {Permanent})", email.Id, email.Attempts, permanent);
        }
        else
        {
            logger.LogWarning(error, "Delivery of outbox email {OutboxEmailId} failed on attempt {Attempts}; next attempt at {NextAttemptAt:o}", email.Id, email.Attempts, next);
        }
    }

    private async Task ReleaseAsync(AppDbContext db, List<Guid> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await db.OutboxEmails
            .Where(e => ids.Contains(e.Id) && e.LockedBy == InstanceId && e.State == OutboxEmailState.Claimed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, OutboxEmailState.Pending)
                .SetProperty(e => e.Attempts, e => e.Attempts - 1)
                .SetProperty(e => e.LockedUntil, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>The exception chain's types and messages: SMTP replies carry no message content or credentials.</summary>
    private static string Describe(Exception error)
    {
        var parts = new List<string>();
        for (var e = error; e is not null && parts.Count < 3; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        var text = string.Join(" <- ", parts);
        return text.Length <= 2000 ? text : text[..2000];
    }
}
