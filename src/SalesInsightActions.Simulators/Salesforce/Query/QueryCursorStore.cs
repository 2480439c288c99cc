using System.Collections.Concurrent;
using SalesInsightActions.Simulators.DataSet;
using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Soql;

namespace SalesInsightActions.Simulators.Salesforce.Query;

/// <summary>
/// A server-side query cursor ("01g…" locator). It keeps the query and, per row offset already handed
/// out, the scan position to resume from; only ORDER BY queries keep their (sorted) rows.
/// </summary>
internal sealed class QueryCursor(string id, SoqlQuery query, bool includeDeleted, int batchSize, int totalSize, IReadOnlyList<SObjectRecord>? sortedRows)
{
    public string Id { get; } = id;
    public SoqlQuery Query { get; } = query;
    public bool IncludeDeleted { get; } = includeDeleted;
    public int BatchSize { get; } = batchSize;
    public int TotalSize { get; } = totalSize;
    public IReadOnlyList<SObjectRecord>? SortedRows { get; } = sortedRows;
    public ConcurrentDictionary<int, long> ScanPositions { get; } = new();
    public DateTimeOffset LastUsed { get; set; }
}

/// <summary>Open cursors; like Salesforce, a cursor idle for 15 minutes is gone (INVALID_QUERY_LOCATOR).</summary>
internal sealed class QueryCursorStore(TimeProvider clock)
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, QueryCursor> _cursors = new(StringComparer.Ordinal);
    private long _lastNumber;

    public QueryCursor Open(SoqlQuery query, bool includeDeleted, int batchSize, int totalSize, IReadOnlyList<SObjectRecord>? sortedRows)
    {
        DateTimeOffset now = clock.GetUtcNow();
        foreach ((string id, QueryCursor stale) in _cursors)
        {
            if (now - stale.LastUsed > IdleLifetime)
            {
                _cursors.TryRemove(id, out _);
            }
        }
        string cursorId = SalesforceIds.Create("01g", Interlocked.Increment(ref _lastNumber));
        var cursor = new QueryCursor(cursorId, query, includeDeleted, batchSize, totalSize, sortedRows) { LastUsed = now };
        _cursors[cursorId] = cursor;
        return cursor;
    }

    public QueryCursor? Find(string cursorId)
    {
        if (!_cursors.TryGetValue(cursorId, out QueryCursor? cursor))
        {
            return null;
        }
        DateTimeOffset now = clock.GetUtcNow();
        if (now - cursor.LastUsed > IdleLifetime)
        {
            _cursors.TryRemove(cursorId, out _);
            return null;
        }
        cursor.LastUsed = now;
        return cursor;
    }

    public void Clear() => _cursors.Clear();
}
