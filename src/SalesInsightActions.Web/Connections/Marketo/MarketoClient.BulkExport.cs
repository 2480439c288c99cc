using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Connections.Marketo;

internal sealed partial class MarketoClient
{
    private const string ExportBase = "bulk/v1/leads/export";

    public async Task<BulkExportJob> CreateLeadExportAsync(IReadOnlyList<string> fields, BulkExportFilter filter, CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, object>
        {
            ["fields"] = fields,
            ["format"] = "CSV",
            ["filter"] = FilterBody(filter),
        };
        var envelope = await PostEnvelopeAsync<BulkExportJob>($"{ExportBase}/create.json", body, cancellationToken).ConfigureAwait(false);
        return SingleResult(envelope);
    }

    public async Task<BulkExportJob> EnqueueLeadExportAsync(string exportId, CancellationToken cancellationToken = default)
    {
        try
        {
            var envelope = await PostEnvelopeAsync<BulkExportJob>($"{ExportBase}/{Uri.EscapeDataString(exportId)}/enqueue.json", null, cancellationToken).ConfigureAwait(false);
            return SingleResult(envelope);
        }
        catch (MarketoApiException error) when (MarketoErrorCodes.IsJobAlreadyQueued(error.ErrorCode, error.ErrorMessage))
        {
            // A retried enqueue whose first attempt landed: the job is queued, which is what we asked for.
            return await GetLeadExportStatusAsync(exportId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<BulkExportJob> GetLeadExportStatusAsync(string exportId, CancellationToken cancellationToken = default)
    {
        var envelope = await GetEnvelopeAsync<BulkExportJob>($"{ExportBase}/{Uri.EscapeDataString(exportId)}/status.json", [], cancellationToken).ConfigureAwait(false);
        return SingleResult(envelope);
    }

    /// <summary>
    /// Marketo runs queued jobs whether or not anyone polls, and refreshes their status at most once a
    /// minute, so this polls every <see cref="MarketoClientOptions.BulkExportPollInterval"/> (60 s).
    /// </summary>
    public async Task<BulkExportJob> WaitForLeadExportAsync(string exportId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var job = await GetLeadExportStatusAsync(exportId, cancellationToken).ConfigureAwait(false);
            if (job.IsTerminal)
            {
                return job;
            }

            await Task.Delay(options.BulkExportPollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Stream> OpenLeadExportFileAsync(string exportId, long fromByte = 0, CancellationToken cancellationToken = default)
    {
        var (stream, _) = await OpenFileAsync(exportId, fromByte, cancellationToken).ConfigureAwait(false);
        return stream;
    }

    public async IAsyncEnumerable<IReadOnlyDictionary<string, string?>> ReadLeadExportRowsAsync(string exportId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var download = new ResumableDownloadStream(
            (offset, ct) => OpenFileAsync(exportId, offset, ct),
            options.BulkDownloadResumeAttempts,
            (offset, attempt) => LogDownloadResumed(connection.MunchkinId, exportId, offset, attempt));
        await using (download.ConfigureAwait(false))
        {
            await download.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(download);
            var csv = new CsvRowReader(reader);
            Dictionary<string, int>? columns = null;
            while (await csv.ReadRowAsync(cancellationToken).ConfigureAwait(false) is { } record)
            {
                if (columns is null)
                {
                    columns = CsvRecord.Columns(record);
                    continue;
                }

                var values = new string?[record.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    // Marketo writes empty values as the literal null.
                    values[i] = record[i] is "null" ? null : record[i];
                }

                var row = new CsvRecord(columns, values);
                yield return row;
            }
        }
    }

    /// <summary>Opens the file from a byte offset; the flag says whether the server honoured Range (206).</summary>
    private async Task<(Stream Stream, bool Partial)> OpenFileAsync(string exportId, long fromByte, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, connection.Resolve($"{ExportBase}/{Uri.EscapeDataString(exportId)}/file.json"));
        if (fromByte > 0)
        {
            request.Headers.Range = new RangeHeaderValue(fromByte, null);
        }

        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
                    && response.RequestMessage?.GetEnvelopeError() is null)
                {
                    await ReadEnvelopeAsync<object>(response, cancellationToken).ConfigureAwait(false);
                }

                throw HttpFailure(response);
            }

            if (response.RequestMessage?.GetEnvelopeError() is not null)
            {
                await ReadEnvelopeAsync<object>(response, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return (new ResponseOwningStream(body, response), response.StatusCode == HttpStatusCode.PartialContent);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static Dictionary<string, object> FilterBody(BulkExportFilter filter)
    {
        var body = new Dictionary<string, object>();
        if (filter.CreatedAt is { } created)
        {
            body["createdAt"] = DateRange(created);
        }

        if (filter.UpdatedAt is { } updated)
        {
            body["updatedAt"] = DateRange(updated);
        }

        if (filter.StaticListId is { } staticList)
        {
            body["staticListId"] = staticList;
        }

        if (filter.SmartListId is { } smartList)
        {
            body["smartListId"] = smartList;
        }

        if (body.Count != 1)
        {
            throw new ArgumentException("A bulk export takes exactly one filter.", nameof(filter));
        }

        return body;
    }

    private static Dictionary<string, string> DateRange(BulkExportDateRange range)
    {
        if (range.EndAt - range.StartAt > TimeSpan.FromDays(31))
        {
            throw new ArgumentException("Marketo accepts date ranges of at most 31 days.", nameof(range));
        }

        // ISO-8601 without milliseconds, as the bulk API asks.
        const string format = "yyyy-MM-dd'T'HH:mm:ss'Z'";
        return new()
        {
            ["startAt"] = range.StartAt.ToUniversalTime().ToString(format, CultureInfo.InvariantCulture),
            ["endAt"] = range.EndAt.ToUniversalTime().ToString(format, CultureInfo.InvariantCulture),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming Marketo export {ExportId} for {MunchkinId} at byte {Offset} (attempt {Attempt})")]
    private partial void LogDownloadResumed(string munchkinId, string exportId, long offset, int attempt);
}
