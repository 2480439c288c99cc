namespace SalesInsightActions.Simulators.Marketo;

/// <summary>In-process handle on the Marketo simulator's mutable state, for tests and /_sim.</summary>
public sealed class MarketoState
{
    private readonly MarketoTokenStore _tokens;
    private readonly MarketoBulkExportStore _bulk;
    private readonly MarketoActivityLog _log;
    private readonly MarketoActivityFeed _feed;

    internal MarketoState(MarketoTokenStore tokens, MarketoLimiter limiter, MarketoCustomActivityStore activities, MarketoBulkExportStore bulk, MarketoActivityLog log, MarketoActivityFeed feed)
    {
        _tokens = tokens;
        _bulk = bulk;
        _log = log;
        _feed = feed;
        Limiter = limiter;
        Activities = activities;
    }

    public MarketoLimiter Limiter { get; }

    /// <summary>Custom activity types and the activities clients wrote.</summary>
    public MarketoCustomActivityStore Activities { get; }

    /// <summary>Makes every issued access token expired (next REST call answers 602).</summary>
    public void ExpireAllTokens() => _tokens.ExpireAll();

    /// <summary>Every access token issued since the last reset (for secrets-at-rest checks).</summary>
    public IReadOnlyCollection<string> IssuedTokens() => _tokens.Issued;

    public void Reset()
    {
        _tokens.Reset();
        Limiter.Reset();
        Activities.Reset();
        _bulk.Reset();
        _log.Reset();
        _feed.Reset();
    }
}
