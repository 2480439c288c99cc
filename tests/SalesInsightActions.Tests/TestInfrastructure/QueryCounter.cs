using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesInsightActions.Tests.TestInfrastructure;

/// <summary>
/// Counts the database commands one HTTP request runs. EF Core reports every command it executes through its
/// DiagnosticListener; the count is kept per request (tagged with a header the app ignores), so background work on the
/// same database (the email dispatcher, the activity writer) and other tests running in parallel are not counted.
/// </summary>
public static class QueryCounter
{
    public const string Header = "X-Test-Query-Count";

    private static readonly ConcurrentDictionary<string, List<RecordedCommand>> Commands = new();
    private static readonly HttpContextAccessor Http = new();
    private static int subscribed;

    /// <summary>GETs <paramref name="url"/> and returns the response body and each command the request ran.</summary>
    public static async Task<(HttpResponseMessage Response, string Body, IReadOnlyList<RecordedCommand> Commands)> GetAsync(HttpClient client, string url)
    {
        EnsureSubscribed();
        var tag = Guid.NewGuid().ToString("N");
        Commands[tag] = [];
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add(Header, tag);
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var list = Commands[tag];
            lock (list)
            {
                return (response, body, [.. list]);
            }
        }
        finally
        {
            Commands.TryRemove(tag, out _);
        }
    }

    private static void EnsureSubscribed()
    {
        if (Interlocked.Exchange(ref subscribed, 1) == 0)
        {
            DiagnosticListener.AllListeners.Subscribe(new ListenerObserver());
        }
    }

    private static void Record(CommandEventData data)
    {
        if (Http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } tag && Commands.TryGetValue(tag, out var list))
        {
            lock (list)
            {
                // A copy with its parameters (PostgreSQL's command clones), so a test can EXPLAIN what the page ran.
                list.Add(new RecordedCommand(data.Command.CommandText, (data.Command as ICloneable)?.Clone() as DbCommand));
            }
        }
    }

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                listener.Subscribe(new CommandObserver());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class CommandObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data)
            {
                Record(data);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

/// <summary>One command a request ran: its SQL (what <see cref="ToString"/> shows) and, on PostgreSQL, a copy with its parameters.</summary>
public sealed record RecordedCommand(string Sql, DbCommand? WithParameters)
{
    public override string ToString() => Sql;
}
