using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>Activity types, paging token, and the paged activity stream.</summary>
internal static class MarketoActivityEndpoints
{
    private const int MaxTypeIds = 10;
    private const int MaxLeadIds = 30;
    private const int MaxBatchSize = 300;
    private const string TokenKind = "act";

    public static void MapMarketoActivities(this RouteGroupBuilder rest)
    {
        rest.MapGet("/rest/v1/activities/types.json", (MarketoCustomActivityStore custom) =>
            MarketoResults.Success([.. MarketoActivityTypes.Standard.Cast<object>(), .. custom.ApprovedAsActivityTypes()]));
        rest.MapGet("/rest/v1/activities/pagingtoken.json", PagingToken);
        rest.MapGet("/rest/v1/activities.json", ListAsync);
        rest.MapPost("/rest/v1/activities.json", ListAsync);
    }

    private static IResult PagingToken(HttpRequest request, MarketoActivityTimeline timeline)
    {
        string? since = request.Query["sinceDatetime"];
        if (string.IsNullOrEmpty(since))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "sinceDatetime is required");
        }
        if (!DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset sinceAt))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Invalid sinceDatetime '{since}'");
        }
        return Results.Json(
            new PagingTokenResponse(MarketoResults.NewRequestId(), true, MarketoPageToken.Create(TokenKind, timeline.SlotAt(sinceAt))),
            SimulatorJson.Options);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, MarketoActivityTimeline timeline)
    {
        MarketoRequestParameters parameters = await MarketoRequestParameters.ReadAsync(request);
        if (!MarketoPageToken.TryRead(parameters["nextPageToken"], TokenKind, out long slot))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "Invalid or missing nextPageToken");
        }
        if (!TryParseIds(parameters.List("activityTypeIds"), out HashSet<long> typeIds) || typeIds.Count == 0)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "activityTypeIds is required");
        }
        if (typeIds.Count > MaxTypeIds)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Too many activityTypeIds, max {MaxTypeIds}");
        }
        if (!TryParseIds(parameters.List("leadIds"), out HashSet<long> leadIds))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "Invalid leadIds");
        }
        if (leadIds.Count > MaxLeadIds)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Too many leadIds, max {MaxLeadIds}");
        }
        int batchSize = MaxBatchSize;
        if (parameters["batchSize"] is { } rawBatch && (!int.TryParse(rawBatch, out batchSize) || batchSize < 1 || batchSize > MaxBatchSize))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Invalid batchSize '{rawBatch}', max {MaxBatchSize}");
        }

        // A page scans batchSize slots, like the real service scans a window: filters and quiet
        // stretches make it short or empty while moreResult stays true.
        long end = Math.Min(slot + batchSize, Math.Max(slot, timeline.EndSlot));
        List<object> page = [];
        for (long s = slot; s < end; s++)
        {
            if (timeline.At(s) is { } item && typeIds.Contains(item.ActivityTypeId) && (leadIds.Count == 0 || leadIds.Contains(item.LeadId)))
            {
                page.Add(item);
            }
        }
        bool more = end < timeline.EndSlot;
        return MarketoResults.Success(
            page,
            MarketoPageToken.Create(TokenKind, end),
            more,
            page.Count == 0 ? ["No data found"] : []);
    }

    private static bool TryParseIds(IReadOnlyList<string> raw, out HashSet<long> ids)
    {
        ids = [];
        foreach (string value in raw)
        {
            if (!long.TryParse(value, out long id))
            {
                return false;
            }
            ids.Add(id);
        }
        return true;
    }
}

internal sealed record PagingTokenResponse(string RequestId, bool Success, string NextPageToken);
