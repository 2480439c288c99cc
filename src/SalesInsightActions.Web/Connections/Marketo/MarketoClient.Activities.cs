using System.Globalization;
using System.Runtime.CompilerServices;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Connections.Marketo;

internal sealed partial class MarketoClient
{
    private const int MaxActivityTypeIds = 10;
    private const int MaxLeadIds = 30;

    public async Task<IReadOnlyList<ActivityType>> GetActivityTypesAsync(CancellationToken cancellationToken = default)
    {
        var envelope = await GetEnvelopeAsync<ActivityType>("rest/v1/activities/types.json", [], cancellationToken).ConfigureAwait(false);
        return envelope.Result ?? [];
    }

    public async Task<string> GetPagingTokenAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        // BuildGet url-encodes, so the "+" of an offset can never turn into a space.
        var sinceText = since.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var envelope = await GetEnvelopeAsync<object>("rest/v1/activities/pagingtoken.json", [new("sinceDatetime", sinceText)], cancellationToken).ConfigureAwait(false);
        return envelope.NextPageToken
            ?? throw new MarketoApiException("empty", "pagingtoken.json returned no nextPageToken.", MarketoErrorClassification.Retry, requestId: envelope.RequestId);
    }

    public async IAsyncEnumerable<MarketoActivityPage> GetActivitiesAsync(
        string pagingToken,
        IReadOnlyCollection<int> activityTypeIds,
        IReadOnlyCollection<long>? leadIds = null,
        int batchSize = MaxRecordsPerCall,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pagingToken);
        if (activityTypeIds.Count is 0 or > MaxActivityTypeIds)
        {
            throw new ArgumentOutOfRangeException(nameof(activityTypeIds), "Marketo accepts 1 to 10 activity type ids per call.");
        }

        if (leadIds is { Count: > MaxLeadIds })
        {
            throw new ArgumentOutOfRangeException(nameof(leadIds), "Marketo accepts at most 30 lead ids per call.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, MaxRecordsPerCall);

        List<KeyValuePair<string, string>> query =
        [
            new("activityTypeIds", string.Join(',', activityTypeIds)),
            new("batchSize", batchSize.ToString(CultureInfo.InvariantCulture)),
        ];
        if (leadIds is { Count: > 0 })
        {
            query.Add(new("leadIds", string.Join(',', leadIds)));
        }

        await foreach (var envelope in PagesAsync<MarketoActivity>("rest/v1/activities.json", pagingToken, query, cancellationToken).ConfigureAwait(false))
        {
            yield return new MarketoActivityPage(envelope.Result ?? [], envelope.NextPageToken, envelope.MoreResult);
        }
    }

    public async IAsyncEnumerable<MarketoLeadChangePage> GetLeadChangesAsync(
        string pagingToken,
        IReadOnlyCollection<string> fields,
        IReadOnlyCollection<long>? leadIds = null,
        int batchSize = MaxRecordsPerCall,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pagingToken);
        if (fields.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fields), "Marketo requires at least one field for lead changes.");
        }

        if (leadIds is { Count: > MaxLeadIds })
        {
            throw new ArgumentOutOfRangeException(nameof(leadIds), "Marketo accepts at most 30 lead ids per call.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, MaxRecordsPerCall);
        List<KeyValuePair<string, string>> query =
        [
            new("fields", string.Join(',', fields)),
            new("batchSize", batchSize.ToString(CultureInfo.InvariantCulture)),
        ];
        if (leadIds is { Count: > 0 })
        {
            query.Add(new("leadIds", string.Join(',', leadIds)));
        }

        await foreach (var envelope in PagesAsync<MarketoLeadChange>("rest/v1/activities/leadchanges.json", pagingToken, query, cancellationToken).ConfigureAwait(false))
        {
            yield return new MarketoLeadChangePage(envelope.Result ?? [], envelope.NextPageToken, envelope.MoreResult);
        }
    }

    public async IAsyncEnumerable<MarketoActivityPage> GetDeletedLeadsAsync(
        string pagingToken,
        int batchSize = MaxRecordsPerCall,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pagingToken);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, MaxRecordsPerCall);
        List<KeyValuePair<string, string>> query = [new("batchSize", batchSize.ToString(CultureInfo.InvariantCulture))];
        await foreach (var envelope in PagesAsync<MarketoActivity>("rest/v1/activities/deletedleads.json", pagingToken, query, cancellationToken).ConfigureAwait(false))
        {
            yield return new MarketoActivityPage(envelope.Result ?? [], envelope.NextPageToken, envelope.MoreResult);
        }
    }

    /// <summary>The pages of an activity feed from <paramref name="pagingToken"/>, until moreResult is false.</summary>
    private async IAsyncEnumerable<MarketoResponse<T>> PagesAsync<T>(
        string path,
        string pagingToken,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var token = pagingToken;
        while (true)
        {
            List<KeyValuePair<string, string>> query = [new("nextPageToken", token), .. parameters];
            var envelope = await GetEnvelopeAsync<T>(path, query, cancellationToken).ConfigureAwait(false);
            yield return envelope;

            // A short or empty page with moreResult:true is not the end: only moreResult decides.
            if (!envelope.MoreResult || string.IsNullOrEmpty(envelope.NextPageToken))
            {
                yield break;
            }

            token = envelope.NextPageToken;
        }
    }

    public async Task<IReadOnlyList<CustomActivityType>> GetCustomActivityTypesAsync(CancellationToken cancellationToken = default)
    {
        var envelope = await GetEnvelopeAsync<CustomActivityType>("rest/v1/activities/external/types.json", [], cancellationToken).ConfigureAwait(false);
        return envelope.Result ?? [];
    }

    public async Task<CustomActivityType> CreateCustomActivityTypeAsync(CreateCustomActivityTypeRequest request, CancellationToken cancellationToken = default)
    {
        var envelope = await PostEnvelopeAsync<CustomActivityType>("rest/v1/activities/external/type.json", request, cancellationToken).ConfigureAwait(false);
        return SingleResult(envelope);
    }

    public async Task<CustomActivityType> AddCustomActivityTypeAttributesAsync(string apiName, IReadOnlyList<CustomActivityTypeAttribute> attributes, CancellationToken cancellationToken = default)
    {
        var path = $"rest/v1/activities/external/type/{Uri.EscapeDataString(apiName)}/attributes/create.json";
        var envelope = await PostEnvelopeAsync<CustomActivityType>(path, new { attributes }, cancellationToken).ConfigureAwait(false);
        return SingleResult(envelope);
    }

    public async Task<CustomActivityType> ApproveCustomActivityTypeAsync(string apiName, CancellationToken cancellationToken = default)
    {
        var path = $"rest/v1/activities/external/type/{Uri.EscapeDataString(apiName)}/approve.json";
        var envelope = await PostEnvelopeAsync<CustomActivityType>(path, null, cancellationToken).ConfigureAwait(false);
        return SingleResult(envelope);
    }

    public async Task<IReadOnlyList<MarketoRecordResult>> AddCustomActivitiesAsync(IReadOnlyList<CustomActivity> activities, CancellationToken cancellationToken = default)
    {
        var results = new List<MarketoRecordResult>(activities.Count);
        foreach (var batch in Batches(activities, MaxRecordsPerCall))
        {
            // Not repeated by the pipeline when the answer is lost: Marketo has no idempotency key for activities.
            var envelope = await PostEnvelopeAsync<MarketoRecordResult>("rest/v1/activities/external.json", new AddCustomActivitiesRequest(batch), cancellationToken, unsafeToRepeat: true).ConfigureAwait(false);
            results.AddRange(envelope.Result ?? []);
        }

        return results;
    }

    private static T SingleResult<T>(MarketoResponse<T> envelope) =>
        envelope.Result is { Count: > 0 } result
            ? result[0]
            : throw new MarketoApiException("empty", "Marketo answered success without a result.", MarketoErrorClassification.Retry, requestId: envelope.RequestId);
}
