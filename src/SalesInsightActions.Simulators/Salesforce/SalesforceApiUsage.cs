namespace SalesInsightActions.Simulators.Salesforce;

/// <summary>
/// The org's daily API request counter (Sforce-Limit-Info, /limits, REQUEST_LIMIT_EXCEEDED).
/// Salesforce uses a rolling 24 h window; the simulator resets at 00:00 UTC, close enough for clients
/// that must simply stop when the limit is reached.
/// </summary>
public sealed class SalesforceApiUsage(SalesforceSimulatorOptions options, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private DateOnly _day;
    private int _used;

    public int Limit => options.DailyApiRequestLimit;

    public int Used
    {
        get
        {
            lock (_lock)
            {
                RollOver();
                return _used;
            }
        }
    }

    /// <summary>Counts one request; false (and not counted) when the limit is enforced and already reached.</summary>
    public bool TryConsume()
    {
        lock (_lock)
        {
            RollOver();
            if (options.EnforceDailyApiLimit && _used >= options.DailyApiRequestLimit)
            {
                return false;
            }
            _used++;
            return true;
        }
    }

    /// <summary>Test control: pretend this many requests were made today.</summary>
    public void SetUsed(int used)
    {
        lock (_lock)
        {
            RollOver();
            _used = Math.Max(0, used);
        }
    }

    public void Reset() => SetUsed(0);

    public string Header => $"api-usage={Used}/{Limit}";

    private void RollOver()
    {
        DateOnly today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (today != _day)
        {
            _day = today;
            _used = 0;
        }
    }
}
