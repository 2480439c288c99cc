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

    public Task<BatchOutcome> WriteAsync(IReadOnlyList<PersonRecord> upserts, IReadOnlyCollection<long> deletes, CancellationToken ct) =>
        writer.WriteAsync(accountId, upserts, deletes, checkpoint, state, ct);
}
