using System.Text.Json;
using SalesInsightActions.Web.Connections.Salesforce.Wire;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>Salesforce REST and Bulk API 2.0 calls for one connection (one user's tokens).</summary>
public interface ISalesforceClient
{
    string ConnectionId { get; }

    /// <summary>Last <c>Sforce-Limit-Info</c> seen for this connection's instance.</summary>
    SalesforceApiUsage? LastApiUsage { get; }

    /// <summary>Records of a SOQL query, following <c>nextRecordsUrl</c> until done.</summary>
    /// <param name="batchSize">Sforce-Query-Options batchSize (200–2000); null leaves Salesforce's default.</param>
    IAsyncEnumerable<T> QueryAsync<T>(string soql, int? batchSize = null, CancellationToken cancellationToken = default);

    IAsyncEnumerable<JsonElement> QueryAsync(string soql, int? batchSize = null, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="QueryAsync{T}"/>, including deleted and archived rows.</summary>
    IAsyncEnumerable<T> QueryAllAsync<T>(string soql, int? batchSize = null, CancellationToken cancellationToken = default);

    /// <summary>A Tooling API query (e.g. InstalledSubscriberPackage), following <c>nextRecordsUrl</c>.</summary>
    IAsyncEnumerable<JsonElement> ToolingQueryAsync(string soql, CancellationToken cancellationToken = default);

    Task<SObjectDescribe> DescribeAsync(string sobject, CancellationToken cancellationToken = default);

    /// <summary>Creates one Task (201) and returns its id.</summary>
    Task<string> CreateTaskAsync(SalesforceTask task, CancellationToken cancellationToken = default);

    /// <summary>Creates records through composite/sobjects, 200 per call; results in input order.</summary>
    Task<IReadOnlyList<SalesforceSaveResult>> CreateCollectionAsync(string sobjectType, IReadOnlyList<IReadOnlyDictionary<string, object?>> records, bool allOrNone = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Upserts records by an External ID field through <c>PATCH composite/sobjects/{type}/{field}</c>, 200 per call;
    /// each record must carry the field's value. Idempotent, so a call whose answer was lost may be sent again.
    /// </summary>
    Task<IReadOnlyList<SalesforceSaveResult>> UpsertCollectionAsync(string sobjectType, string externalIdField, IReadOnlyList<IReadOnlyDictionary<string, object?>> records, bool allOrNone = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets fields of one record (<c>PATCH sobjects/{type}/{id}</c>, 204). Safe to repeat: setting the same values
    /// again changes nothing.
    /// </summary>
    Task UpdateRecordAsync(string sobjectType, string id, IReadOnlyDictionary<string, object?> fields, CancellationToken cancellationToken = default);

    Task<BulkQueryJob> CreateBulkQueryJobAsync(string soql, bool includeDeleted = false, CancellationToken cancellationToken = default);

    Task<BulkQueryJob> GetBulkQueryJobAsync(string jobId, CancellationToken cancellationToken = default);

    Task<BulkQueryJob> WaitForBulkQueryJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Result rows (header → value) streamed page by page with <c>Sforce-Locator</c> until it says "null".</summary>
    IAsyncEnumerable<IReadOnlyDictionary<string, string>> ReadBulkQueryResultsAsync(string jobId, int? maxRecordsPerPage = null, CancellationToken cancellationToken = default);
}
