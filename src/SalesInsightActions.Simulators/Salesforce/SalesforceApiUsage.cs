namespace SalesInsightActions.Simulators.Salesforce;

/// <summary>
/// The org's API request limits, the two causes of 403 REQUEST_LIMIT_EXCEEDED: the total requests of the
/// rolling 24 hours (Sforce-Limit-Info, /limits; counted in one-minute buckets, so capacity frees as
/// old requests age out) and too many long-running requests at once (more than
/// <see cref="SalesforceSimulatorOptions.MaxLongRunningRequests"/> in flight for at least
/// <see cref="SalesforceSimulatorOptions.LongRunningRequestSeconds"/>).
/// </summary>
public sealed class SalesforceApiUsage(SalesforceSimulatorOptions options, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly Lock _lock = new();
    private readonly LinkedList<(DateTimeOffset Minute, int Count)> _buckets = new();
    private readonly Dictionary<long, DateTimeOffset> _inFlight = [];
    private int _used;
    private long _nextRequest;
    private int _scriptedConcurrentErrors;

    public int Limit => options.DailyApiRequestLimit;

    /// <summary>Requests counted in the last 24 hours.</summary>
    public int Used
    {
        get
        {
            lock (_lock)
            {
                Prune();
                return _used;
            }
        }
    }

    /// <summary>When the oldest counted request leaves the 24-hour window (null when none is counted).</summary>
    public DateTimeOffset? CapacityFreesAt
    {
        get
        {
            lock (_lock)
            {
                Prune();
                return _buckets.First is { } first ? first.Value.Minute + Window : null;
            }
        }
    }

    /// <summary>Requests in flight for at least LongRunningRequestSeconds.</summary>
    public int LongRunningInFlight
    {
        get
        {
            lock (_lock)
            {
                return CountLongRunning();
            }
        }
    }

    /// <summary>REST requests in flight now, long-running or not.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>Counts one request; false (and not counted) when the limit is enforced and already reached.</summary>
    public bool TryConsume()
    {
        lock (_lock)
        {
            Prune();
            if (options.EnforceDailyApiLimit && _used >= options.DailyApiRequestLimit)
            {
                return false;
            }
            DateTimeOffset minute = Minute(clock.GetUtcNow());
            if (_buckets.Last is { } last && last.Value.Minute == minute)
            {
                last.Value = (minute, last.Value.Count + 1);
            }
            else
            {
                _buckets.AddLast((minute, 1));
            }
            _used++;
            return true;
        }
    }

    /// <summary>
    /// Starts tracking a request; false when it must be refused for too many long-running requests
    /// (or a scripted error), in which case it is not tracked.
    /// </summary>
    public bool TryBeginRequest(out long requestId)
    {
        lock (_lock)
        {
            requestId = 0;
            if (_scriptedConcurrentErrors > 0)
            {
                _scriptedConcurrentErrors--;
                return false;
            }
            if (CountLongRunning() >= options.MaxLongRunningRequests)
            {
                return false;
            }
            requestId = ++_nextRequest;
            _inFlight[requestId] = clock.GetUtcNow();
            return true;
        }
    }

    public void EndRequest(long requestId)
    {
        lock (_lock)
        {
            _inFlight.Remove(requestId);
        }
    }

    /// <summary>Test control: the next <paramref name="count"/> REST requests answer the concurrent-requests 403.</summary>
    public void ScriptConcurrentLimitErrors(int count)
    {
        lock (_lock)
        {
            _scriptedConcurrentErrors = Math.Max(0, count);
        }
    }

    /// <summary>Test control: pretend this many requests were made in the last 24 hours (all now).</summary>
    public void SetUsed(int used)
    {
        lock (_lock)
        {
            _buckets.Clear();
            _used = Math.Max(0, used);
            if (_used > 0)
            {
                _buckets.AddLast((Minute(clock.GetUtcNow()), _used));
            }
        }
    }

    public void Reset()
    {
        SetUsed(0);
        lock (_lock)
        {
            _scriptedConcurrentErrors = 0;
        }
    }

    public string Header => $"api-usage={Used}/{Limit}";

    private int CountLongRunning()
    {
        DateTimeOffset longSince = clock.GetUtcNow() - TimeSpan.FromSeconds(options.LongRunningRequestSeconds);
        return _inFlight.Values.Count(started => started <= longSince);
    }

    private void Prune()
    {
        DateTimeOffset cutoff = clock.GetUtcNow() - Window;
        while (_buckets.First is { } first && first.Value.Minute <= cutoff)
        {
            _used -= first.Value.Count;
            _buckets.RemoveFirst();
        }
    }

    private static DateTimeOffset Minute(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
}
