using System.Globalization;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>
/// The eight sales activities as Marketo custom activity types: each is created, given its attributes and approved
/// when Marketo lacks it, and left alone when it is there (found by API name, or by name when someone made it by hand).
/// </summary>
public static class MarketoActivityTypes
{
    public const string Source = "Sales App";

    /// <summary>Our activity's id: what a read-back matches on, since Marketo takes no idempotency key.</summary>
    public static readonly CustomActivityTypeAttribute ActivityId = new("salesAppActivityId", "Sales App Activity ID", "string");
    public static readonly CustomActivityTypeAttribute SourceAttribute = new("source", "Source", "string");
    public static readonly CustomActivityTypeAttribute SentBy = new("sentBy", "Sent By", "string");
    public static readonly CustomActivityTypeAttribute SalesPersonId = new("salesPersonId", "Sales Person ID", "string");
    public static readonly CustomActivityTypeAttribute Template = new("templateName", "Template", "string");
    public static readonly CustomActivityTypeAttribute Campaign = new("campaignName", "Campaign", "string");
    public static readonly CustomActivityTypeAttribute CampaignStep = new("campaignStep", "Campaign Step", "string");
    public static readonly CustomActivityTypeAttribute CallDuration = new("callDuration", "Call Duration", "integer");
    public static readonly CustomActivityTypeAttribute CallStatus = new("callStatus", "Call Status", "string");
    public static readonly CustomActivityTypeAttribute CallReason = new("callReason", "Call Reason", "string");

    public static readonly IReadOnlyList<CustomActivityTypeAttribute> Attributes =
        [ActivityId, SourceAttribute, SentBy, SalesPersonId, Template, Campaign, CampaignStep, CallDuration, CallStatus, CallReason];

    public static string ApiName(SalesActivityKind kind) => "salesApp" + kind;

    /// <summary>What smart lists filter on first: the email's subject, the call's outcome, the campaign's name.</summary>
    public static CustomActivityTypeAttribute PrimaryAttribute(SalesActivityKind kind) => kind switch
    {
        SalesActivityKind.SalesCallReceived => new("callOutcome", "Call Outcome", "string"),
        SalesActivityKind.AddToSalesCampaign or SalesActivityKind.RemovedFromSalesCampaign => new("salesCampaign", "Sales Campaign", "string"),
        _ => new("emailSubject", "Email Subject", "string"),
    };

    public static string PrimaryValue(SalesActivityKind kind, SalesActivityPayload payload)
    {
        var value = kind switch
        {
            SalesActivityKind.SalesCallReceived => payload.CallOutcome,
            SalesActivityKind.AddToSalesCampaign or SalesActivityKind.RemovedFromSalesCampaign => payload.CampaignName,
            _ => payload.Subject,
        };
        return string.IsNullOrWhiteSpace(value) ? SalesActivityKinds.Label(kind) : value;
    }

    public static CustomActivity ToMarketo(SalesActivity activity, int activityTypeId)
    {
        var payload = activity.Read();
        var values = new (CustomActivityTypeAttribute Attribute, object? Value)[]
        {
            (ActivityId, activity.Id.ToString("N")),
            (SourceAttribute, Source),
            (SentBy, payload.SentBy),
            (SalesPersonId, activity.MemberId.ToString("N")),
            (Template, payload.TemplateName),
            (Campaign, payload.CampaignName),
            (CampaignStep, payload.CampaignStep),
            (CallDuration, payload.CallDurationSeconds),
            (CallStatus, payload.CallOutcome),
            (CallReason, payload.CallReason),
        };
        return new CustomActivity(
            activity.PersonMarketoId,
            new DateTimeOffset(DateTime.SpecifyKind(activity.OccurredAt, DateTimeKind.Utc)),
            activityTypeId,
            PrimaryValue(activity.Kind, payload),
            [.. values.Where(v => v.Value is not null).Select(v => new CustomActivityAttributeValue(v.Attribute.ApiName, v.Value))]);
    }

    /// <summary>Our activity id in an activity read back from Marketo (attributes come back by display name).</summary>
    public static string? ActivityIdOf(MarketoActivity activity) =>
        activity.Attributes?.FirstOrDefault(a => a.Name == ActivityId.Name || a.Name == ActivityId.ApiName) is { } attribute
            ? attribute.Value.ValueKind == System.Text.Json.JsonValueKind.String ? attribute.Value.GetString() : attribute.Value.ToString()
            : null;

    /// <summary>Makes sure every type exists with every attribute and is approved; returns each kind's activity type id.</summary>
    public static async Task<IReadOnlyDictionary<SalesActivityKind, int>> EnsureAsync(IMarketoClient client, CancellationToken ct)
    {
        var existing = await client.GetCustomActivityTypesAsync(ct);
        var ids = new Dictionary<SalesActivityKind, int>();
        foreach (var kind in Enum.GetValues<SalesActivityKind>())
        {
            var apiName = ApiName(kind);
            var name = SalesActivityKinds.Label(kind);
            var type = existing.FirstOrDefault(t => SameApiName(t.ApiName, apiName))
                ?? existing.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
            type ??= await client.CreateCustomActivityTypeAsync(
                new CreateCustomActivityTypeRequest(apiName, name, name, "Was " + name, PrimaryAttribute(kind), $"{name} in the Sales app"), ct);

            var have = (type.Attributes ?? []).Select(a => a.ApiName).Append(type.PrimaryAttribute?.ApiName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var missing = Attributes.Where(a => !have.Contains(a.ApiName)).ToList();
            if (missing.Count > 0)
            {
                type = await client.AddCustomActivityTypeAttributesAsync(type.ApiName, missing, ct);
            }

            // A draft, or an approved type someone is editing ("approved with draft"), takes our changes only once approved.
            if (!string.Equals(type.Status, "approved", StringComparison.OrdinalIgnoreCase))
            {
                type = await client.ApproveCustomActivityTypeAsync(type.ApiName, ct);
            }

            ids[kind] = type.Id;
        }

        return ids;
    }

    // Marketo may answer with its custom suffix ("_c") on API names it made.
    private static bool SameApiName(string actual, string ours) =>
        string.Equals(actual, ours, StringComparison.OrdinalIgnoreCase)
        || string.Equals(actual, ours + "_c", StringComparison.OrdinalIgnoreCase);

    internal static string Describe(MarketoError error) => string.Create(CultureInfo.InvariantCulture, $"{error.Code} {error.Message}");
}
