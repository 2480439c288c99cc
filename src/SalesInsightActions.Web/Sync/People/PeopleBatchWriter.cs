using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.Checkpoints;
using SalesInsightActions.Web.Sync.Diagnostics;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>What one batch did to the store.</summary>
/// <param name="FoundStored">Written as new, but the store held some of them: the batch went through the upsert instead.</param>
public readonly record struct BatchOutcome(int Read, int Written, int Unchanged, int Deleted, int Rejected, bool FoundStored = false);

/// <summary>
/// Writes one batch — people, deletions, rejections, the throughput sample, the checkpoint and the sync state — in ONE
/// transaction, so a crash at any instant leaves the store and its checkpoint agreeing: a restart resumes exactly after
/// the last committed batch, and the chart counts each person once.
/// </summary>
public sealed class PeopleBatchWriter(AppDbContext db, IPeopleStore store, SyncThroughput throughput, SyncMetrics metrics, TimeProvider clock)
{
    /// <param name="checkpoint">Tracked by <paramref name="db"/>, already moved to where this batch ends.</param>
    /// <param name="state">Tracked by <paramref name="db"/>; saved with the batch.</param>
    /// <param name="peopleAreNew">
    /// The caller knows of no stored copy of these people (<see cref="IPeopleStore.InsertNewAsync"/>); if the store holds one
    /// after all, the batch is rolled back and written again by the upsert, and the outcome says so.
    /// </param>
    public async Task<BatchOutcome> WriteAsync(
        Guid accountId, IReadOnlyList<PersonRecord> upserts, IReadOnlyCollection<long> deletes, SyncCheckpoint checkpoint, SyncState state, CancellationToken ct,
        bool peopleAreNew = false)
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

        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var (written, foundStored) = await WritePeopleAsync();
            var outcome = await FinishAsync(accountId, upserts.Count, valid.Count, written, deletes, rejected, checkpoint, state, now, ct) with { FoundStored = foundStored };
            await transaction.CommitAsync(ct);
            metrics.RecordBatch(accountId, outcome, clock.GetElapsedTime(started));
            activity?.SetTag("sync.batch.written", outcome.Written);
            activity?.SetTag("sync.batch.unchanged", outcome.Unchanged);
            activity?.SetTag("sync.batch.rejected", outcome.Rejected);
            activity?.SetTag("sync.batch.deleted", outcome.Deleted);
            activity?.SetTag("sync.batch.found_stored", outcome.FoundStored);
            return outcome;
        }
        finally
        {
            await transaction.DisposeAsync();
        }

        async Task<(int Written, bool FoundStored)> WritePeopleAsync()
        {
            if (!peopleAreNew)
            {
                return (await store.UpsertAsync(db, accountId, valid, now, ct), false);
            }

            try
            {
                return (await store.InsertNewAsync(db, accountId, valid, now, ct), false);
            }
            catch (PeopleAlreadyStoredException)
            {
                // Nothing of the aborted transaction stays (nor had the checkpoint been saved): start it again, the upsert way.
                await transaction.RollbackAsync(ct);
                await transaction.DisposeAsync();
                transaction = await db.Database.BeginTransactionAsync(ct);
                return (await store.UpsertAsync(db, accountId, valid, now, ct), true);
            }
        }
    }

    public Task<bool> HoldsPeopleCreatedSinceAsync(Guid accountId, DateTime from, CancellationToken ct) =>
        db.People.AnyAsync(p => p.SalesAccountId == accountId && p.MarketoCreatedAt >= from, ct);

    private async Task<BatchOutcome> FinishAsync(
        Guid accountId, int read, int validCount, int written, IReadOnlyCollection<long> deletes, List<RejectedPerson> rejected, SyncCheckpoint checkpoint, SyncState state,
        DateTime now, CancellationToken ct)
    {
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

        var outcome = new BatchOutcome(read, written, validCount - written, deleted, rejected.Count);
        await throughput.AddAsync(accountId, now, outcome.Read, outcome.Written, ct);
        checkpoint.UpdatedAt = now;
        state.Version++;
        await db.SaveChangesAsync(ct);
        return outcome;
    }
}
