using Serilog.Core;
using Serilog.Events;

namespace SalesInsightActions.Web.Infrastructure.Hosting;

/// <summary>
/// HttpClient's trace events redact header values in their message ("Authorization: *") but also carry every header
/// as a structured property ("Authorization" = ["Bearer …"]), which the JSON log writes out: a vendor access token in
/// the logs whenever someone turns the level down to Trace (found by the secrets-at-rest suite). Header values arrive
/// as sequences, the request's own facts (method, URI, status, time) as scalars, so the sequences are dropped.
/// </summary>
internal sealed class HttpHeaderValueScrubber : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue("SourceContext", out var source)
            && source is ScalarValue { Value: string context }
            && context.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal))
        {
            foreach (var name in logEvent.Properties.Where(p => p.Value is SequenceValue).Select(p => p.Key).ToList())
            {
                logEvent.RemovePropertyIfPresent(name);
            }
        }
    }
}
