using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync;

/// <summary>
/// Marks the account's sync as started. Only StartedAt and StartedByMemberId are written: the sync engine owns
/// the rest of the row and discovers started rows itself.
/// </summary>
public sealed class SyncStarter(AppDbContext db, AuditTrail audit, TimeProvider clock, ILogger<SyncStarter> logger)
{
    public async Task StartAsync(Guid? memberId, CancellationToken ct)
    {
        var state = await db.SyncStates.FirstOrDefaultAsync(ct);
        if (state is null)
        {
            state = new SyncState();
            db.SyncStates.Add(state);
        }

        state.StartedAt = clock.GetUtcNow().UtcDateTime;
        state.StartedByMemberId = memberId;
        audit.Add(AuditActions.SyncStarted, AuditOutcome.Succeeded, target: "sync", actorMemberId: memberId);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Sync started by member {MemberId}", memberId);
    }
}
