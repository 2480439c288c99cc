using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.Tokens;
using SalesInsightActions.Simulators.Salesforce.Query;
using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Rest;
using SalesInsightActions.Simulators.Salesforce.Soql;

namespace SalesInsightActions.Simulators.Salesforce.Bulk;

/// <summary>
/// Bulk API 2.0 query: POST jobs/query, GET jobs/query/{id}, GET jobs/query/{id}/results?locator=&amp;maxRecords=
/// (CSV, Sforce-Locator = "null" on the last page, Sforce-NumberOfRecords), PATCH (abort), DELETE.
/// The locator encodes the scan position, so results stream without holding rows.
/// </summary>
internal static class BulkQueryEndpoints
{
    private const int DefaultMaxRecords = 50_000;

    public static void Map(RouteGroupBuilder rest)
    {
        rest.MapPost("/jobs/query", async (HttpContext context, SalesforceSimulatorState simulator) =>
        {
            JsonBody<JsonElement> read = await JsonBodyReader.ReadAsync<JsonElement>(context.Request);
            if (read.Error is not null)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", read.Error);
            }
            JsonElement body = read.Value;
            string? operation = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("operation", out JsonElement op) ? op.GetString() : null;
            string? soql = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("query", out JsonElement q) ? q.GetString() : null;
            if (operation is not ("query" or "queryAll"))
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALIDJOB", $"Invalid operation: {operation}");
            }
            SoqlQuery query;
            try
            {
                query = SoqlParser.Parse(soql ?? "", simulator.Clock.GetUtcNow());
            }
            catch (SoqlException error)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "API_ERROR", error.Message);
            }
            if (query.IsCount || !query.IsScanOrdered || query.Offset > 0)
            {
                // Bulk API 2.0 refuses COUNT(), OFFSET and (in the simulator) ORDER BY other than Id.
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "API_ERROR", "The simulator's Bulk API 2.0 query supports plain SELECT … FROM … [WHERE] [ORDER BY Id] [LIMIT].");
            }
            BulkQueryJob job = simulator.BulkJobs.Create(operation, query, SalesforceRestFilter.Grant(context).User.Id, SalesforceRestFilter.ApiVersion(context));
            return SalesforceJson.Result(JobInfo(job, simulator, includeProgress: false));
        });

        rest.MapGet("/jobs/query", (SalesforceSimulatorState simulator) => SalesforceJson.Result(new Dictionary<string, object?>
        {
            ["done"] = true,
            ["records"] = simulator.BulkJobs.All.Select(j => JobInfo(j, simulator, includeProgress: false)).ToList(),
            ["nextRecordsUrl"] = null,
        }));

        rest.MapGet("/jobs/query/{jobId}", (string jobId, SalesforceSimulatorState simulator, QueryExecutor executor) =>
            simulator.BulkJobs.Find(jobId) is { } job
                ? SalesforceJson.Result(JobInfo(job, simulator, includeProgress: true, executor))
                : NotFound(jobId));

        rest.MapMethods("/jobs/query/{jobId}", ["PATCH"], async (string jobId, HttpContext context, SalesforceSimulatorState simulator) =>
        {
            if (simulator.BulkJobs.Find(jobId) is not { } job)
            {
                return NotFound(jobId);
            }
            JsonBody<JsonElement> read = await JsonBodyReader.ReadAsync<JsonElement>(context.Request);
            if (read.Error is not null)
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "JSON_PARSER_ERROR", read.Error);
            }
            JsonElement body = read.Value;
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("state", out JsonElement state) || state.GetString() != "Aborted")
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALIDJOBSTATE", "Only state Aborted can be set on a query job.");
            }
            if (simulator.BulkJobs.StateOf(job) == "JobComplete")
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALIDJOBSTATE", "Aborting already Completed Job not allowed");
            }
            job.AbortedState = "Aborted";
            return SalesforceJson.Result(JobInfo(job, simulator, includeProgress: false));
        });

        rest.MapDelete("/jobs/query/{jobId}", (string jobId, SalesforceSimulatorState simulator) =>
            simulator.BulkJobs.Delete(jobId) ? Results.NoContent() : NotFound(jobId));

        rest.MapGet("/jobs/query/{jobId}/results", (string jobId, HttpContext context, SalesforceSimulatorState simulator, QueryExecutor executor, string? locator, int? maxRecords) =>
        {
            if (simulator.BulkJobs.Find(jobId) is not { } job)
            {
                return NotFound(jobId);
            }
            if (simulator.BulkJobs.StateOf(job) != "JobComplete")
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALIDJOBSTATE", "Job is not in a valid state to get results.");
            }
            (long scanPosition, long emitted) = (0, 0);
            if (!string.IsNullOrEmpty(locator) && !TryReadLocator(locator, out scanPosition, out emitted))
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALIDLOCATOR", $"Invalid locator: {locator}");
            }
            int pageSize = Math.Clamp(maxRecords ?? DefaultMaxRecords, 1, DefaultMaxRecords * 20);
            long limit = job.Query.Limit ?? long.MaxValue;
            var csv = new StringBuilder();
            csv.Append(string.Join(',', job.Query.Fields.Select(f => Quote(f.CanonicalPath)))).Append('\n');
            int written = 0;
            long? nextPosition = null;
            bool more = false;
            foreach ((SObjectRecord record, long next) in executor.Matches(job.Query, scanPosition, job.IncludeDeleted))
            {
                if (emitted + written >= limit)
                {
                    break;
                }
                if (written == pageSize)
                {
                    more = true;
                    break;
                }
                csv.Append(string.Join(',', job.Query.Fields.Select(f => Quote(SalesforceValueFormat.ToCsv(executor.Evaluator.Value(record, f)))))).Append('\n');
                written++;
                nextPosition = next;
            }
            context.Response.Headers["Sforce-NumberOfRecords"] = written.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["Sforce-Locator"] = more && nextPosition is { } position ? WriteLocator(position, emitted + written) : "null";
            return Results.Text(csv.ToString(), "text/csv", Encoding.UTF8);
        });
    }

    private static Dictionary<string, object?> JobInfo(BulkQueryJob job, SalesforceSimulatorState simulator, bool includeProgress, QueryExecutor? executor = null)
    {
        string state = simulator.BulkJobs.StateOf(job);
        var info = new Dictionary<string, object?>
        {
            ["id"] = job.Id,
            ["operation"] = job.Operation,
            ["object"] = job.Query.From.Name,
            ["createdById"] = job.CreatedById,
            ["createdDate"] = Timestamp(job.CreatedDate),
            ["systemModstamp"] = Timestamp(job.CreatedDate),
            ["state"] = state,
            ["concurrencyMode"] = "Parallel",
            ["contentType"] = "CSV",
            ["apiVersion"] = double.Parse(job.ApiVersion, CultureInfo.InvariantCulture),
            ["lineEnding"] = "LF",
            ["columnDelimiter"] = "COMMA",
        };
        if (includeProgress)
        {
            if (state == "JobComplete" && job.NumberRecordsProcessed is null && executor is not null)
            {
                job.NumberRecordsProcessed = executor.Count(job.Query, job.IncludeDeleted);
            }
            info["jobType"] = "V2Query";
            info["numberRecordsProcessed"] = state == "JobComplete" ? job.NumberRecordsProcessed ?? 0 : 0;
            info["retries"] = 0;
            info["totalProcessingTime"] = state == "JobComplete" ? 120 : 0;
            info["isPkChunkingSupported"] = true;
        }
        return info;
    }

    private static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    private static IResult NotFound(string jobId) =>
        SalesforceErrors.Single(StatusCodes.Status404NotFound, "NOT_FOUND", $"Job with id {jobId} not found");

    // Bulk CSV quotes every value; embedded quotes are doubled.
    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string WriteLocator(long scanPosition, long emitted) =>
        Base64UrlEncoder.Encode(Encoding.ASCII.GetBytes(scanPosition.ToString(CultureInfo.InvariantCulture) + ":" + emitted.ToString(CultureInfo.InvariantCulture)));

    private static bool TryReadLocator(string locator, out long scanPosition, out long emitted)
    {
        scanPosition = 0;
        emitted = 0;
        try
        {
            string[] parts = Encoding.ASCII.GetString(Base64UrlEncoder.DecodeBytes(locator)).Split(':');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out scanPosition)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out emitted);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
