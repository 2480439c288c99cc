using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SalesInsightActions.Web.Sync.People;

namespace SalesInsightActions.Web.Sync;

/// <summary>The sync's OpenTelemetry instruments (meter <see cref="MeterName"/>), exported by Infrastructure's AddTelemetry.</summary>
public sealed class SyncMetrics : IDisposable
{
    public const string MeterName = "SalesInsightActions.Sync";

    private readonly Meter _meter;
    private readonly Counter<long> _read;
    private readonly Counter<long> _written;
    private readonly Counter<long> _unchanged;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _deleted;
    private readonly Counter<long> _paused;
    private readonly Histogram<double> _batchDuration;
    private readonly ConcurrentDictionary<Guid, (double LagSeconds, int QuotaUsed, int QuotaLimit)> _gauges = new();

    public SyncMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _read = _meter.CreateCounter<long>("sync.people.read", "{person}", "People read from Marketo");
        _written = _meter.CreateCounter<long>("sync.people.written", "{person}", "People inserted or changed in the store");
        _unchanged = _meter.CreateCounter<long>("sync.people.unchanged", "{person}", "People read whose stored copy was already current");
        _rejected = _meter.CreateCounter<long>("sync.people.rejected", "{person}", "People the store refused, set aside with the reason");
        _deleted = _meter.CreateCounter<long>("sync.people.deleted", "{person}", "People removed (deleted, merged away, no owner)");
        _paused = _meter.CreateCounter<long>("sync.runs.paused", "{run}", "Runs paused on the daily quota");
        _batchDuration = _meter.CreateHistogram<double>("sync.batch.duration", "s", "Time to write one batch with its checkpoint");
        _meter.CreateObservableGauge("sync.lag", () => _gauges.Select(g => new Measurement<double>(g.Value.LagSeconds, Tag(g.Key))), "s", "Age of the newest Marketo change applied");
        _meter.CreateObservableGauge("sync.marketo.quota.used", () => _gauges.Select(g => new Measurement<int>(g.Value.QuotaUsed, Tag(g.Key))), "{call}", "Marketo calls counted today");
        _meter.CreateObservableGauge("sync.marketo.quota.left", () => _gauges.Select(g => new Measurement<int>(Math.Max(0, g.Value.QuotaLimit - g.Value.QuotaUsed), Tag(g.Key))), "{call}", "Marketo calls left in the sync's share today");
    }

    public void RecordBatch(BatchOutcome outcome, TimeSpan duration)
    {
        _read.Add(outcome.Read);
        _written.Add(outcome.Written);
        _unchanged.Add(outcome.Unchanged);
        _rejected.Add(outcome.Rejected);
        _deleted.Add(outcome.Deleted);
        _batchDuration.Record(duration.TotalSeconds);
    }

    public void RecordPaused() => _paused.Add(1);

    public void RecordLag(Guid accountId, TimeSpan lag) =>
        _gauges.AddOrUpdate(accountId, (lag.TotalSeconds, 0, 0), (_, g) => g with { LagSeconds = lag.TotalSeconds });

    public void RecordQuota(Guid accountId, int used, int limit) =>
        _gauges.AddOrUpdate(accountId, (0, used, limit), (_, g) => g with { QuotaUsed = used, QuotaLimit = limit });

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(Guid accountId) => new("sales_account_id", accountId.ToString());
}
