using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Sync.People;

namespace SalesInsightActions.Web.Sync;

/// <summary>
/// The sync's OpenTelemetry instruments (meter <see cref="MeterName"/>), exported by Infrastructure/Telemetry (Prometheus
/// at /metrics, OTLP when configured). Every measurement carries the account (<see cref="AccountTag"/>), which is why
/// /metrics is only served to the networks Telemetry:MetricsAllowedNetworks names.
/// </summary>
public sealed class SyncMetrics : IDisposable
{
    public const string MeterName = "SalesInsightActions.Sync";
    public const string AccountTag = "sales_account_id";
    public const string ReasonTag = "reason";

    private readonly Meter _meter;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _staleAfter;
    private readonly Counter<long> _read;
    private readonly Counter<long> _written;
    private readonly Counter<long> _unchanged;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _deleted;
    private readonly Counter<long> _paused;
    private readonly Histogram<double> _batchDuration;
    private readonly ConcurrentDictionary<Guid, AccountGauges> _gauges = new();

    public SyncMetrics(IMeterFactory meterFactory, TimeProvider clock, IOptions<PeopleSyncOptions> options)
    {
        _clock = clock;
        // An account this instance has not run for a while is being run by another instance (or by none, which the
        // absence of its series shows): its frozen numbers would otherwise be reported, and its lag grow, for ever.
        _staleAfter = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(15).Ticks, options.Value.Interval.Ticks * 3));
        _meter = meterFactory.Create(MeterName);
        _read = _meter.CreateCounter<long>("sync.people.read", "{person}", "People read from Marketo");
        _written = _meter.CreateCounter<long>("sync.people.written", "{person}", "People inserted or changed in the store");
        _unchanged = _meter.CreateCounter<long>("sync.people.unchanged", "{person}", "People read whose stored copy was already current");
        _rejected = _meter.CreateCounter<long>("sync.people.rejected", "{person}", "People the store refused, set aside with the reason");
        _deleted = _meter.CreateCounter<long>("sync.people.deleted", "{person}", "People removed (deleted, merged away, no owner)");
        _paused = _meter.CreateCounter<long>("sync.runs.paused", "{run}", "Runs paused, by reason: quota, export_limit or admin");
        _batchDuration = _meter.CreateHistogram(
            "sync.batch.duration", "s", "Time to write one batch with its checkpoint", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _meter.CreateObservableGauge("sync.lag", ObserveLag, "s", "How far the store may be behind Marketo: time since the last instant up to which every change is applied");
        _meter.CreateObservableGauge("sync.marketo.quota.used", () => Observe(g => g.QuotaLimit > 0, g => g.QuotaUsed), "{call}", "Marketo calls counted today");
        _meter.CreateObservableGauge("sync.marketo.quota.left", () => Observe(g => g.QuotaLimit > 0, g => Math.Max(0, g.QuotaLimit - g.QuotaUsed)), "{call}", "Marketo calls left in the sync's share today");
    }

    public void RecordBatch(Guid accountId, BatchOutcome outcome, TimeSpan duration)
    {
        var tag = Tag(accountId);
        _read.Add(outcome.Read, tag);
        _written.Add(outcome.Written, tag);
        _unchanged.Add(outcome.Unchanged, tag);
        _rejected.Add(outcome.Rejected, tag);
        _deleted.Add(outcome.Deleted, tag);
        _batchDuration.Record(duration.TotalSeconds, tag);
        Seen(accountId);
    }

    public void RecordPaused(Guid accountId, SyncPauseReason reason)
    {
        _paused.Add(1, Tag(accountId), new KeyValuePair<string, object?>(ReasonTag, ReasonName(reason)));
        Seen(accountId);
    }

    /// <summary>Every change Marketo made before <paramref name="through"/> is in the store (or, during the initial pass, is the feed's to apply).</summary>
    public void RecordSyncedThrough(Guid accountId, DateTimeOffset through) =>
        Update(accountId, g => g with { SyncedThrough = through });

    public void RecordQuota(Guid accountId, int used, int limit) =>
        Update(accountId, g => g with { QuotaUsed = used, QuotaLimit = limit });

    /// <summary>This instance is still looking after the account (its run is waiting, paused or between batches).</summary>
    public void Seen(Guid accountId) => Update(accountId, g => g);

    public void Dispose() => _meter.Dispose();

    internal static string ReasonName(SyncPauseReason reason) => reason switch
    {
        SyncPauseReason.Quota => "quota",
        SyncPauseReason.ExportLimit => "export_limit",
        SyncPauseReason.Admin => "admin",
        _ => "none",
    };

    private void Update(Guid accountId, Func<AccountGauges, AccountGauges> change)
    {
        var now = _clock.GetUtcNow();
        _gauges.AddOrUpdate(accountId, _ => change(new AccountGauges(null, 0, 0, now)) with { SeenAt = now }, (_, g) => change(g) with { SeenAt = now });
    }

    private IEnumerable<Measurement<double>> ObserveLag()
    {
        var now = _clock.GetUtcNow();
        return Fresh(now).Where(g => g.Value.SyncedThrough is not null)
            .Select(g => new Measurement<double>(Math.Max(0, (now - g.Value.SyncedThrough!.Value).TotalSeconds), Tag(g.Key)))
            .ToList();
    }

    private IEnumerable<Measurement<long>> Observe(Func<AccountGauges, bool> where, Func<AccountGauges, long> value) =>
        Fresh(_clock.GetUtcNow()).Where(g => where(g.Value)).Select(g => new Measurement<long>(value(g.Value), Tag(g.Key))).ToList();

    private IEnumerable<KeyValuePair<Guid, AccountGauges>> Fresh(DateTimeOffset now)
    {
        foreach (var entry in _gauges)
        {
            if (now - entry.Value.SeenAt > _staleAfter)
            {
                _gauges.TryRemove(entry);
                continue;
            }

            yield return entry;
        }
    }

    private static KeyValuePair<string, object?> Tag(Guid accountId) => new(AccountTag, accountId.ToString());

    private sealed record AccountGauges(DateTimeOffset? SyncedThrough, long QuotaUsed, long QuotaLimit, DateTimeOffset SeenAt);
}
