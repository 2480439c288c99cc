using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SalesInsightActions.Web.Connections.Salesforce.Wire;

namespace SalesInsightActions.Web.Connections.Salesforce;

internal sealed partial class SalesforceClient
{
    public IAsyncEnumerable<T> QueryAsync<T>(string soql, int? batchSize = null, CancellationToken cancellationToken = default) =>
        RunQueryAsync<T>("query", soql, batchSize, cancellationToken);

    public IAsyncEnumerable<JsonElement> QueryAsync(string soql, int? batchSize = null, CancellationToken cancellationToken = default) =>
        RunQueryAsync<JsonElement>("query", soql, batchSize, cancellationToken);

    public IAsyncEnumerable<T> QueryAllAsync<T>(string soql, int? batchSize = null, CancellationToken cancellationToken = default) =>
        RunQueryAsync<T>("queryAll", soql, batchSize, cancellationToken);

    public IAsyncEnumerable<JsonElement> ToolingQueryAsync(string soql, CancellationToken cancellationToken = default) =>
        RunQueryAsync<JsonElement>("tooling/query", soql, null, cancellationToken);

    public Task<SObjectDescribe> DescribeAsync(string sobject, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<SObjectDescribe>(
            tokens => new HttpRequestMessage(HttpMethod.Get, Data(tokens, $"sobjects/{Uri.EscapeDataString(sobject)}/describe")),
            cancellationToken);

    private async IAsyncEnumerable<T> RunQueryAsync<T>(string resource, string soql, int? batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (batchSize is < 200 or > 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), "Salesforce accepts batchSize 200 to 2000.");
        }

        string? nextRecordsUrl = null;
        do
        {
            var next = nextRecordsUrl;
            var page = await SendForJsonAsync<QueryResult<T>>(
                tokens =>
                {
                    // nextRecordsUrl is root-relative ("/services/data/v62.0/query/01g…-2000"): append to the current instance_url.
                    var uri = next is null
                        ? Data(tokens, $"{resource}?q={Uri.EscapeDataString(soql)}")
                        : new Uri(Root(tokens) + next.TrimStart('/'));
                    var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    if (batchSize is { } size)
                    {
                        request.Headers.TryAddWithoutValidation("Sforce-Query-Options", "batchSize=" + size.ToString(CultureInfo.InvariantCulture));
                    }

                    return request;
                },
                cancellationToken).ConfigureAwait(false);

            foreach (var record in page.Records ?? [])
            {
                yield return record;
            }

            nextRecordsUrl = page.Done ? null : page.NextRecordsUrl;
        }
        while (nextRecordsUrl is not null);
    }
}
