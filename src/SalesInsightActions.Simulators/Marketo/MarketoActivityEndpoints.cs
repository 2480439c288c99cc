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

    public static void MapMarketoActivities(this RouteGroupBuilder rest)
    {
        rest.MapGet("/rest/v1/activities/types.json", (MarketoCustomActivityStore custom) =>
            MarketoResults.Success([.. MarketoActivityTypes.Standard.Cast<object>(), .. custom.ApprovedAsActivityTypes()]));
        rest.MapGet("/rest/v1/activities/pagingtoken.json", PagingToken);
        rest.MapGet("/rest/v1/activities.json", ListAsync);
        rest.MapPost("/rest/v1/activities.json", ListAsync);
        rest.MapGet("/rest/v1/activities/leadchanges.json", LeadChangesAsync);
        rest.MapPost("/rest/v1/activities/leadchanges.json", LeadChangesAsync);
        rest.MapGet("/rest/v1/activities/deletedleads.json", DeletedLeadsAsync);
    }

    private static IResult PagingToken(HttpRequest request)
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
            new PagingTokenResponse(MarketoResults.NewRequestId(), true, MarketoActivityFeed.TokenSince(sinceAt)),
            SimulatorJson.Options);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, MarketoActivityFeed feed)
    {
        MarketoRequestParameters parameters = await MarketoRequestParameters.ReadAsync(request);
        if (!MarketoActivityFeed.TryReadToken(parameters["nextPageToken"], out long afterTicks, out long afterId))
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
        if (!TryReadBatchSize(parameters, out int batchSize, out IResult? invalid))
        {
            return invalid!;
        }

        bool Wanted(long typeId, long leadId) => typeIds.Contains(typeId) && (leadIds.Count == 0 || leadIds.Contains(leadId));
        FeedPage page = feed.Read(
            afterTicks,
            afterId,
            batchSize,
            item => Wanted(item.ActivityTypeId, item.LeadId),
            entry => !entry.DeletedFeedOnly && Wanted(entry.Item.ActivityTypeId, entry.Item.LeadId),
            static entry => entry.Item);
        return PageResult(page);
    }

    /// <summary>Only New Lead and Change Data Value, each with the changed fields among those asked for.</summary>
    private static async Task<IResult> LeadChangesAsync(HttpRequest request, MarketoActivityFeed feed)
    {
        MarketoRequestParameters parameters = await MarketoRequestParameters.ReadAsync(request);
        if (!MarketoActivityFeed.TryReadToken(parameters["nextPageToken"], out long afterTicks, out long afterId))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "Invalid or missing nextPageToken");
        }
        if (parameters.List("fields") is not { Count: > 0 } fieldNames)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "fields is required");
        }
        HashSet<string> fields = new(StringComparer.OrdinalIgnoreCase);
        foreach (string name in fieldNames)
        {
            if (MarketoLeadFields.Find(name) is null)
            {
                return MarketoResults.Error(MarketoErrorCodes.FieldNotFound, $"Field '{name}' not found");
            }
            fields.Add(name);
        }
        if (!TryParseIds(parameters.List("leadIds"), out HashSet<long> leadIds) || leadIds.Count > MaxLeadIds)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Invalid leadIds (max {MaxLeadIds})");
        }
        if (!TryReadBatchSize(parameters, out int batchSize, out IResult? invalid))
        {
            return invalid!;
        }
        FeedPage page = feed.Read(
            afterTicks,
            afterId,
            batchSize,
            synthetic: null,
            entry => (leadIds.Count == 0 || leadIds.Contains(entry.Item.LeadId))
                && (entry.Item.ActivityTypeId == MarketoActivityTypes.NewLead
                    || (entry.Item.ActivityTypeId == MarketoActivityTypes.ChangeDataValue && entry.Fields is { } changed && changed.Any(f => fields.Contains(f.Name)))),
            entry => new LeadChangeItem(
                entry.Item.Id,
                entry.Item.MarketoGUID,
                entry.Item.LeadId,
                entry.Item.ActivityDate,
                entry.Item.ActivityTypeId,
                [.. (entry.Fields ?? []).Where(f => fields.Contains(f.Name))],
                entry.Item.Attributes));
        return PageResult(page);
    }

    /// <summary>Delete Lead activities of the last DeletedLeadRetentionDays; older ones are pruned.</summary>
    private static async Task<IResult> DeletedLeadsAsync(HttpRequest request, MarketoActivityFeed feed, SimulatorOptions options, TimeProvider time)
    {
        MarketoRequestParameters parameters = await MarketoRequestParameters.ReadAsync(request);
        if (!MarketoActivityFeed.TryReadToken(parameters["nextPageToken"], out long afterTicks, out long afterId))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "Invalid or missing nextPageToken");
        }
        if (!TryReadBatchSize(parameters, out int batchSize, out IResult? invalid))
        {
            return invalid!;
        }
        long prunedBefore = (time.GetUtcNow() - TimeSpan.FromDays(options.Marketo.DeletedLeadRetentionDays)).UtcTicks;
        FeedPage page = feed.Read(
            afterTicks,
            afterId,
            batchSize,
            synthetic: null,
            entry => entry.Item.ActivityTypeId == MarketoActivityTypes.DeleteLead && entry.DateTicks >= prunedBefore,
            static entry => entry.Item);
        return PageResult(page);
    }

    private static bool TryReadBatchSize(MarketoRequestParameters parameters, out int batchSize, out IResult? invalid)
    {
        batchSize = MaxBatchSize;
        invalid = null;
        if (parameters["batchSize"] is { } rawBatch && (!int.TryParse(rawBatch, out batchSize) || batchSize < 1 || batchSize > MaxBatchSize))
        {
            invalid = MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Invalid batchSize '{rawBatch}', max {MaxBatchSize}");
            return false;
        }
        return true;
    }

    private static IResult PageResult(FeedPage page) =>
        MarketoResults.Success(page.Items, page.NextPageToken, page.MoreResult, page.Items.Count == 0 ? ["No data found"] : []);

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

/// <summary>An item of leadchanges.json: the changed fields instead of a primary attribute.</summary>
internal sealed record LeadChangeItem(
    long Id,
    string MarketoGUID,
    long LeadId,
    string ActivityDate,
    int ActivityTypeId,
    IReadOnlyList<LeadFieldChange> Fields,
    IReadOnlyList<ActivityAttribute> Attributes);
