using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SalesInsightActions.Simulators.Salesforce.Rest;
using SalesInsightActions.Simulators.Salesforce.Soql;

namespace SalesInsightActions.Simulators.Salesforce.Query;

/// <summary>
/// query?q= and queryAll?q= (queryAll adds deleted rows), and the cursor URLs query/01g…-N handed out as
/// nextRecordsUrl. Page size is 2000, or the batchSize of Sforce-Query-Options clamped to 200..2000.
/// </summary>
internal static partial class QueryEndpoints
{
    private const int DefaultBatchSize = 2000;

    [GeneratedRegex(@"batchSize\s*=\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex BatchSizeOption();

    [GeneratedRegex(@"^(01g[0-9A-Za-z]{15})-(\d+)$")]
    private static partial Regex CursorLocator();

    public static void Map(RouteGroupBuilder rest)
    {
        rest.MapGet("/query", (HttpContext context, SalesforceSimulatorState simulator, QueryExecutor executor, string? q) =>
            Run(context, simulator, executor, q, includeDeleted: false));
        rest.MapGet("/queryAll", (HttpContext context, SalesforceSimulatorState simulator, QueryExecutor executor, string? q) =>
            Run(context, simulator, executor, q, includeDeleted: true));
        rest.MapGet("/query/{locator}", (HttpContext context, SalesforceSimulatorState simulator, QueryExecutor executor, string locator) =>
            Continue(context, simulator, executor, locator, "query"));
        rest.MapGet("/queryAll/{locator}", (HttpContext context, SalesforceSimulatorState simulator, QueryExecutor executor, string locator) =>
            Continue(context, simulator, executor, locator, "queryAll"));
    }

    private static IResult Run(HttpContext context, SalesforceSimulatorState simulator, QueryExecutor executor, string? soql, bool includeDeleted)
    {
        SoqlQuery query;
        try
        {
            query = SoqlParser.Parse(soql ?? "", simulator.Clock.GetUtcNow());
        }
        catch (SoqlException error)
        {
            return SalesforceErrors.Single(StatusCodes.Status400BadRequest, error.ErrorCode, error.Message);
        }
        string apiVersion = SalesforceRestFilter.ApiVersion(context);
        if (query.IsCount)
        {
            return SalesforceJson.Result(new Dictionary<string, object> { ["totalSize"] = executor.Count(query, includeDeleted), ["done"] = true, ["records"] = Array.Empty<object>() });
        }
        int batchSize = BatchSize(context.Request);
        QueryPage page = executor.FirstPage(query, includeDeleted, batchSize, out var sortedRows);
        string? next = null;
        if (!page.Done)
        {
            QueryCursor cursor = simulator.Cursors.Open(query, includeDeleted, batchSize, page.TotalSize, sortedRows);
            if (page.NextScanPosition is { } position)
            {
                cursor.ScanPositions[page.NextOffset] = position;
            }
            next = NextUrl(apiVersion, includeDeleted ? "queryAll" : "query", cursor.Id, page.NextOffset);
        }
        return Json(QueryResultWriter.Write(page, query, apiVersion, next, id => simulator.Records.Find(id)));
    }

    private static IResult Continue(HttpContext context, SalesforceSimulatorState simulator, QueryExecutor executor, string locator, string resource)
    {
        Match match = CursorLocator().Match(locator);
        QueryCursor? cursor = match.Success ? simulator.Cursors.Find(match.Groups[1].Value) : null;
        int offset = match.Success && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed : -1;
        if (cursor is null || offset < 0 || offset > cursor.TotalSize)
        {
            return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        QueryPage page;
        if (cursor.SortedRows is not null)
        {
            page = QueryExecutor.PageFromList(cursor.SortedRows, offset, cursor.BatchSize);
        }
        else if (cursor.ScanPositions.TryGetValue(offset, out long position))
        {
            page = executor.NextPage(cursor.Query, cursor.IncludeDeleted, cursor.BatchSize, cursor.TotalSize, offset, position);
            if (page.NextScanPosition is { } nextPosition && !page.Done)
            {
                cursor.ScanPositions[page.NextOffset] = nextPosition;
            }
        }
        else
        {
            // Only offsets this cursor handed out are valid (Salesforce rejects made-up ones too).
            return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        string apiVersion = SalesforceRestFilter.ApiVersion(context);
        string? next = page.Done ? null : NextUrl(apiVersion, resource, cursor.Id, page.NextOffset);
        return Json(QueryResultWriter.Write(page, cursor.Query, apiVersion, next, id => simulator.Records.Find(id)));
    }

    private static string NextUrl(string apiVersion, string resource, string cursorId, int offset) =>
        $"/services/data/v{apiVersion}/{resource}/{cursorId}-{offset.ToString(CultureInfo.InvariantCulture)}";

    private static int BatchSize(HttpRequest request)
    {
        Match match = BatchSizeOption().Match(request.Headers["Sforce-Query-Options"].ToString());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int requested))
        {
            return DefaultBatchSize;
        }
        return Math.Clamp(requested, 200, 2000);
    }

    private static IResult Json(byte[] body) => Results.Bytes(body, "application/json;charset=UTF-8");
}
