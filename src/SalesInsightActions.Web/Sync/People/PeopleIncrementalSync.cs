using System.Globalization;
using System.Text.Json;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>
/// Follows the activity feed from the stored paging token: New Lead, Change Data Value, Merge Leads and Delete Lead.
/// Each page's changed leads are fetched by id (300 a call) and written with the page's token in one transaction.
/// </summary>
public sealed class PeopleIncrementalSync
{
    public const int NewLead = 12;
    public const int ChangeDataValue = 13;
    public const int MergeLeads = 32;
    public const int DeleteLead = 37;

    private static readonly int[] ActivityTypes = [NewLead, ChangeDataValue, MergeLeads, DeleteLead];

    public async Task RunAsync(PeopleSyncRun run, CancellationToken ct)
    {
        var checkpoint = run.Checkpoint;
        var token = checkpoint.PagingToken ?? throw new InvalidOperationException("The incremental sync has no paging token.");
        await run.EnsureQuotaLeftAsync();
        await foreach (var page in run.Client.GetActivitiesAsync(token, ActivityTypes, batchSize: 300, cancellationToken: ct))
        {
            var (changed, deleted) = Classify(page.Activities);
            var upserts = new List<PersonRecord>();
            var deletes = new List<long>(deleted);
            if (changed.Count > 0)
            {
                await run.EnsureQuotaLeftAsync();
                var found = new HashSet<long>();
                await foreach (var lead in run.Client.GetLeadsByFilterAsync("id", changed.Select(id => id.ToString(CultureInfo.InvariantCulture)), run.Fields, 300, ct))
                {
                    found.Add(lead.Id);
                    if (MarketoPersonFields.ToPerson(lead.Id, lead.GetString) is { } person)
                    {
                        upserts.Add(person);
                    }
                    else
                    {
                        deletes.Add(lead.Id);
                    }
                }

                // Changed, then gone before we asked: deleted in Marketo.
                deletes.AddRange(changed.Where(id => !found.Contains(id)));
            }

            var nextToken = string.IsNullOrEmpty(page.NextPageToken) ? checkpoint.PagingToken : page.NextPageToken;
            if (upserts.Count > 0 || deletes.Count > 0 || nextToken != checkpoint.PagingToken)
            {
                checkpoint.PagingToken = nextToken;
                await run.WriteAsync(upserts, deletes, ct);
            }

            if (page.MoreResult)
            {
                await run.EnsureQuotaLeftAsync();
            }
        }
    }

    /// <summary>Leads to re-read and leads gone (deleted, or merged into a survivor), in feed order.</summary>
    internal static (HashSet<long> Changed, HashSet<long> Deleted) Classify(IEnumerable<MarketoActivity> activities)
    {
        var changed = new HashSet<long>();
        var deleted = new HashSet<long>();
        foreach (var activity in activities)
        {
            switch (activity.ActivityTypeId)
            {
                case NewLead or ChangeDataValue:
                    changed.Add(activity.LeadId);
                    break;
                case MergeLeads:
                    changed.Add(activity.LeadId);
                    foreach (var loser in MergedIds(activity))
                    {
                        changed.Remove(loser);
                        deleted.Add(loser);
                    }

                    break;
                case DeleteLead:
                    changed.Remove(activity.LeadId);
                    deleted.Add(activity.LeadId);
                    break;
            }
        }

        return (changed, deleted);
    }

    /// <summary>The losers named by a Merge Leads activity's "Merge IDs" (a JSON array, or text such as "[12,13]").</summary>
    private static IEnumerable<long> MergedIds(MarketoActivity activity)
    {
        var attribute = activity.Attributes?.FirstOrDefault(a => a.Name.Equals("Merge IDs", StringComparison.OrdinalIgnoreCase));
        if (attribute is null)
        {
            return [];
        }

        var value = attribute.Value;
        if (value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetInt64() : long.Parse(v.GetString()!, CultureInfo.InvariantCulture)).ToList();
        }

        var text = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString() ?? "";
        return text.Split([',', '[', ']', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0)
            .ToList();
    }
}
