using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Marketo.Wire;
using SalesInsightActions.Web.Onboarding.ActionsConfig;

namespace SalesInsightActions.Web.Onboarding.FieldSync;

/// <summary>One of the 13 fixed synced fields: its label key and Marketo REST name.</summary>
public sealed record SyncedField(string LabelKey, string MarketoName);

/// <summary>A synced field as this subscription describes it, with up to three sample values.</summary>
public sealed record SyncedFieldPreview(SyncedField Field, string? DataType, IReadOnlyList<string> Samples);

/// <summary>A count seen in the sample and its extrapolation to the whole subscription, with example records.</summary>
public sealed record PeopleCount(int InSample, long Estimated, IReadOnlyList<string> Examples);

public sealed record FieldSyncPreview(
    string? ErrorKey,
    IReadOnlyList<SyncedFieldPreview> Fields,
    int SampleSize,
    long EstimatedPeople,
    PeopleCount WillSync,
    PeopleCount SharedEmail,
    PeopleCount NoOwner)
{
    public static FieldSyncPreview Failed(string errorKey) =>
        new(errorKey, [], 0, 0, new(0, 0, []), new(0, 0, []), new(0, 0, []));
}

/// <summary>
/// Previews step 4 from a bounded look at Marketo: describe2 for the field types, then a sample of at most
/// <see cref="SampleSize"/> leads spread evenly over the id range, never a full scan. Marketo ids are dense and
/// increasing, so the highest id found by probing bounds the subscription's size; counts are the sample's
/// proportions applied to that estimate.
/// </summary>
public sealed class FieldSyncPreviewService(
    MarketoConnectionStore connections,
    ActionsConfigCredentialStore credentials,
    IMarketoClientFactory clients,
    ILogger<FieldSyncPreviewService> logger)
{
    public const int SampleSize = 300;

    public static readonly IReadOnlyList<SyncedField> SyncedFields =
    [
        new("First name", "firstName"),
        new("Last name", "lastName"),
        new("Salesforce contact ID", "sfdcContactId"),
        new("Salesforce lead ID", "sfdcLeadId"),
        new("Salesforce account ID", "sfdcAccountId"),
        new("Salesforce opportunity ID", "sfdcOpptyId"),
        new("Marketo ID", "id"),
        new("Company", "company"),
        new("Title", "title"),
        new("Email", "email"),
        new("Phone", "phone"),
        new("LinkedIn URL", "linkedInProfileURL"),
        new("Source", "leadSource"),
    ];

    // sfdcLeadOwnerId is documented; a contact-owner field is not, so it is used only when describe2 lists it.
    private static readonly string[] OwnerFieldCandidates = ["sfdcLeadOwnerId", "sfdcContactOwnerId"];

    private const long MaxPeople = 1_500_000;

    public async Task<FieldSyncPreview> BuildAsync(CancellationToken ct = default)
    {
        var connection = await connections.GetAsync(ct) ?? await credentials.GetConnectionAsync(ct);
        if (connection is null)
        {
            return FieldSyncPreview.Failed("Connect Marketo first: the preview reads the fields and a sample of people from your Marketo subscription.");
        }

        try
        {
            var client = clients.Create(connection);
            var description = await client.DescribeLeadsAsync(ct);
            var types = description.Fields.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().DataType, StringComparer.OrdinalIgnoreCase);
            var ownerFields = OwnerFieldCandidates.Where(types.ContainsKey).ToList();
            var requested = SyncedFields.Select(f => f.MarketoName).Where(types.ContainsKey)
                .Concat(ownerFields).Append("sfdcType").Where(types.ContainsKey)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

            var highestId = await FindHighestIdAsync(client, ct);
            var sample = highestId == 0 ? [] : await SampleAsync(client, highestId, requested, ct);
            var requestedIds = highestId == 0 ? 0 : Math.Min(SampleSize, highestId);
            var estimatedPeople = requestedIds == 0 ? 0 : (long)Math.Round((double)highestId * sample.Count / requestedIds);

            bool HasOwner(MarketoLead lead) =>
                !string.IsNullOrWhiteSpace(lead.GetString("sfdcType"))
                && ownerFields.Any(f => !string.IsNullOrWhiteSpace(lead.GetString(f)));

            var owned = sample.Where(HasOwner).ToList();
            var unowned = sample.Where(l => !HasOwner(l)).ToList();
            var shared = owned.Where(l => !string.IsNullOrWhiteSpace(l.GetString("email")))
                .GroupBy(l => l.GetString("email")!.Trim(), StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1).SelectMany(g => g).ToList();

            PeopleCount Count(IReadOnlyList<MarketoLead> leads) => new(
                leads.Count,
                sample.Count == 0 ? 0 : (long)Math.Round((double)estimatedPeople * leads.Count / sample.Count),
                leads.Take(3).Select(Describe).ToList());

            var fields = SyncedFields.Select(f => new SyncedFieldPreview(
                f,
                types.GetValueOrDefault(f.MarketoName),
                owned.Concat(unowned).Select(l => SampleValue(l, f.MarketoName)).OfType<string>().Where(v => v.Trim().Length > 0).Take(3).ToList()))
                .ToList();

            logger.LogInformation("Field sync preview: {SampleSize} sampled leads, highest id {HighestId}, about {EstimatedPeople} people", sample.Count, highestId, estimatedPeople);
            return new FieldSyncPreview(null, fields, sample.Count, estimatedPeople, Count(owned), Count(shared), Count(unowned));
        }
        catch (MarketoAuthenticationException ex)
        {
            logger.LogWarning(ex, "Field sync preview: Marketo refused the credentials");
            return FieldSyncPreview.Failed("Marketo refused the stored API credentials. Reconnect Marketo with a valid client ID and secret.");
        }
        catch (Exception ex) when (ex is MarketoApiException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(ex, "Field sync preview: Marketo call failed");
            return FieldSyncPreview.Failed("Marketo could not be reached or refused the request. Try again in a few minutes.");
        }
    }

    // The lead id is a number on the wire (and a typed property here), not one of the string fields.
    private static string? SampleValue(MarketoLead lead, string field) =>
        field == "id" ? lead.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : lead.GetString(field);

    private static string Describe(MarketoLead lead) =>
        lead.GetString("email") is { Length: > 0 } email ? $"{email} (#{lead.Id})" : $"#{lead.Id}";

    /// <summary>Probes ids on a geometric ladder (one call), then evenly up to the next rung (one call).</summary>
    private static async Task<long> FindHighestIdAsync(IMarketoClient client, CancellationToken ct)
    {
        var ladder = new SortedSet<long>();
        for (long rung = 1; rung <= MaxPeople * 2; rung *= 2)
        {
            ladder.Add(rung);
            ladder.Add(rung + rung / 2);
        }

        var found = await IdsAsync(client, ladder, ct);
        if (found.Count == 0)
        {
            return 0;
        }

        var highest = found.Max();
        var next = ladder.FirstOrDefault(r => r > highest, highest * 2);
        var step = Math.Max(1, (next - highest) / 250);
        var fine = new SortedSet<long>();
        for (var id = highest + step; id < next; id += step)
        {
            fine.Add(id);
        }

        var refined = fine.Count == 0 ? [] : await IdsAsync(client, fine, ct);
        return refined.Count == 0 ? highest : Math.Max(highest, refined.Max());
    }

    private static async Task<List<long>> IdsAsync(IMarketoClient client, IEnumerable<long> ids, CancellationToken ct)
    {
        var found = new List<long>();
        await foreach (var lead in client.GetLeadsByFilterAsync("id", ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ["id"], cancellationToken: ct))
        {
            found.Add(lead.Id);
        }

        return found;
    }

    private static async Task<List<MarketoLead>> SampleAsync(IMarketoClient client, long highestId, IReadOnlyList<string> fields, CancellationToken ct)
    {
        var count = (int)Math.Min(SampleSize, highestId);
        // Random ids, not a fixed stride: a stride can alias with any periodic pattern in how records were created
        // (imports in batches, a CRM sync every Nth record) and then sample only one kind of person. Seeded, so the
        // preview does not change on every reload.
        var random = new Random(unchecked((int)highestId));
        var picked = new HashSet<long>();
        while (picked.Count < count)
        {
            picked.Add(random.NextInt64(1, highestId + 1));
        }

        var ids = picked.Order().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var leads = new List<MarketoLead>();
        await foreach (var lead in client.GetLeadsByFilterAsync("id", ids, fields, cancellationToken: ct))
        {
            leads.Add(lead);
        }

        return leads.OrderBy(l => l.Id).ToList();
    }
}
