using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace SalesInsightActions.Tests.Connections;

/// <summary>A fake server: routes each request to a responder and remembers what was sent (bodies captured before disposal).</summary>
public sealed class StubHttpHandler(Func<StubHttpHandler.Call, HttpResponseMessage> respond) : HttpMessageHandler
{
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrentQueue<Call> Calls { get; } = new();

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Delay each response, to observe concurrency.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    public IReadOnlyList<Call> CallsTo(string pathFragment) => Calls.Where(c => c.Uri.AbsolutePath.Contains(pathFragment, StringComparison.Ordinal)).ToList();

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var call = new Call(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body,
                request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase), DateTimeOffset.UtcNow);
            Calls.Enqueue(call);
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, cancellationToken);
            }

            var response = respond(call);
            response.RequestMessage = request;
            return response;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public sealed record Call(HttpMethod Method, Uri Uri, string? Authorization, string? Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At)
    {
        public string Path => Uri.AbsolutePath;

        /// <summary>Query parameter as the server would decode it.</summary>
        public string? Query(string name) => Parse(Uri.Query).GetValueOrDefault(name);

        public string? Form(string name) => Body is null ? null : Parse(Body).GetValueOrDefault(name);

        private static Dictionary<string, string> Parse(string text) =>
            text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .GroupBy(p => Uri.UnescapeDataString(p[0]))
                .ToDictionary(g => g.Key, g => Uri.UnescapeDataString(g.First().ElementAtOrDefault(1)?.Replace('+', ' ') ?? string.Empty));
    }
}
