namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>
/// The subscription's daily budget is used up, either locally (our share of the quota) or by Marketo's 607.
/// Callers checkpoint and resume at <see cref="ResetsAt"/>.
/// </summary>
public sealed class MarketoDailyQuotaExceededException : MarketoApiException
{
    public MarketoDailyQuotaExceededException(DateTimeOffset resetsAt, bool reportedByMarketo, string? requestId = null)
        : base(MarketoErrorCodes.DailyQuotaReached,
            reportedByMarketo ? "Marketo reported the daily API quota as reached." : "The local share of the daily API quota is used up.",
            MarketoErrorClassification.StopUntilReset,
            requestId: requestId)
    {
        ResetsAt = resetsAt;
        ReportedByMarketo = reportedByMarketo;
    }

    /// <summary>Next 00:00 in US Central time, as an instant.</summary>
    public DateTimeOffset ResetsAt { get; }

    /// <summary>True when Marketo answered 607; false when our own budget stopped the call before it was sent.</summary>
    public bool ReportedByMarketo { get; }
}
