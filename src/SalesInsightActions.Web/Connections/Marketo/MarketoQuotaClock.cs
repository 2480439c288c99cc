using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Knows when Marketo's daily quota resets: 00:00 US Central (America/Chicago), DST included.</summary>
public sealed class MarketoQuotaClock(TimeProvider timeProvider, IOptions<MarketoClientOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.QuotaResetTimeZone);

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>The quota day (Central calendar date) an instant belongs to.</summary>
    public DateOnly QuotaDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    /// <summary>The next Central midnight strictly after <paramref name="instant"/>.</summary>
    public DateTimeOffset NextReset(DateTimeOffset instant)
    {
        var nextDay = QuotaDay(instant).AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(nextDay, _zone.GetUtcOffset(nextDay)).ToUniversalTime();
    }

    public DateTimeOffset NextReset() => NextReset(Now);
}
