using System.Globalization;
using System.Runtime.CompilerServices;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Connections.Marketo;

internal sealed partial class MarketoClient
{
    public async Task<LeadDescription> DescribeLeadsAsync(CancellationToken cancellationToken = default)
    {
        var envelope = await GetEnvelopeAsync<LeadDescription>("rest/v1/leads/describe2.json", [], cancellationToken).ConfigureAwait(false);
        return envelope.Result?.FirstOrDefault()
            ?? throw new MarketoApiException("empty", "describe2 returned no result.", MarketoErrorClassification.Retry, requestId: envelope.RequestId);
    }

    public async IAsyncEnumerable<MarketoLead> GetLeadsByFilterAsync(
        string filterType,
        IEnumerable<string> values,
        IEnumerable<string>? fields = null,
        int batchSize = MaxRecordsPerCall,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filterType);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, MaxRecordsPerCall);
        var fieldList = fields is null ? null : string.Join(',', fields);
        foreach (var valueBatch in Batches(values.ToList(), MaxRecordsPerCall))
        {
            string? pageToken = null;
            do
            {
                var query = new List<KeyValuePair<string, string>>
                {
                    new("filterType", filterType),
                    new("filterValues", string.Join(',', valueBatch)),
                    new("batchSize", batchSize.ToString(CultureInfo.InvariantCulture)),
                };
                if (fieldList is not null)
                {
                    query.Add(new("fields", fieldList));
                }

                if (pageToken is not null)
                {
                    query.Add(new("nextPageToken", pageToken));
                }

                var envelope = await GetEnvelopeAsync<MarketoLead>("rest/v1/leads.json", query, cancellationToken).ConfigureAwait(false);
                foreach (var lead in envelope.Result ?? [])
                {
                    yield return lead;
                }

                pageToken = string.IsNullOrEmpty(envelope.NextPageToken) ? null : envelope.NextPageToken;
            }
            while (pageToken is not null);
        }
    }

    public async Task<IReadOnlyList<MarketoRecordResult>> UpsertLeadsAsync(
        LeadUpsertAction action,
        string? lookupField,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> leads,
        CancellationToken cancellationToken = default)
    {
        var results = new List<MarketoRecordResult>(leads.Count);
        var actionName = action switch
        {
            LeadUpsertAction.CreateOrUpdate => "createOrUpdate",
            LeadUpsertAction.CreateOnly => "createOnly",
            LeadUpsertAction.UpdateOnly => "updateOnly",
            LeadUpsertAction.CreateDuplicate => "createDuplicate",
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        foreach (var batch in Batches(leads, MaxRecordsPerCall))
        {
            var envelope = await PostEnvelopeAsync<MarketoRecordResult>("rest/v1/leads.json", new UpsertLeadsRequest(actionName, lookupField, batch), cancellationToken).ConfigureAwait(false);
            results.AddRange(envelope.Result ?? []);
        }

        return results;
    }
}
