using System.Text.Json.Serialization;

using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Simulators.Marketo;

internal sealed record ActivityAttribute(string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Value);

/// <summary>An item of activities.json (campaignId and primaryAttributeValue are absent when null).</summary>
internal sealed record ActivityItem(
    long Id,
    string MarketoGUID,
    long LeadId,
    string ActivityDate,
    int ActivityTypeId,
    int? CampaignId,
    long? PrimaryAttributeValueId,
    string? PrimaryAttributeValue,
    IReadOnlyList<ActivityAttribute> Attributes);

/// <summary>
/// A deterministic stream of behavioural activities: slot k sits at epoch + k·interval and holds at most
/// one activity. Some slots are empty, and whole 300-slot stretches are empty, so pages come back
/// short or empty while more data follows — exactly what real clients must survive.
/// </summary>
internal sealed class MarketoActivityTimeline(SimulatorOptions options, SeededDataSet dataSet, TimeProvider time)
{
    public const int QuietStretch = 300;
    public static readonly DateTimeOffset Epoch = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.Marketo.ActivityIntervalSeconds));

    /// <summary>First slot at or after <paramref name="since"/>.</summary>
    public long SlotAt(DateTimeOffset since)
    {
        return since <= Epoch ? 0 : (long)Math.Ceiling((since - Epoch) / Interval);
    }

    public DateTimeOffset SlotDate(long slot) => Epoch + (Interval * slot);

    /// <summary>Slots before this one are at or before now; the stream ends here for now.</summary>
    public long EndSlot => EndSlotAt(time.GetUtcNow());

    public long EndSlotAt(DateTimeOffset now) => now < Epoch ? 0 : (long)Math.Floor((now - Epoch) / Interval) + 1;

    /// <summary>Every eleventh 300-slot stretch is quiet: no activity at all.</summary>
    public static bool IsQuiet(long slot) => (slot / QuietStretch) % 11 == 5;

    public ActivityItem? At(long slot)
    {
        int seed = options.DataSet.Seed;
        if (IsQuiet(slot) || dataSet.PersonCount == 0 || DeterministicHash.Pick(seed, slot, 40, 4) == 0)
        {
            return null;
        }
        ActivityTypeDescription type = MarketoActivityTypes.Generated[DeterministicHash.Pick(seed, slot, 41, MarketoActivityTypes.Generated.Count)];
        long leadId = DeterministicHash.Pick(seed, slot, 42, dataSet.PersonCount) + 1L;
        int assetId = 1000 + DeterministicHash.Pick(seed, slot, 43, 50);
        long id = slot + 1;
        return new ActivityItem(
            id,
            id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            leadId,
            MarketoResults.FormatDateTime(SlotDate(slot)),
            type.Id,
            2000 + DeterministicHash.Pick(seed, slot, 44, 20),
            assetId,
            $"{type.Name} asset {assetId}",
            [.. type.Attributes.Select(a => new ActivityAttribute(a.Name, a.DataType == "integer" ? assetId : $"{a.Name} value {slot % 97}"))]);
    }
}
