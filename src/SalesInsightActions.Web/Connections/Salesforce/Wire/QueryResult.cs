namespace SalesInsightActions.Web.Connections.Salesforce.Wire;

/// <summary><c>{totalSize, done, nextRecordsUrl, records}</c>; nextRecordsUrl is root-relative (append to instance_url).</summary>
internal sealed class QueryResult<T>
{
    public long TotalSize { get; set; }

    public bool Done { get; set; }

    public string? NextRecordsUrl { get; set; }

    public List<T>? Records { get; set; }
}
