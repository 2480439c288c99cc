using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Sync.Checkpoints;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>Everything one account's run works with: its client, fields, tracked checkpoint and state, and the batch writer.</summary>
public sealed class PeopleSyncRun(
    Guid accountId,
    IMarketoClient client,
    IReadOnlyList<string> fields,
    SyncCheckpoint checkpoint,
    SyncState state,
    PeopleBatchWriter writer,
    Func<Task> ensureQuotaLeft)
{
    public Guid AccountId => accountId;
    public IMarketoClient Client => client;
    public IReadOnlyList<string> Fields => fields;
    public SyncCheckpoint Checkpoint => checkpoint;
    public SyncState State => state;

    /// <summary>Stops the run (throws <see cref="MarketoDailyQuotaExceededException"/>) when the sync's share of today's quota is used.</summary>
    public Task EnsureQuotaLeftAsync() => ensureQuotaLeft();

    /// <param name="peopleAreNew">No stored copy of these people is known: they may go in by the store's fastest path.</param>
    public Task<BatchOutcome> WriteAsync(IReadOnlyList<PersonRecord> upserts, IReadOnlyCollection<long> deletes, CancellationToken ct, bool peopleAreNew = false) =>
        writer.WriteAsync(accountId, upserts, deletes, checkpoint, state, ct, peopleAreNew);

    /// <summary>Whether the store holds any of the account's people created at or after <paramref name="from"/>.</summary>
    public Task<bool> HoldsPeopleCreatedSinceAsync(DateTime from, CancellationToken ct) => writer.HoldsPeopleCreatedSinceAsync(accountId, from, ct);
}
