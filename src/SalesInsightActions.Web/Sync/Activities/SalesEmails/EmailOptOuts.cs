using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.Scheduling;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

public enum UnsubscribeResult
{
    Unsubscribed,
    AlreadyUnsubscribed,

    /// <summary>No sales email has this token: nothing is said about why (a prober learns nothing).</summary>
    UnknownLink,
}

/// <summary>What the unsubscribe page shows for a link.</summary>
public sealed record UnsubscribeView(string MaskedEmail, bool AlreadyUnsubscribed);

/// <summary>
/// Unsubscribes from sales emails, by the token of a sales email (its footer link or its one-click header): the
/// opt-out is stored first — the person opted out locally and the pending Salesforce write in one row, one
/// transaction — then the write is started at once (<see cref="EmailOptOutJob"/>) rather than at the next interval.
/// Scoped, in a scope of its own per request: it enters the account the token belongs to.
/// </summary>
public sealed partial class EmailOptOuts(
    AppDbContext db,
    AccountScope scope,
    ISchedulerFactory schedulers,
    IOptions<PeopleSyncOptions> syncOptions,
    TimeProvider clock,
    ILogger<EmailOptOuts> logger)
{
    public async Task<UnsubscribeView?> FindAsync(string token, CancellationToken ct)
    {
        if (await EmailAsync(token, ct) is not { } email)
        {
            return null;
        }

        var address = await AddressAsync(email, ct);
        var already = await db.EmailOptOuts.AnyAsync(o => o.PersonMarketoId == email.PersonMarketoId, ct);
        return new UnsubscribeView(Mask(address), already);
    }

    public async Task<UnsubscribeResult> UnsubscribeAsync(string token, EmailOptOutSource source, CancellationToken ct)
    {
        if (await EmailAsync(token, ct) is not { } email)
        {
            return UnsubscribeResult.UnknownLink;
        }

        if (await db.EmailOptOuts.AnyAsync(o => o.PersonMarketoId == email.PersonMarketoId, ct))
        {
            return UnsubscribeResult.AlreadyUnsubscribed;
        }

        db.EmailOptOuts.Add(new EmailOptOut
        {
            SalesAccountId = email.SalesAccountId,
            PersonMarketoId = email.PersonMarketoId,
            Email = await AddressAsync(email, ct),
            SalesEmailId = email.Id,
            Source = source,
            OptedOutAt = clock.GetUtcNow().UtcDateTime,
            SalesforceState = ActivityWriteState.Pending,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two requests at once (a mail client's one-click and a person's click): the first one stands.
            db.ChangeTracker.Clear();
            return UnsubscribeResult.AlreadyUnsubscribed;
        }

        LogUnsubscribed(email.SalesAccountId, email.PersonMarketoId, source);
        await StartWriteAsync(email.SalesAccountId, ct);
        return UnsubscribeResult.Unsubscribed;
    }

    /// <summary>When the person unsubscribed from sales emails, or null.</summary>
    public async Task<DateTime?> UnsubscribedAtAsync(long personMarketoId, CancellationToken ct) =>
        await db.EmailOptOuts.Where(o => o.PersonMarketoId == personMarketoId).Select(o => (DateTime?)o.OptedOutAt).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Fires the account's opt-out job now. The row is already committed, so if this fails (scheduler down) nothing is
    /// lost: the activity write job's next run writes it.
    /// </summary>
    private async Task StartWriteAsync(Guid accountId, CancellationToken ct)
    {
        if (!syncOptions.Value.SchedulerEnabled)
        {
            return;
        }

        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            await EmailOptOutJob.TriggerNowAsync(scheduler, accountId, ct);
        }
        catch (SchedulerException e)
        {
            LogTriggerFailed(e, accountId);
        }
    }

    private Task<SalesEmail?> EmailAsync(string token, CancellationToken ct) => SalesEmail.FindByTokenAsync(db, scope, token, ct);

    private async Task<string> AddressAsync(SalesEmail email, CancellationToken ct) =>
        await db.OutboxEmails.Where(o => o.Id == email.OutboxEmailId).Select(o => o.ToAddress).FirstOrDefaultAsync(ct)
        ?? await db.People.Where(p => p.MarketoId == email.PersonMarketoId).Select(p => p.Email).FirstOrDefaultAsync(ct)
        ?? "";

    /// <summary>"j•••@example.com": enough for the reader to recognise their address, not enough to harvest it from a forwarded link.</summary>
    internal static string Mask(string address)
    {
        var at = address.IndexOf('@');
        return at <= 0 ? "•••" : address[0] + "•••" + address[at..];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Person {PersonMarketoId} of account {SalesAccountId} unsubscribed from sales emails ({Source})")]
    private partial void LogUnsubscribed(Guid salesAccountId, long personMarketoId, EmailOptOutSource source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start the Email Opt Out write of account {SalesAccountId} at once; the activity write job's next run writes it")]
    private partial void LogTriggerFailed(Exception exception, Guid salesAccountId);
}
