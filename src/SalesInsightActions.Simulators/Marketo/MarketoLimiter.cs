namespace SalesInsightActions.Simulators.Marketo;

/// <summary>Live limit settings; start from options, changeable through /_sim/marketo/limits.</summary>
public sealed record MarketoLimitSettings(bool Enabled, int CallsPerWindow, int WindowSeconds, int MaxConcurrentCalls, int DailyQuota);

/// <summary>Calls refused by each limit: 606 (rate window), 615 (concurrency), 607 (daily quota).</summary>
public sealed record MarketoRefusals(int RateLimit606, int Concurrency615, int DailyQuota607);

/// <summary>
/// Marketo's three call limits: a sliding window (606), calls in flight (615) and a daily quota
/// that resets at midnight US Central (607). Only admitted calls count.
/// </summary>
public sealed class MarketoLimiter
{
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _quotaZone;
    private readonly MarketoLimitSettings _initial;
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _window = new();
    private MarketoLimitSettings _settings;
    private int _inFlight;
    private DateOnly _quotaDay;
    private int _dailyCount;
    private int _refused606;
    private int _refused615;
    private int _refused607;

    public MarketoLimiter(SimulatorOptions options, TimeProvider time)
    {
        _time = time;
        _quotaZone = TimeZoneInfo.FindSystemTimeZoneById(options.Marketo.QuotaTimeZone);
        MarketoSimulatorOptions m = options.Marketo;
        _initial = new MarketoLimitSettings(m.LimitsEnabled, m.CallsPerWindow, m.WindowSeconds, m.MaxConcurrentCalls, m.DailyQuota);
        _settings = _initial;
    }

    public MarketoLimitSettings Settings
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
        set
        {
            lock (_lock)
            {
                _settings = value;
            }
        }
    }

    /// <summary>Calls counted today (US Central day), whether or not limits are enabled.</summary>
    public int DailyCount
    {
        get
        {
            lock (_lock)
            {
                RollQuotaDay();
                return _dailyCount;
            }
        }
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Calls refused since start (or the last reset), by limit: what benchmarks read to prove a client never provoked them.</summary>
    public MarketoRefusals Refusals
    {
        get
        {
            lock (_lock)
            {
                return new MarketoRefusals(_refused606, _refused615, _refused607);
            }
        }
    }

    public DateOnly QuotaDay
    {
        get
        {
            lock (_lock)
            {
                RollQuotaDay();
                return _quotaDay;
            }
        }
    }

    /// <summary>
    /// Admits a call or names the limit it breaks. An admitted call must be ended with
    /// <see cref="Release"/>.
    /// </summary>
    public string? TryAdmit()
    {
        lock (_lock)
        {
            RollQuotaDay();
            DateTimeOffset now = _time.GetUtcNow();
            while (_window.Count > 0 && _window.Peek() <= now.AddSeconds(-_settings.WindowSeconds))
            {
                _window.Dequeue();
            }
            if (_settings.Enabled)
            {
                if (_dailyCount >= _settings.DailyQuota)
                {
                    _refused607++;
                    return MarketoErrorCodes.DailyQuota;
                }
                if (_inFlight >= _settings.MaxConcurrentCalls)
                {
                    _refused615++;
                    return MarketoErrorCodes.ConcurrencyLimit;
                }
                if (_window.Count >= _settings.CallsPerWindow)
                {
                    _refused606++;
                    return MarketoErrorCodes.RateLimit;
                }
            }
            _window.Enqueue(now);
            _dailyCount++;
            _inFlight++;
            return null;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _inFlight--;
        }
    }

    /// <summary>Sets today's used count (tests of 607 without making 50,000 calls).</summary>
    public void SetDailyCount(int count)
    {
        lock (_lock)
        {
            RollQuotaDay();
            _dailyCount = count;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _settings = _initial;
            _window.Clear();
            _dailyCount = 0;
            _refused606 = 0;
            _refused615 = 0;
            _refused607 = 0;
        }
    }

    private void RollQuotaDay()
    {
        DateOnly today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _quotaZone).DateTime);
        if (today != _quotaDay)
        {
            _quotaDay = today;
            _dailyCount = 0;
        }
    }
}
