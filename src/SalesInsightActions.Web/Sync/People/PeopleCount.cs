using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>How many people an account has: exact up to <see cref="PeopleCounter.ExactUpTo"/>, above that estimated (and shown as "about").</summary>
public sealed record StoredPeopleCount(long Value, bool Estimated);

/// <summary>
/// Counts an account's people without reading all of them: counting 1.5M rows exactly costs a scan of the whole
/// account on every view of the sync page (and on each of its status polls). Up to <see cref="ExactUpTo"/> people the
/// count is exact (an index-only scan that stops there); above it PostgreSQL's statistics give an estimate (the table's
/// row estimate times the account's share in the column statistics, as fresh as autovacuum's last ANALYZE).
/// SQLite, the single-instance sandbox store, counts exactly.
/// </summary>
public sealed class PeopleCounter(AppDbContext db, AccountScope scope)
{
    public const int ExactUpTo = 10_000;

    public async Task<StoredPeopleCount> CountAsync(CancellationToken ct)
    {
        var capped = await db.People.Take(ExactUpTo + 1).LongCountAsync(ct);
        if (capped <= ExactUpTo || !db.Database.IsNpgsql() || scope.AccountId is not { } accountId)
        {
            return capped <= ExactUpTo ? new StoredPeopleCount(capped, false) : new StoredPeopleCount(await db.People.LongCountAsync(ct), false);
        }

        var estimate = await db.Database.SqlQuery<long>($"""
            SELECT COALESCE((
                SELECT (c.reltuples * COALESCE(
                        s.most_common_freqs[array_position(s.most_common_vals::text::uuid[], {accountId})],
                        (1 - COALESCE((SELECT sum(f) FROM unnest(s.most_common_freqs) f), 0))
                            / GREATEST(1, CASE WHEN s.n_distinct < 0 THEN -s.n_distinct * c.reltuples ELSE s.n_distinct END
                                          - COALESCE(cardinality(s.most_common_freqs), 0))))::bigint
                FROM pg_class c
                LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'people' AND s.attname = 'sales_account_id'
                WHERE c.oid = 'people'::regclass), 0) AS "Value"
            """).SingleAsync(ct);
        return new StoredPeopleCount(Math.Max(estimate, ExactUpTo + 1), true);
    }
}
