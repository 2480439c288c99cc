using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.Checkpoints;
using SalesInsightActions.Web.Sync.Diagnostics;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>What one batch did to the store.</summary>
public readonly record struct BatchOutcome(int Read, int Written, int Unchanged, int Deleted, int Rejected);

/// <summary>
/// Writes one batch — people, deletions, rejections, the throughput sample, the checkpoint and the sync state — in ONE
/// transaction, so a crash at any instant leaves the store and its checkpoint agreeing: a restart resumes exactly after
/// the last committed batch, and the chart counts each person once.
/// </summary>
public sealed class PeopleBatchWriter(AppDbContext db, IPeopleStore store, SyncThroughput throughput, SyncMetrics metrics, TimeProvider clock)
{
    /// <param name="checkpoint">Tracked by <paramref name="db"/>, already moved to where this batch ends.</param>
    /// <param name="state">Tracked by <paramref name="db"/>; saved with the batch.</param>
    public async Task<BatchOutcome> WriteAsync(
        Guid accountId, IReadOnlyList<PersonRecord> upserts, IReadOnlyCollection<long> deletes, SyncCheckpoint checkpoint, SyncState state, CancellationToken ct)
    {
        using var activity = SyncTracing.StartBatch(accountId, upserts.Count, deletes.Count);
        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow().UtcDateTime;
        var valid = new List<PersonRecord>(upserts.Count);
        var rejected = new List<RejectedPerson>();
        foreach (var person in upserts)
        {
            if (person.Rejection() is { } reason)
            {
                rejected.Add(new RejectedPerson { SalesAccountId = accountId, MarketoId = person.MarketoId, Reason = reason, RejectedAt = now });
            }
            else
            {
                valid.Add(person);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var written = await store.UpsertAsync(db, accountId, valid, now, ct);
        var deleted = await store.DeleteAsync(db, accountId, [.. deletes, .. rejected.Select(r => r.MarketoId)], ct);
        if (rejected.Count > 0)
        {
            var ids = rejected.Select(r => r.MarketoId).ToList();
            var existing = await db.RejectedPeople.Where(r => ids.Contains(r.MarketoId)).ToDictionaryAsync(r => r.MarketoId, ct);
            foreach (var rejection in rejected.DistinctBy(r => r.MarketoId))
            {
                if (existing.TryGetValue(rejection.MarketoId, out var row))
                {
                    row.Reason = rejection.Reason;
                    row.RejectedAt = now;
                }
                else
                {
                    db.RejectedPeople.Add(rejection);
                }
            }
        }

        var outcome = new BatchOutcome(upserts.Count, written, valid.Count - written, deleted, rejected.Count);
        await throughput.AddAsync(accountId, now, outcome.Read, outcome.Written, ct);
        checkpoint.UpdatedAt = now;
        state.Version++;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        metrics.RecordBatch(accountId, outcome, clock.GetElapsedTime(started));
        activity?.SetTag("sync.batch.written", outcome.Written);
        activity?.SetTag("sync.batch.unchanged", outcome.Unchanged);
        activity?.SetTag("sync.batch.rejected", outcome.Rejected);
        activity?.SetTag("sync.batch.deleted", outcome.Deleted);
        return outcome;
    }
}
