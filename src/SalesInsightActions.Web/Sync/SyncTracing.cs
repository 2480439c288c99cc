using System.Diagnostics;

namespace SalesInsightActions.Web.Sync;

/// <summary>
/// The sync's spans (source <see cref="SourceName"/>), exported by Infrastructure/Telemetry when an OTLP endpoint is
/// configured: one per run and one per batch, tagged with the account and the batch's counts. Never values of people,
/// tokens or credentials.
/// </summary>
public static class SyncTracing
{
    public const string SourceName = "SalesInsightActions.Sync";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartRun(Guid accountId) =>
        Source.StartActivity("sync.people.run", ActivityKind.Internal, parentContext: default, [new(SyncMetrics.AccountTag, accountId.ToString())]);

    public static Activity? StartBatch(Guid accountId, int upserts, int deletes) =>
        Source.StartActivity("sync.people.batch", ActivityKind.Internal, parentContext: default,
            [new(SyncMetrics.AccountTag, accountId.ToString()), new("sync.batch.size", upserts), new("sync.batch.deletes", deletes)]);
}
