using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Email;

/// <summary>
/// Claims due outbox messages for one instance with a lease. Only the instance whose claim
/// succeeded sends a message, so several app instances on one database never send it twice.
/// </summary>
internal static class OutboxClaims
{
    public static async Task<List<OutboxEmail>> ClaimAsync(AppDbContext db, string instance, DateTime now, DateTime leaseUntil, int batchSize, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            // One statement: SKIP LOCKED lets concurrent instances take disjoint batches without waiting,
            // and the State re-check on the locked row keeps a row another instance just claimed out.
            return await db.OutboxEmails.FromSql($"""
                UPDATE outbox_emails
                SET "State" = {(int)OutboxEmailState.Claimed}, "LockedUntil" = {leaseUntil}, "LockedBy" = {instance}, "Attempts" = "Attempts" + 1
                WHERE "Id" IN (
                    SELECT "Id" FROM outbox_emails
                    WHERE "State" = {(int)OutboxEmailState.Pending} AND "NextAttemptAt" <= {now}
                    ORDER BY "NextAttemptAt"
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """).AsNoTracking().ToListAsync(ct);
        }

        // SQLite serves a single instance; a conditional update per row is still exact if two passes overlap.
        var candidates = await db.OutboxEmails
            .Where(e => e.State == OutboxEmailState.Pending && e.NextAttemptAt <= now)
            .OrderBy(e => e.NextAttemptAt)
            .Select(e => e.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        var claimed = new List<OutboxEmail>(candidates.Count);
        foreach (var id in candidates)
        {
            var won = await db.OutboxEmails
                .Where(e => e.Id == id && e.State == OutboxEmailState.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.State, OutboxEmailState.Claimed)
                    .SetProperty(e => e.LockedUntil, leaseUntil)
                    .SetProperty(e => e.LockedBy, instance)
                    .SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);
            if (won == 1)
            {
                claimed.Add(await db.OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == id, ct));
            }
        }

        return claimed;
    }
}
