using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users;

/// <summary>
/// The per-account lock held by every change that can take a seat (inviting, reactivating), from counting the seats to
/// committing. Without it, two such changes both see a seat left and both take it, passing the 100-seat limit.
/// </summary>
public static class SeatLock
{
    /// <summary>Locks the account's row until the caller's open transaction ends, and returns the account.</summary>
    public static async Task<SalesAccount> AcquireAsync(AppDbContext db, Guid accountId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The seat lock is held by a transaction; begin one first.");
        }

        if (db.Database.IsNpgsql())
        {
            return await db.SalesAccounts.FromSql($"SELECT * FROM sales_accounts WHERE \"Id\" = {accountId} FOR UPDATE").SingleAsync(ct);
        }

        // SQLite allows one writer at a time; the write transaction already serializes.
        return await db.SalesAccounts.SingleAsync(a => a.Id == accountId, ct);
    }

    public static Task<int> SeatsTakenAsync(AppDbContext db, CancellationToken ct) =>
        db.Members.CountAsync(m => m.Status != MemberStatus.Deactivated, ct);
}
