using System.Globalization;
using System.Runtime.CompilerServices;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce.Wire;

namespace SalesInsightActions.Web.Connections.Salesforce;

internal sealed partial class SalesforceClient
{
    public Task<BulkQueryJob> CreateBulkQueryJobAsync(string soql, bool includeDeleted = false, CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, string> { ["operation"] = includeDeleted ? "queryAll" : "query", ["query"] = soql };
        return SendForJsonAsync<BulkQueryJob>(
            tokens => new HttpRequestMessage(HttpMethod.Post, Data(tokens, "jobs/query")) { Content = Json(body) },
            cancellationToken);
    }

    public Task<BulkQueryJob> GetBulkQueryJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<BulkQueryJob>(
            tokens => new HttpRequestMessage(HttpMethod.Get, Data(tokens, $"jobs/query/{Uri.EscapeDataString(jobId)}")),
            cancellationToken);

    public async Task<BulkQueryJob> WaitForBulkQueryJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var job = await GetBulkQueryJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (job.IsTerminal)
            {
                return job;
            }

            await Task.Delay(options.BulkJobPollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<IReadOnlyDictionary<string, string>> ReadBulkQueryResultsAsync(
        string jobId,
        int? maxRecordsPerPage = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? locator = null;
        while (true)
        {
            var query = new List<string>();
            if (locator is not null)
            {
                query.Add("locator=" + Uri.EscapeDataString(locator));
            }

            if (maxRecordsPerPage is { } max)
            {
                query.Add("maxRecords=" + max.ToString(CultureInfo.InvariantCulture));
            }

            var relative = $"jobs/query/{Uri.EscapeDataString(jobId)}/results" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
            using var response = await SendAsync(tokens => new HttpRequestMessage(HttpMethod.Get, Data(tokens, relative)), cancellationToken).ConfigureAwait(false);
            locator = response.Headers.TryGetValues("Sforce-Locator", out var values) ? values.FirstOrDefault() : null;

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new StreamReader(stream);
                var csv = new CsvRowReader(reader);
                var header = await csv.ReadRowAsync(cancellationToken).ConfigureAwait(false);
                while (header is not null && await csv.ReadRowAsync(cancellationToken).ConfigureAwait(false) is { } row)
                {
                    var record = new Dictionary<string, string>(header.Count, StringComparer.OrdinalIgnoreCase);
                    for (var i = 0; i < header.Count; i++)
                    {
                        record[header[i]] = i < row.Count ? row[i] : string.Empty;
                    }

                    yield return record;
                }
            }

            // The last page says so with the literal string "null".
            if (string.IsNullOrEmpty(locator) || locator == "null")
            {
                yield break;
            }
        }
    }
}
