using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Soql;

namespace SalesInsightActions.Simulators.Salesforce.Query;

/// <summary>One page of query results and where the next one starts.</summary>
public sealed record QueryPage(IReadOnlyList<SObjectRecord> Records, int TotalSize, long? NextScanPosition, int NextOffset)
{
    public bool Done => NextOffset >= TotalSize;
}

/// <summary>
/// Runs bound SOQL over the record store without materialising the object: rows in Id order are
/// streamed from a resumable scan position (the first page also counts the total, as Salesforce
/// reports totalSize up front). ORDER BY on anything but Id sorts the matching rows in memory.
/// </summary>
public sealed class QueryExecutor(SalesforceRecordStore store)
{
    public SoqlEvaluator Evaluator { get; } = new(id => store.Find(id));

    /// <summary>Number of rows the query returns (COUNT(), totalSize), honouring OFFSET and LIMIT.</summary>
    public int Count(SoqlQuery query, bool includeDeleted) =>
        Bound(query, Matches(query, 0, includeDeleted).Select(m => m.Record).LongCount());

    /// <summary>First page: up to <paramref name="batchSize"/> rows plus the total.</summary>
    public QueryPage FirstPage(SoqlQuery query, bool includeDeleted, int batchSize, out IReadOnlyList<SObjectRecord>? sortedRows)
    {
        if (!query.IsScanOrdered)
        {
            List<SObjectRecord> sorted = Sorted(query, includeDeleted);
            sortedRows = sorted;
            return PageFromList(sorted, 0, batchSize);
        }
        sortedRows = null;
        var page = new List<SObjectRecord>(Math.Min(batchSize, 2000));
        long? resumeAt = null;
        long seen = 0;
        int limit = query.Limit ?? int.MaxValue;
        foreach ((SObjectRecord record, long next) in Matches(query, 0, includeDeleted))
        {
            seen++;
            if (seen <= query.Offset)
            {
                continue;
            }
            long row = seen - query.Offset;
            if (row > limit)
            {
                break;
            }
            if (row <= batchSize)
            {
                page.Add(record);
                resumeAt = next;
            }
        }
        int total = (int)Math.Min(int.MaxValue, Math.Max(0, Math.Min(seen - query.Offset, limit)));
        return new QueryPage(page, total, resumeAt, page.Count);
    }

    /// <summary>The page starting at row <paramref name="offset"/>, resuming the scan at <paramref name="scanPosition"/>.</summary>
    public QueryPage NextPage(SoqlQuery query, bool includeDeleted, int batchSize, int totalSize, int offset, long scanPosition)
    {
        var page = new List<SObjectRecord>(Math.Min(batchSize, 2000));
        long? resumeAt = null;
        int wanted = Math.Min(batchSize, totalSize - offset);
        foreach ((SObjectRecord record, long next) in Matches(query, scanPosition, includeDeleted))
        {
            if (page.Count >= wanted)
            {
                break;
            }
            page.Add(record);
            resumeAt = next;
        }
        // Rows deleted between pages shorten the result; report done rather than loop.
        int nextOffset = page.Count < wanted ? totalSize : offset + page.Count;
        return new QueryPage(page, totalSize, resumeAt, nextOffset);
    }

    public static QueryPage PageFromList(IReadOnlyList<SObjectRecord> rows, int offset, int batchSize)
    {
        var page = rows.Skip(offset).Take(batchSize).ToList();
        return new QueryPage(page, rows.Count, null, offset + page.Count);
    }

    /// <summary>Rows in scan order from a position: type, deleted visibility and WHERE applied.</summary>
    public IEnumerable<(SObjectRecord Record, long Next)> Matches(SoqlQuery query, long from, bool includeDeleted)
    {
        foreach ((SObjectRecord record, long next) in store.Scan(query.From, from, includeDeleted))
        {
            if (Evaluator.Matches(record, query.Where))
            {
                yield return (record, next);
            }
        }
    }

    private List<SObjectRecord> Sorted(SoqlQuery query, bool includeDeleted)
    {
        var rows = Matches(query, 0, includeDeleted).Select(m => m.Record).ToList();
        rows.Sort((a, b) =>
        {
            foreach (SoqlOrdering ordering in query.OrderBy)
            {
                int order = Evaluator.CompareForSort(Evaluator.Value(a, ordering.Field), Evaluator.Value(b, ordering.Field), ordering.NullsFirst);
                if (order != 0)
                {
                    return ordering.Descending && Evaluator.Value(a, ordering.Field) is not null && Evaluator.Value(b, ordering.Field) is not null ? -order : order;
                }
            }
            return string.CompareOrdinal(a.Id, b.Id);
        });
        IEnumerable<SObjectRecord> bounded = rows.Skip(query.Offset);
        return (query.Limit is { } limit ? bounded.Take(limit) : bounded).ToList();
    }

    private static int Bound(SoqlQuery query, long matched) =>
        (int)Math.Min(int.MaxValue, Math.Max(0, Math.Min(matched - query.Offset, query.Limit ?? long.MaxValue)));
}
