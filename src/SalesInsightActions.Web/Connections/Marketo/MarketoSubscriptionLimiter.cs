using System.Threading.RateLimiting;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>
/// Client-side throttle for one Marketo subscription, shared by every client in the process:
/// in-flight calls (Marketo: 615 above 10), calls per window (606 above 100/20 s) and our share of the daily quota (607).
/// </summary>
public sealed class MarketoSubscriptionLimiter : IDisposable
{
    private readonly ConcurrencyLimiter _concurrency;
    private readonly SlidingWindowRateLimiter _window;
    private readonly MarketoQuotaClock _clock;
    private readonly int _dailyBudget;
    private readonly Lock _dailyLock = new();
    private DateOnly _day;
    private int _callsToday;
    private DateTimeOffset? _exhaustedUntil;

    public MarketoSubscriptionLimiter(MarketoClientOptions options, MarketoQuotaClock clock)
    {
        _clock = clock;
        _dailyBudget = options.ClientDailyBudget;
        _day = clock.QuotaDay(clock.Now);
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentCalls,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        // A sliding window with S segments can let through permits × S/(S−1) calls in some window, because a permit used late
        // in a segment comes back early. Configuring one extra segment makes every permit come back no sooner than a full
        // vendor window after its use, so no vendor window ever sees more than the permit limit. The extra segment is the
        // configured margin (at most a twentieth of the window).
        var segments = Math.Clamp((int)Math.Ceiling(options.RateWindow / options.RateWindowMargin), 20, 400);
        var segment = options.RateWindow / segments;
        _window = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.ClientCallsPerWindow,
            Window = segment * (segments + 1),
            SegmentsPerWindow = segments + 1,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public int CallsToday
    {
        get
        {
            lock (_dailyLock)
            {
                RollDayIfNeeded();
                return _callsToday;
            }
        }
    }

    /// <summary>
    /// Waits for a concurrency slot, then for a window permit (in that order, so the call goes out right after it is counted),
    /// then charges the daily budget. Dispose the lease when the HTTP attempt is over.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        EnsureBudgetLeft(charge: false);
        var concurrencyLease = await _concurrency.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        RateLimitLease? windowLease = null;
        try
        {
            windowLease = await _window.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!concurrencyLease.IsAcquired || !windowLease.IsAcquired)
            {
                throw new InvalidOperationException("The Marketo limiter queue rejected a call.");
            }

            EnsureBudgetLeft(charge: true);
            return new CombinedLease(concurrencyLease, windowLease);
        }
        catch
        {
            windowLease?.Dispose();
            concurrencyLease.Dispose();
            throw;
        }
    }

    /// <summary>Marketo said 607: nobody in this process calls the subscription again before the reset.</summary>
    public DateTimeOffset MarkQuotaExhausted()
    {
        lock (_dailyLock)
        {
            var resetsAt = _clock.NextReset();
            _exhaustedUntil = resetsAt;
            return resetsAt;
        }
    }

    public void Dispose()
    {
        _concurrency.Dispose();
        _window.Dispose();
    }

    private void EnsureBudgetLeft(bool charge)
    {
        lock (_dailyLock)
        {
            RollDayIfNeeded();
            var now = _clock.Now;
            if (_exhaustedUntil is { } until && now < until)
            {
                throw new MarketoDailyQuotaExceededException(until, reportedByMarketo: true);
            }

            if (_callsToday >= _dailyBudget)
            {
                throw new MarketoDailyQuotaExceededException(_clock.NextReset(now), reportedByMarketo: false);
            }

            if (charge)
            {
                _callsToday++;
            }
        }
    }

    private void RollDayIfNeeded()
    {
        var today = _clock.QuotaDay(_clock.Now);
        if (today != _day)
        {
            _day = today;
            _callsToday = 0;
            _exhaustedUntil = null;
        }
    }

    private sealed class CombinedLease(RateLimitLease concurrency, RateLimitLease window) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // The window permit is not returned early: sliding windows replenish by time, disposing only ends the lease.
                window.Dispose();
                concurrency.Dispose();
            }
        }
    }
}
