using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>One <see cref="MarketoSubscriptionLimiter"/> per subscription endpoint for the whole process.</summary>
public sealed class MarketoLimiterRegistry(IOptions<MarketoClientOptions> options, MarketoQuotaClock clock) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<MarketoSubscriptionLimiter>> _limiters = new(StringComparer.Ordinal);

    public MarketoSubscriptionLimiter For(MarketoConnection connection) =>
        _limiters.GetOrAdd(connection.SubscriptionKey, _ => new Lazy<MarketoSubscriptionLimiter>(() => new MarketoSubscriptionLimiter(options.Value, clock))).Value;

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values.Where(l => l.IsValueCreated))
        {
            limiter.Value.Dispose();
        }
    }
}
