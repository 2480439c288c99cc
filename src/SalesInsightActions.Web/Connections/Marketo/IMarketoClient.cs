using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Marketo REST, bulk and User Management calls for one subscription. Errors surface as <see cref="MarketoApiException"/>.</summary>
public interface IMarketoClient
{
    MarketoConnection Connection { get; }

    Task<MarketoAccessToken> GetTokenAsync(CancellationToken cancellationToken = default);

    Task<LeadDescription> DescribeLeadsAsync(CancellationToken cancellationToken = default);

    /// <summary>Leads matching any of <paramref name="values"/>; more than 300 values are split into several calls.</summary>
    IAsyncEnumerable<MarketoLead> GetLeadsByFilterAsync(string filterType, IEnumerable<string> values, IEnumerable<string>? fields = null, int batchSize = 300, CancellationToken cancellationToken = default);

    /// <summary>Results in input order; more than 300 leads are sent in several calls.</summary>
    Task<IReadOnlyList<MarketoRecordResult>> UpsertLeadsAsync(LeadUpsertAction action, string? lookupField, IReadOnlyList<IReadOnlyDictionary<string, object?>> leads, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ActivityType>> GetActivityTypesAsync(CancellationToken cancellationToken = default);

    Task<string> GetPagingTokenAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Pages of activities while Marketo says <c>moreResult</c>, even across short or empty pages; each page carries the token to resume from.</summary>
    IAsyncEnumerable<MarketoActivityPage> GetActivitiesAsync(string pagingToken, IReadOnlyCollection<int> activityTypeIds, IReadOnlyCollection<long>? leadIds = null, int batchSize = 300, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pages of New Lead / Change Data Value activities with the changes to <paramref name="fields"/>, while
    /// <c>moreResult</c> says so (empty pages included); same paging tokens as <see cref="GetActivitiesAsync"/>.
    /// </summary>
    IAsyncEnumerable<MarketoLeadChangePage> GetLeadChangesAsync(string pagingToken, IReadOnlyCollection<string> fields, IReadOnlyCollection<long>? leadIds = null, int batchSize = 300, CancellationToken cancellationToken = default);

    /// <summary>Pages of Delete Lead activities (Marketo prunes them after about 14 days).</summary>
    IAsyncEnumerable<MarketoActivityPage> GetDeletedLeadsAsync(string pagingToken, int batchSize = 300, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CustomActivityType>> GetCustomActivityTypesAsync(CancellationToken cancellationToken = default);

    Task<CustomActivityType> CreateCustomActivityTypeAsync(CreateCustomActivityTypeRequest request, CancellationToken cancellationToken = default);

    Task<CustomActivityType> AddCustomActivityTypeAttributesAsync(string apiName, IReadOnlyList<CustomActivityTypeAttribute> attributes, CancellationToken cancellationToken = default);

    Task<CustomActivityType> ApproveCustomActivityTypeAsync(string apiName, CancellationToken cancellationToken = default);

    /// <summary>Results in input order; more than 300 activities are sent in several calls.</summary>
    Task<IReadOnlyList<MarketoRecordResult>> AddCustomActivitiesAsync(IReadOnlyList<CustomActivity> activities, CancellationToken cancellationToken = default);

    Task<BulkExportJob> CreateLeadExportAsync(IReadOnlyList<string> fields, BulkExportFilter filter, CancellationToken cancellationToken = default);

    Task<BulkExportJob> EnqueueLeadExportAsync(string exportId, CancellationToken cancellationToken = default);

    Task<BulkExportJob> GetLeadExportStatusAsync(string exportId, CancellationToken cancellationToken = default);

    /// <summary>Polls the status until the job is Completed, Failed or Cancelled.</summary>
    Task<BulkExportJob> WaitForLeadExportAsync(string exportId, CancellationToken cancellationToken = default);

    /// <summary>The export file from <paramref name="fromByte"/> on (HTTP Range), streamed; dispose it when done.</summary>
    Task<Stream> OpenLeadExportFileAsync(string exportId, long fromByte = 0, CancellationToken cancellationToken = default);

    /// <summary>Rows of the export file as header → value (Marketo's literal <c>null</c> becomes null), streamed and resumed with Range if the download breaks.</summary>
    IAsyncEnumerable<IReadOnlyDictionary<string, string?>> ReadLeadExportRowsAsync(string exportId, CancellationToken cancellationToken = default);

    Task<MarketoUsage?> GetUsageAsync(CancellationToken cancellationToken = default);

    /// <summary>All users of the subscription (User Management API), every page.</summary>
    Task<IReadOnlyList<MarketoUser>> GetUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>One user with roles and workspaces (<c>users/{userid}/user.json</c>).</summary>
    Task<MarketoUser> GetUserAsync(string userid, CancellationToken cancellationToken = default);

    /// <summary>Users who can be invited as Marketo admins: not API-only, and holding the Admin role in some workspace.</summary>
    Task<IReadOnlyList<MarketoUserWithRoles>> GetAdminUsersAsync(CancellationToken cancellationToken = default);
}

/// <summary>One page of activities and the token that continues after it.</summary>
public sealed record MarketoActivityPage(IReadOnlyList<MarketoActivity> Activities, string? NextPageToken, bool MoreResult);

public sealed record MarketoLeadChangePage(IReadOnlyList<MarketoLeadChange> Changes, string? NextPageToken, bool MoreResult);
