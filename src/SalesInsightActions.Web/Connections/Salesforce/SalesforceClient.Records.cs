using SalesInsightActions.Web.Connections.Salesforce.Wire;

namespace SalesInsightActions.Web.Connections.Salesforce;

internal sealed partial class SalesforceClient
{
    private const int MaxCollectionSize = 200;

    public async Task<string> CreateTaskAsync(SalesforceTask task, CancellationToken cancellationToken = default)
    {
        var result = await SendForJsonAsync<SalesforceSaveResult>(
            tokens => new HttpRequestMessage(HttpMethod.Post, Data(tokens, "sobjects/Task/")) { Content = Json(task) }.WithoutRetries(),
            cancellationToken).ConfigureAwait(false);
        if (!result.Success || string.IsNullOrEmpty(result.Id))
        {
            var error = result.Errors?.FirstOrDefault();
            throw new SalesforceApiException(201, error?.StatusCode ?? "CREATE_FAILED", error?.Message, error?.Fields);
        }

        return result.Id;
    }

    public async Task<IReadOnlyList<SalesforceSaveResult>> CreateCollectionAsync(
        string sobjectType,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> records,
        bool allOrNone = false,
        CancellationToken cancellationToken = default)
    {
        var results = new List<SalesforceSaveResult>(records.Count);
        for (var offset = 0; offset < records.Count; offset += MaxCollectionSize)
        {
            var batch = records.Skip(offset).Take(MaxCollectionSize).Select(record =>
            {
                var withType = new Dictionary<string, object?>(record) { ["attributes"] = new Dictionary<string, string> { ["type"] = sobjectType } };
                return withType;
            }).ToList();
            var body = new Dictionary<string, object> { ["allOrNone"] = allOrNone, ["records"] = batch };
            var page = await SendForJsonAsync<List<SalesforceSaveResult>>(
                tokens => new HttpRequestMessage(HttpMethod.Post, Data(tokens, "composite/sobjects")) { Content = Json(body) }.WithoutRetries(),
                cancellationToken).ConfigureAwait(false);
            results.AddRange(page);
        }

        return results;
    }

    public async Task<IReadOnlyList<SalesforceSaveResult>> UpsertCollectionAsync(
        string sobjectType,
        string externalIdField,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> records,
        bool allOrNone = false,
        CancellationToken cancellationToken = default)
    {
        var results = new List<SalesforceSaveResult>(records.Count);
        var path = $"composite/sobjects/{Uri.EscapeDataString(sobjectType)}/{Uri.EscapeDataString(externalIdField)}";
        for (var offset = 0; offset < records.Count; offset += MaxCollectionSize)
        {
            var batch = records.Skip(offset).Take(MaxCollectionSize)
                .Select(record => new Dictionary<string, object?>(record) { ["attributes"] = new Dictionary<string, string> { ["type"] = sobjectType } })
                .ToList();
            var body = new Dictionary<string, object> { ["allOrNone"] = allOrNone, ["records"] = batch };

            // Safe to retry: the external id makes a second send update what the first one created.
            var page = await SendForJsonAsync<List<SalesforceSaveResult>>(
                tokens => new HttpRequestMessage(HttpMethod.Patch, Data(tokens, path)) { Content = Json(body) },
                cancellationToken).ConfigureAwait(false);
            results.AddRange(page);
        }

        return results;
    }

    public async Task UpdateRecordAsync(string sobjectType, string id, IReadOnlyDictionary<string, object?> fields, CancellationToken cancellationToken = default)
    {
        var path = $"sobjects/{Uri.EscapeDataString(sobjectType)}/{Uri.EscapeDataString(id)}";
        using var response = await SendAsync(
            tokens => new HttpRequestMessage(HttpMethod.Patch, Data(tokens, path)) { Content = Json(fields) },
            cancellationToken).ConfigureAwait(false);
    }
}
